// Changes to a user's alerts: mark read, delete, clear. An id that is not the user's answers
// exactly as one that does not exist (404), and nothing changes. Each change tells the user's
// other tabs through publishAlertsChanged, in the transaction that makes it.
import 'server-only';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { alerts } from '../db/schema';
import { notFound, ok, type Result } from '../domain/result';
import { inTransaction } from '../domain/transaction';
import { publishAlertsChanged } from '../realtime/publish';
import { unreadAlertCount, type MarkRead, type UnreadCount } from './alerts';

/** Marks the named alerts (all of them the user's, else 404 and nothing changes) or all unread ones read. */
export async function markAlertsRead(db: Executor, userId: number, input: MarkRead): Promise<Result<UnreadCount>> {
  return inTransaction(db, async (tx) => {
    const mine = eq(alerts.userId, userId);
    if (input.ids && !(await ownsAll(tx, userId, input.ids))) return notFound();
    const target = input.ids ? and(mine, inArray(alerts.id, input.ids)) : mine;
    const read = await tx.update(alerts).set({ readAt: sql`now()` }).where(and(target, isNull(alerts.readAt))).returning({ id: alerts.id });
    await publishAlertsChanged(tx, userId, { readIds: read.map((r) => r.id) });
    return ok({ unread_count: await unreadAlertCount(tx, userId) });
  });
}

/** Deletes one alert of the user; another user's id or an unknown one is a 404. */
export async function deleteAlert(db: Executor, userId: number, id: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const deleted = await tx.delete(alerts).where(and(eq(alerts.userId, userId), eq(alerts.id, id))).returning({ id: alerts.id });
    if (deleted.length === 0) return notFound();
    await publishAlertsChanged(tx, userId, { deletedIds: [id] });
    return ok(null);
  });
}

/** Deletes the named alerts, all of them the user's, else 404 and nothing changes. */
export async function deleteAlerts(db: Executor, userId: number, ids: number[]): Promise<Result<UnreadCount>> {
  return inTransaction(db, async (tx) => {
    if (!(await ownsAll(tx, userId, ids))) return notFound();
    const deleted = await tx.delete(alerts).where(and(eq(alerts.userId, userId), inArray(alerts.id, ids))).returning({ id: alerts.id });
    await publishAlertsChanged(tx, userId, { deletedIds: deleted.map((r) => r.id) });
    return ok({ unread_count: await unreadAlertCount(tx, userId) });
  });
}

/** Deletes every alert of the user ("Clear all"). */
export async function clearAlerts(db: Executor, userId: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const deleted = await tx.delete(alerts).where(eq(alerts.userId, userId)).returning({ id: alerts.id });
    await publishAlertsChanged(tx, userId, { deletedIds: deleted.map((r) => r.id) });
    return ok(null);
  });
}

/** Whether every id is an alert of this user; the rows are locked so a concurrent delete cannot slip between check and write. */
async function ownsAll(tx: Executor, userId: number, ids: number[]): Promise<boolean> {
  const rows = await tx.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.userId, userId), inArray(alerts.id, ids))).for('update');
  return rows.length === ids.length;
}
