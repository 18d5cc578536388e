// Changes to a user's alerts: mark read or unread, archive and restore, snooze, delete, clear. An
// id that is not the user's answers exactly as one that does not exist (404), and nothing changes.
// Each change tells the user's other tabs through publishAlertsChanged, in the transaction that
// makes it.
import 'server-only';
import { and, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { alerts } from '../db/schema';
import { notFound, ok, type Result } from '../core/result';
import { inTransaction } from '../core/transaction';
import { publishAlertsChanged } from './publish-alerts-changed';
import { filterConditions, unreadAlertCount, type ArchiveInput, type MarkRead, type SnoozeInput, type UnreadCount } from './alerts';

/**
 * Marks the named alerts (all of them the user's, else 404 and nothing changes) read; or, with
 * `all`, every unread one the filters match (none given: every unread alert of the user).
 */
export async function markAlertsRead(db: Executor, userId: number, input: MarkRead): Promise<Result<UnreadCount>> {
  return inTransaction(db, async (tx) => {
    if (input.ids && !(await ownsAll(tx, userId, input.ids))) return notFound();
    const target = input.ids
      ? and(eq(alerts.userId, userId), inArray(alerts.id, input.ids))
      : and(
          ...filterConditions(userId, {
            box: input.archived === undefined ? 'any' : input.archived ? 'archived' : 'inbox',
            type: input.type,
            product: input.product,
            severity: input.severity,
          }),
        );
    const read = await tx
      .update(alerts)
      .set({ readAt: sql`now()` })
      .where(and(target, isNull(alerts.readAt)))
      .returning({ id: alerts.id });
    await publishAlertsChanged(tx, userId, { readIds: read.map((r) => r.id) });
    return ok({ unread_count: await unreadAlertCount(tx, userId) });
  });
}

/** Marks the named alerts unread again (all of them the user's, else 404). */
export async function markAlertsUnread(db: Executor, userId: number, ids: number[]): Promise<Result<UnreadCount>> {
  return change(db, userId, ids, { readAt: null }, isNotNull(alerts.readAt), (changed) => ({ unreadIds: changed }));
}

/** Archives the named alerts, or every one not archived yet: out of the bell and the count (a snooze ends with it). */
export async function archiveAlerts(db: Executor, userId: number, input: ArchiveInput): Promise<Result<UnreadCount>> {
  const set = { archivedAt: sql`now()`, snoozedUntil: null };
  return change(db, userId, input.ids ?? 'all', set, isNull(alerts.archivedAt), (changed) => ({ archivedIds: changed }));
}

/** Restores archived alerts to the bell, where they take their old place (their id). */
export async function unarchiveAlerts(db: Executor, userId: number, input: ArchiveInput): Promise<Result<UnreadCount>> {
  return change(db, userId, input.ids ?? 'all', { archivedAt: null }, isNotNull(alerts.archivedAt), (changed) => ({
    unarchivedIds: changed,
  }));
}

/**
 * Snoozes the named alerts until `until` (an archived one is restored to snooze); the sidecar's
 * waker brings them back.
 */
export async function snoozeAlerts(db: Executor, userId: number, input: SnoozeInput): Promise<Result<UnreadCount>> {
  return change(db, userId, input.ids, { snoozedUntil: input.until, archivedAt: null }, undefined, (changed) => ({ snoozedIds: changed }));
}

type AlertChanges = Partial<Record<'readAt' | 'archivedAt' | 'snoozedUntil', Date | SQL | null>>;

/**
 * One update of the user's alerts (the named ones, all owned, else 404; or all) that are `pending`,
 * told to their tabs. */
async function change(
  db: Executor,
  userId: number,
  ids: number[] | 'all',
  set: AlertChanges,
  pending: SQL | undefined,
  tell: (changed: number[]) => Parameters<typeof publishAlertsChanged>[2],
): Promise<Result<UnreadCount>> {
  return inTransaction(db, async (tx) => {
    if (ids !== 'all' && !(await ownsAll(tx, userId, ids))) return notFound();
    const target = and(eq(alerts.userId, userId), ids === 'all' ? undefined : inArray(alerts.id, ids), pending);
    const changed = await tx.update(alerts).set(set).where(target).returning({ id: alerts.id });
    await publishAlertsChanged(tx, userId, tell(changed.map((r) => r.id)));
    return ok({ unread_count: await unreadAlertCount(tx, userId) });
  });
}

/** Deletes one alert of the user; another user's id or an unknown one is a 404. */
export async function deleteAlert(db: Executor, userId: number, id: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const deleted = await tx
      .delete(alerts)
      .where(and(eq(alerts.userId, userId), eq(alerts.id, id)))
      .returning({ id: alerts.id });
    if (deleted.length === 0) return notFound();
    await publishAlertsChanged(tx, userId, { deletedIds: [id] });
    return ok(null);
  });
}

/** Deletes the named alerts, all of them the user's, else 404 and nothing changes. */
export async function deleteAlerts(db: Executor, userId: number, ids: number[]): Promise<Result<UnreadCount>> {
  return inTransaction(db, async (tx) => {
    if (!(await ownsAll(tx, userId, ids))) return notFound();
    const deleted = await tx
      .delete(alerts)
      .where(and(eq(alerts.userId, userId), inArray(alerts.id, ids)))
      .returning({ id: alerts.id });
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
  const rows = await tx
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.userId, userId), inArray(alerts.id, ids)))
    .for('update');
  return rows.length === ids.length;
}
