// Retention of the delivery pipeline's tables, beside the bell's (lib/notifications/retention.ts):
// finished and dead deliveries, the local email outbox, Resend batch rows whose outcome is known,
// expired rate-limit windows, and events that nothing refers to any more (an event with an alert or
// a delivery left is kept: alerts have their own retention, and deleting the event would cascade),
// and the audit log (audit_log_retention_days, a year by default).
// Each table is purged in batches of at most `batchSize` rows, each batch one short statement found
// through an index, so the number of statements grows with the rows deleted, never with users.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';

export const DEFAULT_TABLE_RETENTION = {
  sentDeliveryDays: 30,
  deadDeliveryDays: 90,
  eventDays: 90,
  outboxEmailDays: 14,
  auditLogDays: 365,
};
export type TableRetentionSettings = typeof DEFAULT_TABLE_RETENTION;

/** Rate-limit windows are a minute to an hour long: a day-old one is expired whatever its limit. */
const RATE_LIMIT_EXPIRED = '1 day';
const PURGE_BATCH = 5000;
const DAY_MS = 86_400_000;

/** Statuses a delivery never leaves: sent, digested into a digest, or any final status added later. */
const UNFINISHED = sql`('pending', 'sending', 'held', 'dead')`;

export interface TablePurgeResult {
  deliveries: number;
  deadDeliveries: number;
  outboxEmails: number;
  mailBatchMembers: number;
  rateLimits: number;
  events: number;
  auditLog: number;
  /** Delete statements run. */
  batches: number;
}

export async function tableRetentionSettings(db: Executor): Promise<TableRetentionSettings> {
  const [row] = await db.execute<TableRetentionSettings & Record<string, unknown>>(sql`
    select sent_delivery_retention_days as "sentDeliveryDays", dead_delivery_retention_days as "deadDeliveryDays",
      event_retention_days as "eventDays", outbox_email_retention_days as "outboxEmailDays",
      audit_log_retention_days as "auditLogDays"
    from system_settings where id = 1`);
  return row ?? DEFAULT_TABLE_RETENTION;
}

export async function purgeDeliveryTables(db: Executor, now: Date, options: { batchSize?: number } = {}): Promise<TablePurgeResult> {
  const batchSize = options.batchSize ?? PURGE_BATCH;
  const settings = await tableRetentionSettings(db);
  const before = (days: number) => sql`${new Date(now.getTime() - days * DAY_MS).toISOString()}::timestamptz`;
  const result: TablePurgeResult = {
    deliveries: 0,
    deadDeliveries: 0,
    outboxEmails: 0,
    mailBatchMembers: 0,
    rateLimits: 0,
    events: 0,
    auditLog: 0,
    batches: 0,
  };
  const purge = async (key: Exclude<keyof TablePurgeResult, 'batches'>, deleteBatch: SQL) => {
    for (;;) {
      const [row] = await db.execute<{ n: number }>(sql`with gone as (${deleteBatch} returning 1) select count(*)::int as n from gone`);
      result.batches++;
      result[key] += row!.n;
      if (row!.n < batchSize) return;
    }
  };
  /** For tables with a bigserial id: the expired rows are the lowest ids (as purgeAlerts does). */
  const purgeById = async (key: 'outboxEmails' | 'events' | 'auditLog', table: string, cutoff: SQL, keep: SQL) => {
    const name = sql.identifier(table);
    const [first] = await db.execute<{ id: string }>(sql`select id from ${name} where created_at >= ${cutoff} order by id limit 1`);
    const below = first ? sql`and t.id < ${first.id}` : sql``;
    let after = '0';
    for (;;) {
      const [row] = await db.execute<{ n: number; last: string | null }>(sql`
        with gone as (delete from ${name} where id in (
          select t.id from ${name} t where t.id > ${after} ${below} and t.created_at < ${cutoff} and ${keep}
          order by t.id limit ${batchSize}) returning id)
        select count(*)::int as n, max(id)::text as last from gone`);
      result.batches++;
      result[key] += row!.n;
      if (row!.n < batchSize || !row!.last) return;
      after = row!.last;
    }
  };
  // Through deliveries_created_idx, oldest first; outbox emails and batch rows of these go by cascade.
  await purge(
    'deliveries',
    sql`delete from deliveries where id in (
    select id from deliveries where created_at < ${before(settings.sentDeliveryDays)} and status not in ${UNFINISHED}
    order by created_at limit ${batchSize})`,
  );
  // Through deliveries_log_idx (status, created_at).
  await purge(
    'deadDeliveries',
    sql`delete from deliveries where id in (
    select id from deliveries where status = 'dead' and created_at < ${before(settings.deadDeliveryDays)}
    order by created_at limit ${batchSize})`,
  );
  // Ids grow with time: below the first id still kept, then oldest first, each batch after the last.
  await purgeById('outboxEmails', 'outbox_emails', before(settings.outboxEmailDays), sql`true`);
  // A batch's rows are removed once its outcome is known; these are the ones a crash left behind.
  await purge(
    'mailBatchMembers',
    sql`delete from mail_batch_members where delivery_id in (
    select m.delivery_id from mail_batch_members m join deliveries d on d.id = m.delivery_id
    where d.status not in ('pending', 'sending') limit ${batchSize})`,
  );
  await purge(
    'rateLimits',
    sql`delete from rate_limits where key in (
    select key from rate_limits where window_start < ${now.toISOString()}::timestamptz - ${RATE_LIMIT_EXPIRED}::interval
    limit ${batchSize})`,
  );
  // Last, once the deliveries are gone. Each probe is an index lookup (alerts_event_user_idx,
  // deliveries_event_idx, outbox_emails_event_idx); an event still referred to is stepped over.
  await purgeById(
    'events',
    'notification_events',
    before(settings.eventDays),
    sql`
    not exists (select 1 from alerts a where a.event_id = t.id)
    and not exists (select 1 from deliveries d where d.event_id = t.id)
    and not exists (select 1 from outbox_emails o where o.event_id = t.id)`,
  );
  // The audit log's ids grow with time too (audit_log_created_idx finds the first one kept).
  await purgeById('auditLog', 'audit_log', before(settings.auditLogDays), sql`true`);
  return result;
}
