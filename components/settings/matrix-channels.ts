// The columns of each matrix, in words, greyed out with the reason when the system cannot deliver.
import { EVENT_TYPES, type EventType } from '@/lib/core/event-catalog';
import type { IntegrationStatus } from '@/lib/notifications/channel-integrations';
import type { ChannelMatrix, FlatSettings } from '@/lib/notifications/settings-schema';
import type { InheritedChannels, LockedChannels, MatrixChannel } from './notification-matrix';

/** Why a system-wide alert cell is ticked and locked on a user's own matrix. */
export const SYSTEM_WIDE_REASON = 'Sent to all users by the system-wide settings';

const SETUP = { mail: '/admin/integrations#email', slack: '/admin/integrations#slack' } as const;

/**
 * Alert, Email, Slack DM: what a user receives personally (personal, per-product, template). An
 * admin is told what is missing and where to set it up; anyone else to ask an admin. With `viewer`,
 * a user without a Slack ID is sent to their profile (a DM needs one).
 */
export function personalChannels(
  status: IntegrationStatus,
  audience: 'user' | 'admin',
  viewer?: { slackTarget: boolean },
): MatrixChannel[] {
  const unavailable = (name: string, channel: 'mail' | 'slack') =>
    status[channel].available ? null : audience === 'admin' ? status[channel].reason : `${name} is not set up — ask an admin.`;
  const setup = (channel: 'mail' | 'slack') =>
    !status[channel].available && audience === 'admin' ? { href: SETUP[channel], label: 'Set it up in Integrations' } : null;
  const noSlackId = status.slack.available && viewer && !viewer.slackTarget;
  return [
    { id: 'alert', label: 'Alert', description: 'In the bell.' },
    { id: 'mail', label: 'Email', description: 'To your address.', unavailable: unavailable('Email', 'mail'), fix: setup('mail') },
    {
      id: 'slack',
      label: 'Slack DM',
      description: 'A direct message.',
      unavailable: noSlackId ? 'Slack needs your Slack ID to message you.' : unavailable('Slack', 'slack'),
      fix: noSlackId ? { href: '/profile', label: 'Add your Slack ID in your profile' } : setup('slack'),
    },
  ];
}

/** The system-wide row's alert cells, locked on a user's own matrix with the reason. */
export function systemWideLocks(system: ChannelMatrix): InheritedChannels {
  return inheritedFrom([{ matrix: system, label: SYSTEM_WIDE_REASON, channels: ['alert'] }]);
}

/** The system-wide row: alerts for everyone who can see the subject, plus the shared destinations. */
export function systemChannels(status: IntegrationStatus): MatrixChannel[] {
  const reason = (channel: keyof IntegrationStatus) => status[channel].reason;
  return [
    { id: 'alert', label: 'Alert', description: 'An alert to everyone who can see the subject.' },
    { id: 'mail', label: 'Email list', description: "One email to the system's (or product's) mail list.", unavailable: reason('mail') },
    {
      id: 'slack',
      label: 'Slack channel',
      description: "One message in the system's (or product's) Slack channel.",
      unavailable: reason('slack'),
    },
    { id: 'msteams', label: 'Teams', description: 'One message to the Microsoft Teams workflow.', unavailable: reason('msteams') },
    {
      id: 'webhooks',
      label: 'Webhooks',
      description: 'A POST to every enabled webhook subscribed to the event.',
      unavailable: reason('webhooks'),
    },
  ];
}

/** Marks, per event, the personal channels another row already sends the user. */
export function inheritedFrom(sources: { matrix: ChannelMatrix; label: string; channels: readonly string[] }[]): InheritedChannels {
  const inherited: InheritedChannels = {};
  for (const type of EVENT_TYPES) {
    for (const { matrix, label, channels } of sources) {
      for (const channel of matrix[type]) {
        if (!channels.includes(channel)) continue;
        inherited[type] ??= {};
        inherited[type][channel] ??= label;
      }
    }
  }
  return inherited;
}

/** The matrix part of a settings row as the API shapes it (without user, product, template). */
export function matrixOf(settings: ChannelMatrix): ChannelMatrix {
  return Object.fromEntries(EVENT_TYPES.map((type) => [type, settings[type]])) as ChannelMatrix;
}

/** The cells a user cannot turn off: the system-wide channels of required events, with why. */
/** Locks from several sources, the first one's reason winning where two lock the same cell. */
export function mergeLocks(...sources: LockedChannels[]): LockedChannels {
  const merged: LockedChannels = {};
  for (const source of sources) {
    for (const [type, channels] of Object.entries(source) as [EventType, Partial<Record<string, string>>][]) {
      merged[type] = { ...channels, ...merged[type] };
    }
  }
  return merged;
}

export function lockedByRequired(system: FlatSettings): LockedChannels {
  const locked: LockedChannels = {};
  for (const type of system.required ?? []) {
    const channels = system[type].filter((c) => c === 'alert' || c === 'mail' || c === 'slack');
    if (channels.length) locked[type] = Object.fromEntries(channels.map((c) => [c, 'required by admins']));
  }
  return locked;
}
