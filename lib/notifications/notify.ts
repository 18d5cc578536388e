// notify(): record an event with its alerts and delivery jobs in one transaction, then signal.
import { sql } from 'drizzle-orm';
import { db as pool, type Executor } from '../db/client';
import { notificationEvents } from '../db/schema';
import { resolutionOf, type NotifyEvent } from './event';
import { resolutionSql } from './resolve';

/** The LISTEN/NOTIFY channel; the payload is the event id. */
export const EVENTS_CHANNEL = 'tocsin_events';

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
        type: event.type, title: event.title, description: event.description ?? '', url: event.url ?? null,
        productTypeId: subject.productTypeId, productId: subject.productId, engagementId: subject.engagementId,
        testId: subject.testId, findingId: subject.findingId, actorId: event.actorId ?? null,
        recipientIds: resolution.recipientIds,
      })
      .returning({ id: notificationEvents.id });
    const eventId = recorded!.id;

    const [fanout] = await tx.execute<{ recipients: number }>(sql`${resolutionSql(resolution)},
      alert_rows as (
        insert into alerts (user_id, event_id, event_type, title, description, url)
        select distinct user_id, ${eventId}::bigint, ${event.type}, left(${event.title}, ${ALERT_TITLE_MAX}),
          left(${event.description ?? ''}, ${ALERT_DESCRIPTION_MAX}), ${event.url ?? null}::text
        from personal_routes where channel = 'alert'
      ),
      personal_jobs as (
        -- A digest user's jobs wait, held, for their window's digest (lib/schedules/digests.ts).
        insert into deliveries (event_id, channel, kind, user_id, addresses, status)
        select distinct ${eventId}::bigint, r.channel::delivery_channel, 'personal'::delivery_kind, r.user_id, array[r.address],
          (case when u.digest = 'off' then 'pending' else 'held' end)::delivery_status
        from personal_routes r join users u on u.id = r.user_id
        where r.channel <> 'alert'
      ),
      shared_jobs as (
        insert into deliveries (event_id, channel, kind, destination_product_id, webhook_endpoint_id, addresses)
        select ${eventId}::bigint, channel::delivery_channel, 'shared'::delivery_kind, destination_product_id, webhook_endpoint_id, addresses
        from shared_routes
      )
      select count(distinct user_id)::int as recipients from personal_routes`);

    await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(eventId)})`);
    return { eventId, recipients: fanout!.recipients };
  });
}
