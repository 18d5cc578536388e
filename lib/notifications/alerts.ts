// A user's alerts (the bell and /alerts): the API's shapes, the cursor, and the two reads (a page
// by keyset, the unread count). Every function takes the user whose alerts they are and reads no
// other user's rows. Changes (mark read or unread, archive, snooze, delete) are in
// ./alert-mutations.ts; this file imports
// nothing server-only, so benches and scripts run the very same statements.
import { and, count, eq, gt, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { userVisibleProductIdsSql, userVisibleProductTypeIdsSql } from '../auth/authorization';
import type { Executor } from '../db/client';
import { alerts, notificationEvents, products, type NotificationReason } from '../db/schema';
import { SEVERITIES, type Severity } from '../db/schema/enums';
import { alertSchema, type AlertView } from './alert-view';
import { reasonLabel, reasonSettingsUrl } from './alert-reason';
import { rankSql, severityRank } from './filters-sql';
import { EVENT_TYPES, type EventType } from '../core/event-catalog';

export { alertSchema, type AlertView };

/** Alert ids are bigserial: larger than `integer`, still exact as JavaScript numbers. */
export const alertId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Most ids one request may name (a page of the alerts page is far fewer). */
export const MAX_ALERT_IDS = 1000;

export const alertIdsSchema = z
  .array(alertId)
  .min(1, 'Name at least one alert.')
  .max(MAX_ALERT_IDS, `At most ${MAX_ALERT_IDS} ids.`)
  .refine((ids) => new Set(ids).size === ids.length, 'Must not contain duplicates.');

export const alertPageSchema = z.object({
  count: z.number().int().meta({ description: 'How many alerts match the filters, on every page.' }),
  results: z.array(alertSchema),
  next: z.string().nullable().meta({ description: 'Cursor of the next (older) page: pass it as `?cursor=`; null on the last page.' }),
  previous: z.string().nullable().meta({ description: 'Cursor of the previous (newer) page; null on the first page.' }),
  unread_count: z.number().int().meta({ description: "The caller's unread alerts, whatever the filters." }),
});
export type AlertPage = z.infer<typeof alertPageSchema>;

export const unreadCountSchema = z.object({ unread_count: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

const idsOrAll = z.object({ ids: alertIdsSchema.optional(), all: z.literal(true, 'Use all: true.').optional() });
const eitherIdsOrAll = {
  message: 'Give either ids or all: true.',
  when: (payload: { issues: unknown[] }) => payload.issues.length === 0,
};

/**
 * `{ids: [...]}` marks those read; `{all: true}` marks every unread alert read, or, with filters
 * (those of the alerts page: `type`, `product`, `severity`, `archived`), every one they match.
 */
export const markReadSchema = idsOrAll
  .extend({
    type: z.enum(EVENT_TYPES, 'Unknown event type.').optional(),
    product: z.number('A product id is required.').int('A product id is required.').min(1, 'A product id is required.').optional(),
    severity: z.enum(SEVERITIES, `One of ${SEVERITIES.join(', ')}.`).optional(),
    archived: z.boolean('Use true or false.').optional(),
  })
  .refine((body) => (body.ids === undefined) !== (body.all === undefined), eitherIdsOrAll)
  .refine((body) => body.all || [body.type, body.product, body.severity, body.archived].every((f) => f === undefined), {
    message: 'Filters go with all: true, not with ids.',
    when: (payload) => payload.issues.length === 0,
  });
export type MarkRead = z.output<typeof markReadSchema>;

export const deleteAlertsSchema = z.object({ ids: alertIdsSchema });

/** `{ids}` of alerts to mark unread again. */
export const markUnreadSchema = z.object({ ids: alertIdsSchema });

/** Archive and unarchive: `{ids: [...]}` or `{all: true}`. */
export const archiveSchema = idsOrAll.refine((body) => (body.ids === undefined) !== (body.all === undefined), eitherIdsOrAll);
export type ArchiveInput = z.output<typeof archiveSchema>;

/** Longest snooze: a year (a later date is a typo more often than a plan). */
const MAX_SNOOZE_MS = 366 * 86_400_000;

export const snoozeSchema = z.object({
  ids: alertIdsSchema,
  until: z.iso
    .datetime({ offset: true, error: 'A date and time in ISO 8601, e.g. 2026-12-03T09:00:00Z.' })
    .refine((text) => Date.parse(text) > Date.now(), 'Pick a time in the future.')
    .refine((text) => Date.parse(text) <= Date.now() + MAX_SNOOZE_MS, 'At most a year from now.')
    .transform((text) => new Date(text)),
});
export type SnoozeInput = z.output<typeof snoozeSchema>;

// A cursor is the id at a page's edge and a direction, opaque to clients so its form may change:
// `a<id>` walks to older alerts (below the id), `b<id>` to newer ones (above it).
export type Cursor = { before: number } | { after: number };

export function encodeCursor(lastId: number, direction: 'older' | 'newer' = 'older'): string {
  return Buffer.from(`${direction === 'older' ? 'a' : 'b'}${lastId}`).toString('base64url');
}

/** What a cursor stands for, or null when it is not one of ours. */
export function decodeCursor(cursor: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(cursor)) return null;
  const match = /^([ab])([1-9][0-9]{0,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const id = match ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(id)) return null;
  return match![1] === 'a' ? { before: id } : { after: id };
}

/** inbox: the bell (neither archived nor snoozed); archived; snoozed (still asleep); any: all three. */
export type AlertBox = 'inbox' | 'archived' | 'snoozed' | 'any';

export interface AlertFilter {
  box?: AlertBox;
  /** true: only unread; false: only read; undefined: both. */
  unread?: boolean;
  type?: EventType;
  /** Alerts of events about this product. */
  product?: number;
  /** Only alerts of this severity or above (alerts without severity are left out). */
  severity?: Severity;
  /** Alerts older (before) or newer (after) than this id: a decoded cursor. */
  before?: number;
  after?: number;
  limit: number;
}

const view = {
  id: alerts.id,
  event: alerts.eventType,
  title: alerts.title,
  description: alerts.description,
  url: alerts.url,
  readAt: alerts.readAt,
  createdAt: alerts.createdAt,
  reason: alerts.reason,
  severity: alerts.severity,
  eventIds: alerts.eventIds,
  archivedAt: alerts.archivedAt,
  snoozedUntil: alerts.snoozedUntil,
  productId: products.id,
  productName: products.name,
  findingId: notificationEvents.findingId,
};

export interface AlertRowFacts {
  id: number;
  event: string;
  title: string;
  description: string;
  url: string | null;
  readAt: Date | null;
  createdAt: Date;
  reason: NotificationReason;
  severity: Severity | null;
  eventIds: number[];
  archivedAt: Date | null;
  snoozedUntil: Date | null;
  productId: number | null;
  productName: string | null;
  findingId: number | null;
}

export function toAlertView(row: AlertRowFacts): AlertView {
  const eventIds = row.eventIds.map(Number);
  return {
    id: row.id,
    event: row.event,
    title: row.title,
    description: row.description,
    url: row.url,
    created: row.createdAt.toISOString(),
    read: row.readAt !== null,
    archived: row.archivedAt !== null,
    snoozed_until: row.snoozedUntil?.toISOString() ?? null,
    reason: row.reason,
    reason_label: reasonLabel(row),
    settings_url: reasonSettingsUrl(row),
    severity: row.severity,
    count: Math.max(1, eventIds.length),
    event_ids: eventIds,
    product: row.productId !== null && row.productName !== null ? { id: row.productId, name: row.productName } : null,
    finding: row.findingId,
  };
}

/**
 * A page of the user's alerts, newest first, their total under the filters, and the unread count.
 * The bell's reads: the page walks alerts_user_inbox_idx (user_id, id desc, partial: neither
 * archived nor snoozed) from the cursor and stops after `limit + 1` rows that pass the filters
 * (the product of each of those few rows is a primary-key lookup); the count reads the partial
 * index alerts_user_unread_idx.
 */
export async function listAlerts(db: Executor, userId: number, filter: AlertFilter): Promise<AlertPage> {
  const [fetched, unread, total] = await Promise.all([
    latestAlertsQuery(db, userId, filter),
    unreadAlertCount(db, userId),
    matchingAlertCount(db, userId, filter),
  ]);
  // Walking newer (after), the statement reads upwards: the page is the rows nearest the cursor.
  const newer = filter.after !== undefined;
  const more = fetched.length > filter.limit;
  const page = fetched.slice(0, filter.limit);
  if (newer) page.reverse();
  const olderExists = newer || more;
  const newerExists = newer ? more : filter.before !== undefined && (await hasNewer(db, userId, filter, page[0]?.id ?? filter.before));
  return {
    count: total,
    results: page.map(toAlertView),
    next: olderExists && page.length > 0 ? encodeCursor(page.at(-1)!.id, 'older') : null,
    previous: newerExists ? encodeCursor(page[0]?.id ?? filter.before!, 'newer') : null,
    unread_count: unread,
  };
}

const BOX: Record<AlertBox, SQL | undefined> = {
  inbox: and(isNull(alerts.archivedAt), isNull(alerts.snoozedUntil)),
  archived: isNotNull(alerts.archivedAt),
  snoozed: and(isNull(alerts.archivedAt), isNotNull(alerts.snoozedUntil)),
  any: undefined,
};

/** The conditions of a filter (its cursor aside), the user's own alerts first. */
export function filterConditions(userId: number, filter: Omit<AlertFilter, 'limit'>): (SQL | undefined)[] {
  return [
    eq(alerts.userId, userId),
    BOX[filter.box ?? 'inbox'],
    filter.unread === true ? isNull(alerts.readAt) : filter.unread === false ? isNotNull(alerts.readAt) : undefined,
    filter.type ? eq(alerts.eventType, filter.type) : undefined,
    filter.product !== undefined ? productCondition(filter.product) : undefined,
    filter.severity ? sql`${rankSql(sql`${alerts.severity}::text`)} >= ${severityRank(filter.severity)}` : undefined,
    subjectStillVisible(userId),
  ];
}

const productCondition = (productId: number) =>
  sql`exists (select 1 from ${notificationEvents} e where e.id = ${alerts.eventId} and e.product_id = ${productId})`;

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
  const conditions = [
    ...filterConditions(userId, filter),
    filter.before !== undefined ? lt(alerts.id, filter.before) : undefined,
    filter.after !== undefined ? gt(alerts.id, filter.after) : undefined,
  ];
  const order = filter.after !== undefined ? sql`${alerts.id} asc` : sql`${alerts.id} desc nulls last`;
  // The event and its product are read for the page's rows only (by primary key), after the limit.
  const page = db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(...conditions))
    .orderBy(order)
    .limit(filter.limit + 1)
    .as('page');
  return db
    .select(view)
    .from(page)
    .innerJoin(alerts, eq(alerts.id, page.id))
    .innerJoin(notificationEvents, eq(notificationEvents.id, alerts.eventId))
    .leftJoin(products, eq(products.id, notificationEvents.productId))
    .orderBy(order);
}

async function hasNewer(db: Executor, userId: number, filter: AlertFilter, id: number): Promise<boolean> {
  const rows = await db
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(...filterConditions(userId, filter), gt(alerts.id, id)))
    .limit(1);
  return rows.length > 0;
}

