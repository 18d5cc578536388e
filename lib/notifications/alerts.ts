// A user's alerts (the bell and /alerts): list by keyset, unread count, mark read, delete. Every
// function takes the user whose alerts they are and touches no other user's rows; an id that is not
// the user's answers exactly as one that does not exist. Reads and deletes tell the user's other
// tabs through publishAlertsChanged, in the transaction that makes them.
import { and, count, desc, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { alerts } from '../db/schema';
import { notFound, ok, type Result } from '../domain/result';
import { inTransaction } from '../domain/transaction';
import type { AlertView } from '../realtime/events';
import { publishAlertsChanged } from '../realtime/publish';
import { EVENT_TYPES, type EventType } from './catalog';

export type { AlertView };

/** Alert ids are bigserial: larger than `integer`, still exact as JavaScript numbers. */
export const alertId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Most ids one request may name (a page of the alerts page is far fewer). */
export const MAX_ALERT_IDS = 1000;

export const alertIdsSchema = z
  .array(alertId)
  .min(1, 'Name at least one alert.')
  .max(MAX_ALERT_IDS, `At most ${MAX_ALERT_IDS} ids.`)
  .refine((ids) => new Set(ids).size === ids.length, 'Must not contain duplicates.');

export const alertSchema = z.object({
  id: z.number().int(),
  event: z.string().meta({ description: `The event type: one of ${EVENT_TYPES.join(', ')}.` }),
  title: z.string(),
  description: z.string(),
  url: z.string().nullable(),
  created: z.iso.datetime(),
  read: z.boolean(),
});

export const alertPageSchema = z.object({
  results: z.array(alertSchema),
  next: z.string().nullable().meta({ description: 'Cursor of the next (older) page: pass it as `?cursor=`; null on the last page.' }),
  unread_count: z.number().int().meta({ description: "The caller's unread alerts, whatever the filters." }),
});
export type AlertPage = z.infer<typeof alertPageSchema>;

export const unreadCountSchema = z.object({ unread_count: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

/** `{ids: [...]}` marks those read; `{all: true}` marks every unread alert read. */
export const markReadSchema = z
  .object({ ids: alertIdsSchema.optional(), all: z.literal(true, 'Use all: true.').optional() })
  .refine((body) => (body.ids === undefined) !== (body.all === undefined), {
    message: 'Give either ids or all: true.',
    when: (payload) => payload.issues.length === 0,
  });
export type MarkRead = z.output<typeof markReadSchema>;

export const deleteAlertsSchema = z.object({ ids: alertIdsSchema });

// The cursor is the id of the last alert of a page, opaque to clients so its form may change.
export function encodeCursor(lastId: number): string {
  return Buffer.from(`a${lastId}`).toString('base64url');
}

/** The id a cursor stands for, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(cursor)) return null;
  const match = /^a([1-9][0-9]{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) ? id : null;
}

export interface AlertFilter {
  /** true: only unread; false: only read; undefined: both. */
  unread?: boolean;
  type?: EventType;
  /** Alerts older than this id (a decoded cursor). */
  before?: number;
  limit: number;
}

const view = {
  id: alerts.id, event: alerts.eventType, title: alerts.title, description: alerts.description, url: alerts.url,
  readAt: alerts.readAt, createdAt: alerts.createdAt,
};

function toAlertView(row: { id: number; event: string; title: string; description: string; url: string | null; readAt: Date | null; createdAt: Date }): AlertView {
  return {
    id: row.id, event: row.event, title: row.title, description: row.description, url: row.url,
    created: row.createdAt.toISOString(), read: row.readAt !== null,
  };
}

/**
 * A page of the user's alerts, newest first, and their unread count. Both are the bell's reads:
 * the page walks alerts_user_latest_idx (user_id, id desc) from the cursor and stops after
 * `limit + 1` rows that pass the filters; the count reads the partial index alerts_user_unread_idx.
 */
export async function listAlerts(db: Executor, userId: number, filter: AlertFilter): Promise<AlertPage> {
  const conditions: (SQL | undefined)[] = [
    eq(alerts.userId, userId),
    filter.unread === true ? isNull(alerts.readAt) : filter.unread === false ? isNotNull(alerts.readAt) : undefined,
    filter.type ? eq(alerts.eventType, filter.type) : undefined,
    filter.before ? lt(alerts.id, filter.before) : undefined,
  ];
  const [rows, unread] = await Promise.all([
    db.select(view).from(alerts).where(and(...conditions)).orderBy(desc(alerts.id)).limit(filter.limit + 1),
    unreadAlertCount(db, userId),
  ]);
  const page = rows.slice(0, filter.limit);
  return {
    results: page.map(toAlertView),
    next: rows.length > filter.limit ? encodeCursor(page.at(-1)!.id) : null,
    unread_count: unread,
  };
}

export async function unreadAlertCount(db: Executor, userId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(alerts).where(and(eq(alerts.userId, userId), isNull(alerts.readAt)));
  return row?.n ?? 0;
}

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
