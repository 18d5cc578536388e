// The delivery log for admins (/admin/deliveries): deliveries filtered by status, channel, event and
// date with their attempts and last error, and retrying one, or every dead one a filter matches.
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { recordChange, type AuditActor, type Change } from '../audit/record';
import { superusersOnly, type AdminActor } from '../auth/superusers-only';
import type { Executor } from '../db/client';
import { DELIVERIES_CHANNEL } from '../core/pg-channels';
import type { Result } from '../core/result';

const blankAsUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUndefined, schema.optional());

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'outbox', 'suppressed', 'dead', 'held', 'digested'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One attempt as the log keeps it (queue.ts): what became of it, and its error if it failed. */
export interface AttemptEntry {
  at: string;
  outcome: 'sent' | 'outbox' | 'retry' | 'dead' | 'suppressed' | 'lost';
  error?: string;
  status?: number;
}

/** The page's filter, parsed from its search params (all optional; blank means "any"). */
export const deliveryFilterSchema = z.object({
  status: optional(z.enum(DELIVERY_STATUSES)),
  channel: optional(z.enum(['mail', 'slack', 'msteams', 'webhooks'])),
  eventType: optional(z.string().trim().max(100)),
  eventId: optional(z.coerce.number().int().positive()),
  /** Created at or after. */
  from: optional(z.coerce.date()),
  /** Created before. */
  to: optional(z.coerce.date()),
});
export type DeliveryFilter = z.infer<typeof deliveryFilterSchema>;

export interface DeliveryLogRow {
  id: string;
  channel: 'mail' | 'slack' | 'msteams' | 'webhooks';
  kind: 'personal' | 'shared' | 'digest';
  status: DeliveryStatus;
  /** Attempts counted against the retry policy (an admin's retry starts them again). */
  attempts: number;
  /** Every attempt, oldest first (the last 20), across admin retries. */
  attemptLog: AttemptEntry[];
  nextAttemptAt: string | null;
  lastError: string | null;
  lastStatusCode: number | null;
  createdAt: string;
  sentAt: string | null;
  event: { id: number; type: string; title: string };
  /** Whom it is for, in words, never a secret: an address, "#channel", "Teams (system-wide)", an endpoint's name. */
  destination: string;
  user: { id: number; username: string } | null;
}

function filterSql(filter: DeliveryFilter): SQL {
  const conditions: SQL[] = [sql`true`];
  if (filter.status) conditions.push(sql`d.status = ${filter.status}`);
  if (filter.channel) conditions.push(sql`d.channel = ${filter.channel}`);
  if (filter.eventId) conditions.push(sql`d.event_id = ${filter.eventId}`);
  if (filter.eventType) conditions.push(sql`d.event_id in (select id from notification_events where type = ${filter.eventType})`);
  if (filter.from) conditions.push(sql`d.created_at >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) conditions.push(sql`d.created_at < ${filter.to.toISOString()}::timestamptz`);
  return sql.join(conditions, sql` and `);
}

const iso = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Newest first, `limit` per page; `hasMore` when another page follows. */
export async function listDeliveries(
  db: Executor,
  actor: AdminActor,
  filter: DeliveryFilter,
  page: { limit?: number; offset?: number } = {},
): Promise<Result<{ rows: DeliveryLogRow[]; hasMore: boolean }>> {
  return superusersOnly(actor, () => deliveryLogPage(db, filter, page));
}

async function deliveryLogPage(
  db: Executor,
  filter: DeliveryFilter,
  page: { limit?: number; offset?: number },
): Promise<{ rows: DeliveryLogRow[]; hasMore: boolean }> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  const offset = Math.max(page.offset ?? 0, 0);
  const rows = await db.execute<DeliveryLogRow & Record<string, unknown>>(sql`
    select d.id, d.channel, d.kind, d.status, d.attempts, d.attempt_log as "attemptLog", d.last_error as "lastError", d.last_status_code as "lastStatusCode",
      case when d.status in ('pending', 'sending') then ${iso(sql`d.next_attempt_at`)} end as "nextAttemptAt",
      ${iso(sql`d.created_at`)} as "createdAt", ${iso(sql`d.sent_at`)} as "sentAt",
      json_build_object('id', e.id, 'type', e.type, 'title', e.title) as event,
      case when u.id is not null then json_build_object('id', u.id, 'username', u.username) end as "user",
      case d.channel
        when 'mail' then array_to_string(d.addresses, ', ')
        when 'slack' then case d.kind when 'shared' then d.addresses[1] else 'DM to ' || d.addresses[1] end
        when 'msteams' then case when p.id is null then 'Teams (system-wide)' else 'Teams (' || p.name || ')' end
        else coalesce(w.name, 'deleted endpoint')
      end as destination
    from deliveries d
    join notification_events e on e.id = d.event_id
    left join users u on u.id = d.user_id
    left join products p on p.id = d.destination_product_id
    left join webhook_endpoints w on w.id = d.webhook_endpoint_id
    where ${filterSql(filter)}
    order by d.created_at desc nulls last, d.id
    limit ${limit + 1} offset ${offset}`);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * Makes deliveries due now with a fresh set of attempts (their last error is kept until the next
 * attempt), with the other members of their Resend request when they had one: it must be repeated
 * as it was, or Resend could send it twice. Only dead or waiting ones: never one being sent, or sent.
 */
async function retryWhere(db: Executor, actor: AuditActor, targets: SQL, change: (retried: number) => Change): Promise<number> {
  return db.transaction(async (tx) => {
    const retried = await tx.execute<{ id: string }>(sql`
      with targets as (${targets}),
      unit_mates as (
        select m.delivery_id as id from mail_batch_members m
        where m.batch_key in (select batch_key from mail_batch_members where delivery_id in (select id from targets))
      )
      update deliveries set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null
      where (id in (select id from targets) or id in (select id from unit_mates)) and status in ('dead', 'pending')
      returning id`);
    if (retried.length > 0) {
      await recordChange(tx, actor, change(retried.length));
      await tx.execute(sql`select pg_notify(${DELIVERIES_CHANNEL}, 'retry')`);
    }
    return retried.length;
  });
}

/** Retries one delivery (dead, or waiting for a later attempt). Returns how many were made due (0: nothing to retry). */
export async function retryDelivery(db: Executor, actor: AuditActor, id: string): Promise<number> {
  if (!z.uuid().safeParse(id).success) return 0;
  return retryWhere(db, actor, sql`select id from deliveries where id = ${id} and status in ('dead', 'pending')`, (retried) => ({
    objectKind: 'delivery',
    objectId: id,
    objectLabel: 'One delivery',
    action: 'retried',
    changes: { deliveries: { before: null, after: retried } },
  }));
}

/** Retries every dead delivery the filter matches (whatever status it names). */
export async function retryDeadDeliveries(db: Executor, actor: AuditActor, filter: DeliveryFilter): Promise<number> {
  const shown = Object.fromEntries(
    Object.entries({ ...filter, status: 'dead' })
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  );
  return retryWhere(db, actor, sql`select d.id from deliveries d where ${filterSql({ ...filter, status: 'dead' })}`, (retried) => ({
    objectKind: 'delivery',
    objectId: null,
    objectLabel: 'Every dead delivery the filter matched',
    action: 'retried',
    changes: { filter: { before: null, after: shown }, deliveries: { before: null, after: retried } },
  }));
}

/** How many dead deliveries the filter matches (whatever status it names): what "Retry all dead" would retry. */
export async function countDeadDeliveries(db: Executor, filter: DeliveryFilter): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from deliveries d where ${filterSql({ ...filter, status: 'dead' })}`);
  return row?.n ?? 0;
}