/** The total under the filters: at most the per-user cap of rows (999 by default), on the user's index. */
async function matchingAlertCount(db: Executor, userId: number, filter: AlertFilter): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(alerts)
    .where(and(...filterConditions(userId, filter)));
  return row?.n ?? 0;
}

/** Unread in the bell: neither archived nor still snoozed (the partial index's very predicate). */
export function unreadCountQuery(db: Executor, userId: number) {
  return db
    .select({ n: count() })
    .from(alerts)
    .where(
      and(
        eq(alerts.userId, userId),
        isNull(alerts.readAt),
        isNull(alerts.archivedAt),
        isNull(alerts.snoozedUntil),
        subjectStillVisible(userId),
      ),
    );
}

export async function unreadAlertCount(db: Executor, userId: number): Promise<number> {
  const [row] = await unreadCountQuery(db, userId);
  return row?.n ?? 0;
}

/**
 * The products the user's alerts are about, by name: the alerts page's product filter (nothing
 * the alerts do not show).
 */
export async function alertProducts(db: Executor, userId: number): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: products.id, name: products.name })
    .from(alerts)
    .innerJoin(notificationEvents, eq(notificationEvents.id, alerts.eventId))
    .innerJoin(products, eq(products.id, notificationEvents.productId))
    .where(and(eq(alerts.userId, userId), subjectStillVisible(userId)))
    .groupBy(products.id, products.name)
    .orderBy(products.name, products.id);
}
