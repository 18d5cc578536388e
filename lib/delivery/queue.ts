// The delivery queue: the deliveries outbox the engine writes, claimed by workers with
// FOR UPDATE SKIP LOCKED and a lease, and the outcome of each attempt written back.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Channel } from './types';

export interface ClaimedJob {
  id: string;
  channel: Channel;
  kind: 'personal' | 'shared' | 'digest';
  eventId: number;
  userId: number | null;
  destinationProductId: number | null;
  webhookEndpointId: number | null;
  addresses: string[] | null;
  /** Attempts made, this one included. */
  attempts: number;
  /**
   * The lease's end as PostgreSQL wrote it: the fencing token of this claim. An outcome is written
   * only while the row still carries it, so a worker whose lease expired cannot overwrite the work
   * of the worker that took the job over.
   */
  lease: string;
  /** When this process claimed it (its clock), to keep sends inside the lease. */
  claimedAt: number;
}

export interface ClaimLimits {
  /** Mail jobs: up to a Resend batch. */
  mail: number;
  /** Slack, Teams and webhook jobs. */
  other: number;
  leaseMs: number;
}

const DUE = sql`status in ('pending', 'sending') and next_attempt_at <= now()
  and (status = 'pending' or locked_until is null or locked_until <= now())`;

/**
 * Claims due jobs in one statement: the oldest due mail and other jobs (two limits, so a backlog
 * of one kind cannot starve the other, and mail comes in numbers worth a Resend batch), plus the
 * other members of any Resend batch among them whose outcome is unknown (mailBatchMembers), which
 * must travel together. Each claimed row becomes 'sending', counts an attempt, and is leased: its
 * next_attempt_at moves to the lease's end, so if this worker dies the job falls due again then.
 */
export async function claimDueDeliveries(db: Executor, limits: ClaimLimits): Promise<ClaimedJob[]> {
  if (limits.mail <= 0 && limits.other <= 0) return [];
  const claimedAt = Date.now();
  const rows = await db.execute<Omit<ClaimedJob, 'claimedAt'> & Record<string, unknown>>(sql`
    with due_mail as (
      select id from deliveries
      where channel = 'mail' and ${DUE}
      order by next_attempt_at
      limit ${Math.max(0, limits.mail)}
      for update skip locked
    ),
    due_other as (
      select id from deliveries
      where channel <> 'mail' and ${DUE}
      order by next_attempt_at
      limit ${Math.max(0, limits.other)}
      for update skip locked
    ),
    batch_mates as (
      select d.id from mail_batch_members m join deliveries d on d.id = m.delivery_id
      where m.batch_key in (select b.batch_key from mail_batch_members b where b.delivery_id in (select id from due_mail))
        and d.status in ('pending', 'sending') and (d.status = 'pending' or d.locked_until is null or d.locked_until <= now())
      for update of d skip locked
    )
    update deliveries d set
      status = 'sending',
      attempts = d.attempts + 1,
      locked_until = date_trunc('milliseconds', now() + ${limits.leaseMs} * interval '1 millisecond'),
      next_attempt_at = date_trunc('milliseconds', now() + ${limits.leaseMs} * interval '1 millisecond')
    where d.id in (select id from due_mail union select id from due_other union select id from batch_mates)
    returning d.id, d.channel, d.kind, d.event_id as "eventId", d.user_id as "userId",
      d.destination_product_id as "destinationProductId", d.webhook_endpoint_id as "webhookEndpointId",
      d.addresses, d.attempts, d.locked_until::text as lease`);
  return rows.map((row) => ({ ...row, eventId: Number(row.eventId), claimedAt }));
}

/** What became of a claimed job. 'deferred' gives it back unattempted, to be taken again at `at`. */
export type Outcome =
  | { id: string; lease: string; kind: 'sent' }
  | { id: string; lease: string; kind: 'retry'; at: Date; error: string; statusCode: number | null }
  | { id: string; lease: string; kind: 'dead'; error: string; statusCode: number | null }
  | { id: string; lease: string; kind: 'deferred'; at: Date };

/**
 * Writes many outcomes in one statement, each only if its row is still held under the same lease.
 * Returns the ids written (an id missing was taken over by another worker after its lease expired).
 */
export async function recordOutcomes(db: Executor, outcomes: readonly Outcome[]): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const rows = outcomes.map((o) => ({
    id: o.id,
    lease: o.lease,
    kind: o.kind,
    at: 'at' in o ? o.at.toISOString() : null,
    error: 'error' in o ? o.error : null,
    status_code: 'statusCode' in o ? o.statusCode : null,
  }));
  const written = await db.execute<{ id: string }>(sql`
    update deliveries d set
      status = (case o.kind when 'sent' then 'sent' when 'dead' then 'dead' else 'pending' end)::delivery_status,
      -- A deferred job was not attempted: give back the attempt its claim counted.
      attempts = d.attempts - (o.kind = 'deferred')::int,
      next_attempt_at = coalesce(o.at, d.next_attempt_at),
      locked_until = null,
      sent_at = case when o.kind = 'sent' then now() else d.sent_at end,
      last_error = case when o.kind in ('retry', 'dead') then o.error else d.last_error end,
      last_status_code = case when o.kind in ('retry', 'dead') then o.status_code else d.last_status_code end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as o (id uuid, lease timestamptz, kind text, at timestamptz, error text, status_code int)
    where d.id = o.id and d.status = 'sending' and d.locked_until = o.lease
    returning d.id`);
  return new Set(written.map((r) => r.id));
}

/**
 * When the worker should look again: the earliest next_attempt_at among the given channels' jobs
 * (a leased job's next_attempt_at is its lease's end). Null when nothing is waiting.
 */
export async function nextDueAt(db: Executor, channels: readonly Channel[]): Promise<Date | null> {
  if (channels.length === 0) return null;
  const [row] = await db.execute<{ at: string | null }>(sql`
    select to_json(min(next_attempt_at)) #>> '{}' as at from deliveries
    where status in ('pending', 'sending') and channel::text = any(${`{${channels.join(',')}}`}::text[])`);
  return row?.at ? new Date(row.at) : null;
}
