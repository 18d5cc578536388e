// Retention of the bell's alerts: older than `alert_retention_days` go, and each user keeps at most
// `max_alerts_per_user`, the newest (system_settings; 90 and 999 by default, DefectDojo's cap).
//
// purgeAlerts() is the periodic job's whole work: the worker calls it (once a day is plenty). It
// deletes in batches of at most `batchSize` rows, each batch its own short transaction found through
// an index, so it never holds more than one batch's row locks and never locks the table: the bell's
// reads and notify()'s inserts go on meanwhile. Each batch tells the users' open tabs what went
// (alert:read with deleted, and the new unread count), as any other delete does.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { ALERTS_CHANNEL, alertsChangedPayloads } from '../core/pg-channels';

export const DEFAULT_RETENTION = { retentionDays: 90, maxPerUser: 999 };
const PURGE_BATCH = 5000;
const DAY_MS = 86_400_000;

export interface RetentionSettings {
  /** 0 or less keeps alerts however old. */
  retentionDays: number;
  /** 0 or less sets no cap. */
  maxPerUser: number;
}

export interface PurgeResult {
  /** Alerts deleted for their age. */
  expired: number;
  /** Alerts deleted because their user had more than the cap. */
  overCap: number;
  /** Delete statements run (each its own transaction). */
  batches: number;
}

export async function retentionSettings(db: Executor): Promise<RetentionSettings> {
  const [row] = await db.execute<{ retentionDays: number; maxPerUser: number }>(sql`
    select alert_retention_days as "retentionDays", max_alerts_per_user as "maxPerUser" from system_settings where id = 1`);
  return row ?? DEFAULT_RETENTION;
}

export interface PurgeOptions {
  batchSize?: number;
  /** Called after each batch with its size and duration (logs, the bench). */
  onBatch?: (deleted: number, ms: number) => void;
}

export async function purgeAlerts(db: Executor, now: Date, options: PurgeOptions = {}): Promise<PurgeResult> {
  const run: Run = {
    batchSize: options.batchSize ?? PURGE_BATCH,
    onBatch: options.onBatch ?? (() => {}),
    result: { expired: 0, overCap: 0, batches: 0 },
  };
  const settings = await retentionSettings(db);
  if (settings.retentionDays > 0) await purgeExpired(db, new Date(now.getTime() - settings.retentionDays * DAY_MS), run);
  if (settings.maxPerUser > 0) await purgeOverCap(db, settings.maxPerUser, run);
  return run.result;
}

interface Run {
  batchSize: number;
  onBatch: (deleted: number, ms: number) => void;
  result: PurgeResult;
}

/**
 * Alerts created before `cutoff`. Ids grow with time (bigserial; created_at is the inserting
 * transaction's start), so expired alerts are the lowest ids: find the first id still kept, then
 * delete below it in id order, each batch starting after the last. A straggler above that id (a
 * long transaction's) is caught by a later run, once the boundary has moved past it.
 */
async function purgeExpired(db: Executor, cutoffDate: Date, run: Run): Promise<void> {
  const { batchSize, result } = run;
  const cutoff = sql`${cutoffDate.toISOString()}::timestamptz`;
  const [first] = await db.execute<{ id: string }>(sql`select id from alerts where created_at >= ${cutoff} order by id limit 1`);
  const below = first ? sql`and id < ${first.id}` : sql``;
  let after = 0;
  for (;;) {
    const deleted = await deleteBatch(
      db,
      run,
      sql`
      select id from alerts where id > ${after} ${below} and created_at < ${cutoff} order by id limit ${batchSize}`,
    );
    result.batches++;
    result.expired += deleted.length;
    if (deleted.length < batchSize) return;
    after = Math.max(...deleted.map((row) => row.id));
  }
}

/**
 * For each user over the cap, everything older than their cap-th newest alert. One statement finds
 * every such user's boundary (reading alerts_user_latest_idx, an index-only scan, once); then each
 * batch deletes below the boundaries across users, walking the same index user by user until the
 * batch is full. Statements: one, plus one per batch, however many users are over the cap.
 */
async function purgeOverCap(db: Executor, cap: number, run: Run): Promise<void> {
  const { batchSize, result } = run;
  const [bounds] = await db.execute<{ users: number[] | null; kept: string[] | null }>(sql`
    with over as (select user_id from alerts group by user_id having count(*) > ${cap})
    select array_agg(o.user_id order by o.user_id) as users, array_agg(k.id::text order by o.user_id) as kept
    from over o
    cross join lateral (select id from alerts a where a.user_id = o.user_id order by id desc offset ${cap - 1} limit 1) k`);
  if (!bounds?.users?.length) return;
  const users = `{${bounds.users.join(',')}}`;
  const kept = `{${bounds.kept!.join(',')}}`;
  for (;;) {
    const deleted = await deleteBatch(
      db,
      run,
      sql`
      select x.id from unnest(${users}::int[], ${kept}::bigint[]) as b(user_id, kept_id)
      cross join lateral (
        select a.id from alerts a where a.user_id = b.user_id and a.id < b.kept_id order by a.id limit ${batchSize}
      ) x
      limit ${batchSize}`,
    );
    result.batches++;
    result.overCap += deleted.length;
    if (deleted.length < batchSize) return;
  }
}

/** Deletes the alerts `select` names, in one transaction that also tells their users' tabs. */
async function deleteBatch(db: Executor, run: Run, select: ReturnType<typeof sql>): Promise<{ id: number; userId: number }[]> {
  const started = performance.now();
  const deleted = await db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: string; userId: number }>(sql`
      delete from alerts where id in (${select}) returning id, user_id as "userId"`);
    const batch = rows.map((row) => ({ id: Number(row.id), userId: row.userId }));
    await publishDeleted(tx, batch);
    return batch;
  });
  run.onBatch(deleted.length, performance.now() - started);
  return deleted;
}

/**
 * publishAlertsChanged for many users in one statement: a batch may span thousands of users, and
 * a statement per user would hold the batch's locks that much longer.
 */
async function publishDeleted(tx: Executor, deleted: { id: number; userId: number }[]): Promise<void> {
  const byUser = new Map<number, number[]>();
  for (const { id, userId } of deleted) {
    const ids = byUser.get(userId);
    if (ids) ids.push(id);
    else byUser.set(userId, [id]);
  }
  const payloads = [...byUser]
    .flatMap(([userId, ids]) => alertsChangedPayloads(userId, { deletedIds: ids.sort((a, b) => a - b) }))
    .map((p) => JSON.stringify(p));
  if (payloads.length === 0) return;
  await tx.execute(
    sql`select pg_notify(${ALERTS_CHANNEL}, payload) from jsonb_array_elements_text(${JSON.stringify(payloads)}::jsonb) as p(payload)`,
  );
}
