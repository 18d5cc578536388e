// notify(): record an event with its alerts and delivery jobs in one transaction, then signal.
import { sql } from 'drizzle-orm';
import { EVENTS_CHANNEL, eventsPayload } from '../core/pg-channels';
import { db as pool, type Executor } from '../db/client';
import { notificationEvents } from '../db/schema';
import { resolutionOf, type NotifyEvent } from './notify-event';
import { rankSql } from './filters-sql';
import { resolutionSql } from './resolve';
import type { LocatedSubject } from './subject';

export const ALERT_TITLE_MAX = 250;
export const ALERT_DESCRIPTION_MAX = 2000;

export interface NotifyResult {
  eventId: number;
  /** How many users it reaches on at least one channel. */
  recipients: number;
}

/**
 * Records the event, its alerts and its delivery jobs atomically, in four statements however many
 * users it reaches. Give a transaction to emit inside a domain mutation: all of it then commits or
 * rolls back with the mutation, and listeners hear of it only at commit (PostgreSQL delivers a
 * NOTIFY when its transaction commits, and never if it rolls back).
 * Throws SubjectNotFoundError when the subject does not exist.
 */
export async function notify(event: NotifyEvent, executor: Executor = pool()): Promise<NotifyResult> {
  return executor.transaction(async (tx) => {
    const resolution = await resolutionOf(tx, event);
    const { subject } = resolution;
    const [recorded] = await tx
      .insert(notificationEvents)
      .values({
        type: event.type,
        title: event.title,
        description: event.description ?? '',
        url: event.url ?? null,
        productTypeId: subject.productTypeId,
        productId: subject.productId,
        engagementId: subject.engagementId,
        testId: subject.testId,
        findingId: subject.findingId,
        actorId: event.actorId ?? null,
        recipientIds: resolution.recipientIds,
        severity: resolution.severity,
      })
      .returning({ id: notificationEvents.id });
    const eventId = recorded!.id;

    const severity = resolution.severity;
    const groupKey = alertGroupKey(event.type, subject, event.groupBy);
    const title = sql`left(${event.title}, ${ALERT_TITLE_MAX})`;
    const description = sql`left(${event.description ?? ''}, ${ALERT_DESCRIPTION_MAX})`;
    const [fanout] = await tx.execute<{ recipients: number; alerts: number }>(sql`${resolutionSql(resolution)},
      alert_routes as (select user_id, reason from personal_deliveries where channel = 'alert'),
      -- §4b.5: a recipient's unread alert of the same group stands for this event too: it takes the
      -- new text and time (and the highest severity), and the unread count does not grow.
      grouped as (${
        groupKey === null
          ? sql`select null::int as user_id where false`
          : sql`
        update alerts a set event_id = ${eventId}::bigint, event_ids = a.event_ids || ${eventId}::bigint,
          title = ${title}, description = ${description}, url = ${event.url ?? null}::text, created_at = now(),
          reason = r.reason, severity = ${
            severity === null
              ? sql`a.severity`
              : sql`case when a.severity is null
            or ${rankSql(sql`${severity}::text`)} >= ${rankSql(sql`a.severity::text`)} then ${severity}::severity else a.severity end`
          }
        -- One lookup per recipient (a join of the two estimated at one row each was a nested loop
        -- comparing every recipient with every grouped alert: n² for an event reaching n users).
        from alert_routes r
        cross join lateral (select al.id from alerts al
              where al.group_key = ${groupKey} and al.user_id = r.user_id
                and al.read_at is null and al.archived_at is null and al.snoozed_until is null
              order by al.id desc limit 1) g
        where a.id = g.id
        returning a.user_id`
      }
      ),
      alert_rows as (
        insert into alerts (user_id, event_id, event_type, title, description, url, reason, severity, event_ids, group_key)
        select r.user_id, ${eventId}::bigint, ${event.type}, ${title}, ${description}, ${event.url ?? null}::text, r.reason,
          ${severity}::severity, array[${eventId}::bigint], ${groupKey}::text
        from alert_routes r where r.user_id not in (select user_id from grouped)
      ),
      personal_jobs as (
        -- Quiet hours hold a job until held_until; a digest user's jobs wait, held, for their window's
        -- digest (lib/schedules/digests.ts gathers both).
        insert into deliveries (event_id, channel, kind, user_id, addresses, status, reason, held_until)
        select ${eventId}::bigint, r.channel::delivery_channel, 'personal'::delivery_kind, r.user_id, array[r.address],
          (case when r.held_until is null and u.digest = 'off' then 'pending' else 'held' end)::delivery_status,
          r.reason, r.held_until
        from personal_deliveries r join users u on u.id = r.user_id
        where r.channel <> 'alert'
      ),
      shared_jobs as (
        insert into deliveries (event_id, channel, kind, destination_product_id, webhook_endpoint_id, addresses)
        select ${eventId}::bigint, channel::delivery_channel, 'shared'::delivery_kind, destination_product_id, webhook_endpoint_id, addresses
        from shared_routes
      )
      select (select count(distinct user_id) from personal_deliveries)::int as recipients,
        (select count(*) from alert_routes)::int as alerts`);

    const payload = eventsPayload({ eventId, alerts: fanout!.alerts });
    await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
    return { eventId, recipients: fanout!.recipients };
  });
}

/** What groups a user's alerts (§4b.5): the event type and the deepest subject; null (never grouped) for no subject. */
export function alertGroupKey(type: string, subject: LocatedSubject, groupBy?: string): string | null {
  if (groupBy) return `${type}:${groupBy}`;
  const deepest: [string, number | null][] = [
    ['finding', subject.findingId],
    ['test', subject.testId],
    ['engagement', subject.engagementId],
    ['product', subject.productId],
    ['product_type', subject.productTypeId],
  ];
  const found = deepest.find(([, id]) => id !== null);
  return found ? `${type}:${found[0]}:${found[1]}` : null;
}
