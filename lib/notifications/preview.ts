// "Who will hear this": the fan-out of an event explained, without recording anything.
import { sql } from 'drizzle-orm';
import { db as pool, type Executor } from '../db/client';
import type { Severity } from '../db/schema/enums';
import type { NotificationReason } from '../db/schema/notifications';
import { PERSONAL_CHANNELS, type PersonalChannel, type SystemChannel } from '../core/event-catalog';
import { resolutionOf, type NotifyEvent } from './notify-event';
import { integrationStatus, type IntegrationStatus } from './channel-integrations';
import { alertGroupKey } from './notify';
import { intArray, resolutionSql, type RouteSource } from './resolve';

export interface PreviewChannel {
  channel: PersonalChannel;
  why: RouteSource[];
  /** The reason the alert or message will carry. */
  reason: NotificationReason;
  /** Quiet hours: when the message will be released (ISO 8601); null when sent at once. */
  heldUntil: string | null;
  /** In words: "held until 08:00 (quiet hours)"; null when nothing to say. */
  note: string | null;
}

export interface PreviewRecipient {
  userId: number;
  username: string;
  channels: PreviewChannel[];
  /** Grouping: the unread alert this event would update instead of adding one, and its count then. */
  groupsInto: { alertId: number; count: number } | null;
}

/** A route that a severity floor or a mute removed (another route may still deliver the channel). */
export interface PreviewFiltered {
  userId: number;
  username: string;
  channel: PersonalChannel;
  source: RouteSource;
  filter: 'severity_floor' | 'muted';
  /** The floor the event's severity is below. */
  floor: Severity | null;
  /** The mute's end (ISO 8601); null for a mute until undone. */
  until: string | null;
  note: string;
}

export interface PreviewSharedDestination {
  channel: Exclude<SystemChannel, 'alert'>;
  /** The product whose own destination is used; null for the system-wide one. */
  destinationProductId: number | null;
  webhookEndpointId: number | null;
  addresses: string[] | null;
}

export interface PreviewExcluded {
  userId: number;
  username: string;
  /** inactive; no_access (cannot view the subject); excluded (e.g. the author of a mention). */
  reason: 'inactive' | 'no_access' | 'excluded';
}

export interface Preview {
  severity: Severity | null;
  /** Required by the system-wide row: its channels reach every recipient whatever else says. */
  required: boolean;
  recipients: PreviewRecipient[];
  filtered: PreviewFiltered[];
  /** System-wide channels its floors removed for this event (the system-wide alert, shared destinations). */
  systemFloored: { channel: SystemChannel; floor: Severity }[];
  shared: PreviewSharedDestination[];
  excluded: PreviewExcluded[];
  integrations: IntegrationStatus;
}

interface RouteRow {
  userId: number;
  username: string;
  channel: PersonalChannel;
  source: RouteSource;
  reason: NotificationReason;
  heldUntil: string | null;
  heldLocal: string | null;
}

interface Rows {
  routes: RouteRow[];
  shared: PreviewSharedDestination[];
  excluded: PreviewExcluded[];
  filtered: Omit<PreviewFiltered, 'note'>[];
  systemFloored: Preview['systemFloored'];
  required: boolean;
  groups: { userId: number; alertId: number; count: number }[];
}

