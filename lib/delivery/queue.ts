// The delivery queue: the deliveries outbox the engine writes, claimed by workers with
// FOR UPDATE SKIP LOCKED and a lease, and the outcome of each attempt written back.
import { sql, type SQL } from 'drizzle-orm';
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
  /** The shared pacing slot it reserved before being given back to wait for it (ISO), if any. */
  paceSlot: string | null;
}

export interface ClaimLimits {
  /** Mail jobs: up to a Resend batch. */
  mail: number;
  /** Slack, Teams and webhook jobs. */
  other: number;
  leaseMs: number;
  /**
   * The retry policy's attempts: a job whose lease ran out with its attempts spent (its worker died
   * or its send threw past every catch) is dead-lettered by the claim instead of taken again.
   */
  maxAttempts?: number;
}

/** The attempt log keeps the last entries only (a job retried by admins many times stays small). */
export const ATTEMPT_LOG_MAX = 20;

/** `log || entry`, dropping the oldest entry once the log is full. */
const appendAttempt = (log: SQL, entry: SQL) =>
  sql`(case when jsonb_array_length(${log}) >= ${ATTEMPT_LOG_MAX}::int then ${log} - 0 else ${log} end) || jsonb_build_array(${entry})`;

const LOST = 'no outcome: its worker stopped or failed before recording one (the lease ran out)';

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
  const max = limits.maxAttempts ?? 2_147_483_647;
  // A leased job whose lease ran out got no outcome from its last attempt: with attempts left it is
  // taken again (the log says so); with none left the claim makes it dead, with its last error.
  const spent = sql`d.status = 'sending' and d.locked_until <= now() and d.attempts >= ${max}::int`;
  const rows = await db.execute<Omit<ClaimedJob, 'claimedAt'> & Record<string, unknown>>(sql`
    with dead_lettered as (
      update deliveries d set status = 'dead', locked_until = null, next_attempt_at = now(),
        last_error = coalesce(d.last_error, ${LOST}),
        attempt_log = ${appendAttempt(sql`d.attempt_log`, sql`jsonb_build_object('at', now(), 'outcome', 'dead', 'error', ${LOST}::text)`)}
      where d.id in (
        select id from deliveries d where ${spent} and d.next_attempt_at <= now()
        limit 100 for update skip locked)
      returning d.id
    ),
    due_mail as (
      select id from deliveries
      where channel = 'mail' and ${DUE} and not (status = 'sending' and attempts >= ${max}::int)
      order by next_attempt_at
      limit ${Math.max(0, limits.mail)}
      for update skip locked
    ),
    due_other as (
      select id from deliveries
      where channel <> 'mail' and ${DUE} and not (status = 'sending' and attempts >= ${max}::int)
      order by next_attempt_at
      limit ${Math.max(0, limits.other)}
      for update skip locked
    ),
    batch_mates as (
      select d.id from mail_batch_members m join deliveries d on d.id = m.delivery_id
      where m.batch_key in (select b.batch_key from mail_batch_members b where b.delivery_id in (select id from due_mail))
        and d.status in ('pending', 'sending') and (d.status = 'pending' or d.locked_until is null or d.locked_until <= now())
        and not (d.status = 'sending' and d.attempts >= ${max}::int)
      for update of d skip locked
    )
    update deliveries d set
      status = 'sending',
      attempts = d.attempts + 1,
      locked_until = date_trunc('milliseconds', now() + ${limits.leaseMs} * interval '1 millisecond'),
      next_attempt_at = date_trunc('milliseconds', now() + ${limits.leaseMs} * interval '1 millisecond'),
      attempt_log = case when d.status = 'sending'
        then ${appendAttempt(sql`d.attempt_log`, sql`jsonb_build_object('at', now(), 'outcome', 'lost', 'error', ${LOST}::text)`)}
        else d.attempt_log end
    where d.id in (select id from due_mail union select id from due_other union select id from batch_mates)
      and d.id not in (select id from dead_lettered)
    returning d.id, d.channel, d.kind, d.event_id as "eventId", d.user_id as "userId",
      d.destination_product_id as "destinationProductId", d.webhook_endpoint_id as "webhookEndpointId",
      d.addresses, d.attempts, d.locked_until::text as lease, to_json(d.pace_slot) #>> '{}' as "paceSlot"`);
  return rows.map((row) => ({ ...row, eventId: Number(row.eventId), claimedAt }));
}

/**
 * What became of a claimed job. 'deferred' gives it back unattempted, to be taken again at `at`
 * (keeping the shared pacing `slot` it reserved); 'outbox': kept in the local outbox (no Resend key);
 * 'suppressed': not sent, because its user may no longer see it (`error` says why).
 */
export type Outcome =
  | { id: string; lease: string; kind: 'sent' | 'outbox' }
  | { id: string; lease: string; kind: 'retry'; at: Date; error: string; statusCode: number | null }
  | { id: string; lease: string; kind: 'dead'; error: string; statusCode: number | null }
  | { id: string; lease: string; kind: 'suppressed'; error: string }
  | { id: string; lease: string; kind: 'deferred'; at: Date; slot?: Date };

/**
 * Writes many outcomes in one statement, each only if its row is still held under the same lease,
 * and adds each attempt to the row's attempt log. A success clears the last error.
 * Returns the ids written (an id missing was taken over by another worker after its lease expired).
 */
export async function recordOutcomes(db: Executor, outcomes: readonly Outcome[]): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const rows = outcomes.map((o) => ({
    id: o.id,
    lease: o.lease,
    kind: o.kind,
    at: 'at' in o ? o.at.toISOString() : null,
    slot: 'slot' in o && o.slot ? o.slot.toISOString() : null,
    error: 'error' in o ? o.error : null,
    status_code: 'statusCode' in o ? o.statusCode : null,
  }));
  const entry = sql`jsonb_strip_nulls(jsonb_build_object('at', now(), 'outcome', o.kind, 'error', o.error, 'status', o.status_code))`;
  const written = await db.execute<{ id: string }>(sql`
    update deliveries d set
      status = (case when o.kind in ('sent', 'dead', 'outbox', 'suppressed') then o.kind else 'pending' end)::delivery_status,
      -- A deferred job was not attempted: give back the attempt its claim counted.
      attempts = d.attempts - (o.kind = 'deferred')::int,
      next_attempt_at = coalesce(o.at, d.next_attempt_at),
      locked_until = null,
      pace_slot = case when o.kind = 'deferred' then o.slot end,
      sent_at = case when o.kind in ('sent', 'outbox') then now() else d.sent_at end,
      last_error = case when o.kind in ('sent', 'outbox') then null when o.kind = 'deferred' then d.last_error else o.error end,
      last_status_code = case when o.kind in ('retry', 'dead') then o.status_code when o.kind = 'deferred' then d.last_status_code end,
      attempt_log = case when o.kind = 'deferred' then d.attempt_log else ${appendAttempt(sql`d.attempt_log`, entry)} end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as o (id uuid, lease timestamptz, kind text, at timestamptz, slot timestamptz, error text, status_code int)
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
