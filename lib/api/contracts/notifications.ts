import 'server-only';
import { z } from 'zod';
import { SEVERITIES } from '../../db/schema/enums';
import { NOTIFICATION_REASONS } from '../../db/schema/notifications';
import { EVENT_TYPES, PERSONAL_CHANNELS, SYSTEM_CHANNELS } from '../../core/event-catalog';
import { settingsInputSchemas, type SettingsScope } from '../../notifications/settings-schema';
import { defineEndpoint } from '../endpoint';
import { idParams } from '../query';
import { named } from '../registry';
import { eventPost } from './events';

/** A settings row in DefectDojo's flat shape: the owner, then each event's channels. */
function settingsView(channels: readonly [string, ...string[]], system: boolean) {
  const events = Object.fromEntries(EVENT_TYPES.map((type) => [type, z.array(z.enum(channels))]));
  const floors = z
    .object(Object.fromEntries(channels.map((c) => [c, z.enum(SEVERITIES).optional()])))
    .meta({ description: 'Per channel, the least severity it is used for; a channel left out has no floor.' });
  const required = z
    .array(z.enum(EVENT_TYPES))
    .meta({ description: "Events whose system-wide channels reach every user who can see the subject, whatever users' settings." });
  return z.object({
    user: z.number().int().nullable(),
    product: z.number().int().nullable(),
    template: z.boolean(),
    ...events,
    minimum_severity: floors,
    ...(system ? { required } : {}),
  });
}

const SCOPES: Record<SettingsScope, { name: string; path: string; who: string }> = {
  personal: { name: 'PersonalNotificationSettings', path: '/api/v2/notifications/personal', who: 'your own' },
  product: { name: 'ProductNotificationSettings', path: '/api/v2/notifications/products/{id}', who: 'your own, for a product you can see' },
  system: { name: 'SystemNotificationSettings', path: '/api/v2/notifications/system', who: 'system-wide; superusers only' },
  template: { name: 'TemplateNotificationSettings', path: '/api/v2/notifications/template', who: 'copied to new users; superusers only' },
};

function settingsEndpoints<P extends z.ZodObject | undefined>(scope: SettingsScope, params: P) {
  const { name, path, who } = SCOPES[scope];
  const view = named(name, settingsView(scope === 'system' ? SYSTEM_CHANNELS : PERSONAL_CHANNELS, scope === 'system'));
  const base = { path, tag: 'notifications', params, response: view } as const;
  return {
    read: defineEndpoint({ ...base, method: 'get', summary: `Read notification settings (${who})` }),
    replace: defineEndpoint({
      ...base,
      method: 'put',
      summary: `Replace notification settings: every event (${who})`,
      body: named(`${name}Replace`, settingsInputSchemas[scope].replace),
    }),
    patch: defineEndpoint({
      ...base,
      method: 'patch',
      summary: `Change the notification settings of the events given (${who})`,
      body: named(`${name}Patch`, settingsInputSchemas[scope].patch),
    }),
  };
}

const why = z.enum(['system', 'personal', 'product', 'mention', 'required']);
const integration = z.object({ available: z.boolean(), reason: z.string().nullable() });
const severity = z.enum(SEVERITIES);

export const previewSchema = z.object({
  severity: severity.nullable(),
  required: z.boolean().meta({ description: 'Required by the system-wide row: reaches every recipient whatever else says.' }),
  recipients: z.array(
    z.object({
      userId: z.number().int(),
      username: z.string(),
      channels: z.array(
        z.object({
          channel: z.enum(PERSONAL_CHANNELS),
          why: z.array(why),
          reason: z.enum(NOTIFICATION_REASONS),
          heldUntil: z.iso.datetime().nullable().meta({ description: 'Quiet hours: released then, as one grouped message.' }),
          note: z.string().nullable().meta({ description: 'E.g. "held until 08:00 (quiet hours)".' }),
        }),
      ),
      groupsInto: z
        .object({ alertId: z.number().int(), count: z.number().int() })
        .nullable()
        .meta({ description: 'The unread alert this event would update (grouping), and its count then.' }),
    }),
  ),
  filtered: z
    .array(
      z.object({
        userId: z.number().int(),
        username: z.string(),
        channel: z.enum(PERSONAL_CHANNELS),
        source: why,
        filter: z.enum(['severity_floor', 'muted']),
        floor: severity.nullable(),
        until: z.iso.datetime().nullable(),
        note: z.string(),
      }),
    )
    .meta({ description: 'Routes removed by a severity floor or a mute (another route may still deliver the channel).' }),
  systemFloored: z
    .array(z.object({ channel: z.enum(SYSTEM_CHANNELS), floor: severity }))
    .meta({ description: "System-wide channels removed by the system-wide row's floors." }),
  shared: z.array(
    z.object({
      channel: z.enum(['mail', 'slack', 'msteams', 'webhooks']),
      destinationProductId: z
        .number()
        .int()
        .nullable()
        .meta({ description: 'The product whose own destination is used; null for the system-wide one.' }),
      webhookEndpointId: z.number().int().nullable(),
      addresses: z.array(z.string()).nullable(),
    }),
  ),
  excluded: z.array(z.object({ userId: z.number().int(), username: z.string(), reason: z.enum(['inactive', 'no_access', 'excluded']) })),
  integrations: z.object({ mail: integration, slack: integration, msteams: integration, webhooks: integration }),
});

export const notificationEndpoints = {
  personal: settingsEndpoints('personal', undefined),
  product: settingsEndpoints('product', idParams),
  system: settingsEndpoints('system', undefined),
  template: settingsEndpoints('template', undefined),
  preview: defineEndpoint({
    method: 'post',
    path: '/api/v2/notifications/preview',
    tag: 'notifications',
    summary: 'Who would hear this event, on which channels and why, without recording it (superusers only)',
    body: eventPost,
    response: named('NotificationPreview', previewSchema),
  }),
};