const SOURCE_ORDER: RouteSource[] = ['required', 'system', 'mention', 'personal', 'product'];
const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** Reads the same CTEs notify() inserts from (resolutionSql), so the preview is what notify would do. */
export async function previewRecipients(event: NotifyEvent, executor: Executor = pool()): Promise<Preview> {
  const resolution = await resolutionOf(executor, event);
  const groupKey = alertGroupKey(event.type, resolution.subject, event.groupBy);
  const [rows] = await executor.execute<Rows & Record<string, unknown>>(sql`${resolutionSql(resolution)}
    select
      (select coalesce(json_agg(json_build_object('userId', u.id, 'username', u.username, 'channel', r.channel,
          'source', r.source, 'reason', d.reason, 'heldUntil', ${iso('d.held_until')},
          'heldLocal', to_char(d.held_until at time zone u.time_zone,
            case when (d.held_until at time zone u.time_zone)::date = (now() at time zone u.time_zone)::date
              then 'HH24:MI' else 'Dy HH24:MI' end)) order by u.id), '[]')
        from (select distinct user_id, channel, source, address from personal_routes) r join users u on u.id = r.user_id
        join personal_deliveries d on d.user_id = r.user_id and d.channel = r.channel) as routes,
      (select coalesce(json_agg(json_build_object('channel', s.channel, 'destinationProductId', s.destination_product_id,
          'webhookEndpointId', s.webhook_endpoint_id, 'addresses', s.addresses) order by s.channel, s.webhook_endpoint_id), '[]')
        from shared_routes s) as shared,
      (select coalesce(json_agg(json_build_object('userId', u.id, 'username', u.username, 'reason',
          case when not u.is_active then 'inactive'
               when u.id = any(${intArray(resolution.excludedUserIds)}) then 'excluded'
               else 'no_access' end) order by u.id), '[]')
        from candidates c join users u on u.id = c.user_id
        where c.user_id not in (select user_id from audience)) as excluded,
      (select coalesce(json_agg(json_build_object('userId', u.id, 'username', u.username, 'channel', f.channel,
          'source', f.source, 'filter', f.filter, 'floor', case when f.filter = 'severity_floor' then f.floor end,
          'until', ${iso('f.until')}) order by u.id, f.channel, f.source), '[]')
        from filtered_out f join users u on u.id = f.user_id) as filtered,
      (select coalesce(json_agg(json_build_object('channel', c, 'floor', sr.floors ->> c)), '[]')
        from system_row sr cross join system_channels sc cross join unnest(sr.channels) as c
        where c <> all(sc.channels)) as "systemFloored",
      (select required from system_channels) as required,
      (select coalesce(json_agg(json_build_object('userId', g.user_id, 'alertId', g.id, 'count', g.count + 1)), '[]')
        from (select distinct user_id from personal_routes where channel = 'alert') r
        cross join lateral (select r.user_id, a.id, cardinality(a.event_ids) as count from alerts a
              where a.group_key = ${groupKey}::text and a.user_id = r.user_id
                and a.read_at is null and a.archived_at is null and a.snoozed_until is null
              order by a.id desc limit 1) g) as groups`);
  const result = rows!;
  const groups = new Map(result.groups.map((g) => [g.userId, { alertId: g.alertId, count: g.count }]));
  return {
    severity: resolution.severity,
    required: result.required,
    recipients: groupByUser(result.routes, groups),
    filtered: result.filtered.map((f) => ({ ...f, note: filteredNote(f) })),
    systemFloored: result.systemFloored,
    shared: result.shared,
    excluded: result.excluded,
    integrations: await integrationStatus(executor),
  };
}

function filteredNote(f: Omit<PreviewFiltered, 'note'>): string {
  if (f.filter === 'muted') return f.until ? `muted until ${f.until}` : 'muted';
  return `below the floor (${f.floor} and above)`;
}

function groupByUser(routes: RouteRow[], groups: Map<number, { alertId: number; count: number }>): PreviewRecipient[] {
  const byUser = new Map<number, PreviewRecipient>();
  for (const route of routes) {
    const recipient = byUser.get(route.userId) ?? {
      userId: route.userId,
      username: route.username,
      channels: [],
      groupsInto: groups.get(route.userId) ?? null,
    };
    byUser.set(route.userId, recipient);
    let entry = recipient.channels.find((c) => c.channel === route.channel);
    if (!entry) {
      const note = route.heldLocal ? `held until ${route.heldLocal} (quiet hours)` : null;
      recipient.channels.push((entry = { channel: route.channel, why: [], reason: route.reason, heldUntil: route.heldUntil, note }));
    }
    entry.why.push(route.source);
  }
  for (const recipient of byUser.values()) {
    recipient.channels.sort((a, b) => PERSONAL_CHANNELS.indexOf(a.channel) - PERSONAL_CHANNELS.indexOf(b.channel));
    for (const c of recipient.channels) c.why.sort((a, b) => SOURCE_ORDER.indexOf(a) - SOURCE_ORDER.indexOf(b));
  }
  return [...byUser.values()];
}
