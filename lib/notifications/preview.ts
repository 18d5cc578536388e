// "Who will hear this": the fan-out of an event explained, without recording anything.
import { sql } from 'drizzle-orm';
import { db as pool, type Executor } from '../db/client';
import { PERSONAL_CHANNELS, type PersonalChannel, type SystemChannel } from './catalog';
import { resolutionOf, type NotifyEvent } from './event';
import { integrationStatus, type IntegrationStatus } from './integrations';
import { intArray, resolutionSql, type RouteSource } from './resolve';

export interface PreviewRecipient {
  userId: number;
  username: string;
  channels: { channel: PersonalChannel; why: RouteSource[] }[];
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
  recipients: PreviewRecipient[];
  shared: PreviewSharedDestination[];
  excluded: PreviewExcluded[];
  integrations: IntegrationStatus;
}

interface Rows {
  routes: { userId: number; username: string; channel: PersonalChannel; source: RouteSource }[];
  shared: PreviewSharedDestination[];
  excluded: PreviewExcluded[];
}

const SOURCE_ORDER: RouteSource[] = ['system', 'mention', 'personal', 'product'];

/** Reads the same CTEs notify() inserts from (resolutionSql), so the preview is what notify would do. */
export async function previewRecipients(event: NotifyEvent, executor: Executor = pool()): Promise<Preview> {
  const resolution = await resolutionOf(executor, event);
  const [rows] = await executor.execute<Rows & Record<string, unknown>>(sql`${resolutionSql(resolution)}
    select
      (select coalesce(json_agg(json_build_object('userId', u.id, 'username', u.username, 'channel', r.channel,
          'source', r.source) order by u.id), '[]')
        from (select distinct user_id, channel, source from personal_routes) r join users u on u.id = r.user_id) as routes,
      (select coalesce(json_agg(json_build_object('channel', s.channel, 'destinationProductId', s.destination_product_id,
          'webhookEndpointId', s.webhook_endpoint_id, 'addresses', s.addresses) order by s.channel, s.webhook_endpoint_id), '[]')
        from shared_routes s) as shared,
      (select coalesce(json_agg(json_build_object('userId', u.id, 'username', u.username, 'reason',
          case when not u.is_active then 'inactive'
               when u.id = any(${intArray(resolution.excludedUserIds)}) then 'excluded'
               else 'no_access' end) order by u.id), '[]')
        from candidates c join users u on u.id = c.user_id
        where c.user_id not in (select user_id from audience)) as excluded`);
  return {
    recipients: groupByUser(rows!.routes),
    shared: rows!.shared,
    excluded: rows!.excluded,
    integrations: await integrationStatus(executor),
  };
}

function groupByUser(routes: Rows['routes']): PreviewRecipient[] {
  const byUser = new Map<number, PreviewRecipient>();
  for (const route of routes) {
    const recipient = byUser.get(route.userId) ?? { userId: route.userId, username: route.username, channels: [] };
    byUser.set(route.userId, recipient);
    let entry = recipient.channels.find((c) => c.channel === route.channel);
    if (!entry) recipient.channels.push((entry = { channel: route.channel, why: [] }));
    entry.why.push(route.source);
  }
  for (const recipient of byUser.values()) {
    recipient.channels.sort((a, b) => PERSONAL_CHANNELS.indexOf(a.channel) - PERSONAL_CHANNELS.indexOf(b.channel));
    for (const c of recipient.channels) c.why.sort((a, b) => SOURCE_ORDER.indexOf(a) - SOURCE_ORDER.indexOf(b));
  }
  return [...byUser.values()];
}
