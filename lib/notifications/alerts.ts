// A user's alerts (the bell and /alerts): the API's shapes, the cursor, and the two reads (a page
// by keyset, the unread count). Every function takes the user whose alerts they are and reads no
// other user's rows. Changes (mark read, delete) are in ./alert-mutations.ts; this file imports
// nothing server-only, so benches and scripts run the very same statements.
import { and, count, eq, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { userVisibleProductIdsSql, userVisibleProductTypeIdsSql } from '../auth/authorization';
import type { Executor } from '../db/client';
import { alerts, NOTIFICATION_REASONS, notificationEvents, products, type NotificationReason } from '../db/schema';
import { SEVERITIES, type Severity } from '../db/schema/enums';
import type { AlertView } from '../realtime/events';
import { reasonLabel, reasonSettingsUrl } from './alert-reason';
import { rankSql, severityRank } from './filters-sql';
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
  created: z.iso.datetime().meta({ description: "The latest event's time." }),
  read: z.boolean(),
  reason: z.enum(NOTIFICATION_REASONS).meta({
    description: 'Why you got it: system (sent to all users), personal (your settings), product (your settings for the product), '
      + 'mention, review_request, required (set by administrators).',
  }),
  reason_label: z.string().meta({ description: 'The reason in words, to show after "Because: ", e.g. "your settings for Payments API".' }),
  settings_url: z.string().meta({ description: 'The page of the setting that caused it (a path of this app).' }),
  severity: z.enum(SEVERITIES).nullable().meta({ description: 'The highest severity of its events; null for events without one.' }),
  count: z.number().int().meta({ description: 'How many events this alert stands for (repeated events about one subject are grouped).' }),
  event_ids: z.array(z.number().int()).meta({ description: 'Those events, oldest first.' }),
  product: z.object({ id: z.number().int(), name: z.string() }).nullable()
    .meta({ description: 'The product the event is about (to mute it); null when none.' }),
  finding: z.number().int().nullable().meta({ description: 'The finding the event is about; null when none.' }),
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
  /** Only alerts of this severity or above (the bell's severity filter). */
  minSeverity?: Severity;
  /** Alerts older than this id (a decoded cursor). */
  before?: number;
  limit: number;
}

const view = {
  id: alerts.id, event: alerts.eventType, title: alerts.title, description: alerts.description, url: alerts.url,
  readAt: alerts.readAt, createdAt: alerts.createdAt, reason: alerts.reason, severity: alerts.severity, eventIds: alerts.eventIds,
  productId: products.id, productName: products.name, findingId: notificationEvents.findingId,
};

export interface AlertRowFacts {
  id: number; event: string; title: string; description: string; url: string | null; readAt: Date | null; createdAt: Date;
  reason: NotificationReason; severity: Severity | null; eventIds: number[];
  productId: number | null; productName: string | null; findingId: number | null;
}

export function toAlertView(row: AlertRowFacts): AlertView {
  const eventIds = row.eventIds.map(Number);
  return {
    id: row.id, event: row.event, title: row.title, description: row.description, url: row.url,
    created: row.createdAt.toISOString(), read: row.readAt !== null,
    reason: row.reason, reason_label: reasonLabel(row), settings_url: reasonSettingsUrl(row), severity: row.severity,
    count: Math.max(1, eventIds.length), event_ids: eventIds,
    product: row.productId !== null && row.productName !== null ? { id: row.productId, name: row.productName } : null,
    finding: row.findingId,
  };
}

/**
 * A page of the user's alerts, newest first, and their unread count. Both are the bell's reads:
 * the page walks alerts_user_latest_idx (user_id, id desc) from the cursor and stops after
 * `limit + 1` rows that pass the filters; the count reads the partial index alerts_user_unread_idx.
 */
export async function listAlerts(db: Executor, userId: number, filter: AlertFilter): Promise<AlertPage> {
  const [rows, unread] = await Promise.all([latestAlertsQuery(db, userId, filter), unreadAlertCount(db, userId)]);
  const page = rows.slice(0, filter.limit);
  return {
    results: page.map(toAlertView),
    next: rows.length > filter.limit ? encodeCursor(page.at(-1)!.id) : null,
    unread_count: unread,
  };
}

/**
 * Alerts outlive access (a membership removed, a product moved): an alert is shown only while its
 * user can still see the event's subject (its product, else its product type; an event about
 * nothing is everyone's). The user's visible sets are computed once per statement and probed per
 * alert through the event's primary key, so both reads keep walking the user's own index.
 */
export function subjectStillVisible(userId: number): SQL {
  // A scalar subquery, not EXISTS: PostgreSQL would turn EXISTS into a join and may hash the whole
  // events table; this stays one primary-key probe per alert row the index walk reaches.
  return sql`coalesce((
    select e.product_id in (${userVisibleProductIdsSql(userId)})
      or (e.product_id is null and (e.product_type_id is null or e.product_type_id in (${userVisibleProductTypeIdsSql(userId)})))
    from notification_events e where e.id = ${alerts.eventId}
  ), false)`;
}

/**
 * The statement of a page (one row more than the limit, to know whether another page follows).
 * `nulls last` is the index's own order: a plain `id desc` means nulls first, which the index
 * (user_id, id desc nulls last) cannot give, and PostgreSQL would walk the primary key instead.
 */
export function latestAlertsQuery(db: Executor, userId: number, filter: AlertFilter) {
  const conditions: (SQL | undefined)[] = [
    eq(alerts.userId, userId),
    subjectStillVisible(userId),
    filter.unread === true ? isNull(alerts.readAt) : filter.unread === false ? isNotNull(alerts.readAt) : undefined,
    filter.type ? eq(alerts.eventType, filter.type) : undefined,
    filter.minSeverity ? sql`${rankSql(sql`${alerts.severity}::text`)} >= ${severityRank(filter.minSeverity)}` : undefined,
    filter.before ? lt(alerts.id, filter.before) : undefined,
  ];
  // The event and its product are read for the page's rows only (by primary key), after the limit.
  const page = db.select({ id: alerts.id }).from(alerts).where(and(...conditions))
    .orderBy(sql`${alerts.id} desc nulls last`).limit(filter.limit + 1).as('page');
  return db.select(view).from(page)
    .innerJoin(alerts, eq(alerts.id, page.id))
    .innerJoin(notificationEvents, eq(notificationEvents.id, alerts.eventId))
    .leftJoin(products, eq(products.id, notificationEvents.productId))
    .orderBy(sql`${alerts.id} desc`);
}

export function unreadCountQuery(db: Executor, userId: number) {
  return db.select({ n: count() }).from(alerts).where(and(eq(alerts.userId, userId), isNull(alerts.readAt), subjectStillVisible(userId)));
}

export async function unreadAlertCount(db: Executor, userId: number): Promise<number> {
  const [row] = await unreadCountQuery(db, userId);
  return row?.n ?? 0;
}
