// The sidecar's reads of the alerts table: what it pushes when events commit or alerts come back
// to the bell, and unread counts (neither archived nor snoozed: alerts_user_unread_idx's predicate).
import { sql as drizzleSql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import { globalReachSql, memberProductIdsSql, memberProductTypeIdsSql } from '../auth/authorization';
import { reasonLabel, reasonSettingsUrl } from '../notifications/alert-reason';
import type { AlertView } from '../notifications/alert-view';

export interface NewAlert {
  userId: number;
  eventId: number;
  alert: AlertView;
  unreadCount: number;
}

interface AlertRow {
  id: string;
  userId: number;
  eventId: string;
  eventType: string;
  title: string;
  description: string;
  url: string | null;
  read: boolean;
  archived: boolean;
  /** ISO 8601, formatted in SQL: the pool's date parsers belong to drizzle, which sets them to return text. */
  created: string;
  snoozedUntil: string | null;
  unreadCount: number;
  reason: AlertView['reason'];
  severity: AlertView['severity'];
  eventIds: string[];
  productId: number | null;
  productName: string | null;
  findingId: number | null;
}

export interface AlertsStream {
  /** Only these users' alerts (those with a socket); undefined: every user's. */
  userIds?: number[];
  /** Rows per page: what the sidecar holds at a time. */
  pageSize: number;
  /** How many alerts the events wrote in all, when known: the read is chosen by it. */
  written?: number;
}

const UNREAD = 'a.read_at is null and a.archived_at is null and a.snoozed_until is null';
const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The select list shared by the reads: `b` is the batch of alerts, joined to `unread` by user. */
const COLUMNS = `b.id, b.user_id as "userId", b.event_id as "eventId", b.event_type as "eventType", b.title,
  b.description, b.url, b.read_at is not null as read, b.archived_at is not null as archived,
  ${ISO('b.created_at')} as created, ${ISO('b.snoozed_until')} as "snoozedUntil",
  b.reason::text as reason, b.severity::text as severity, b.event_ids::text[] as "eventIds",
  p.id as "productId", p.name as "productName", e.finding_id as "findingId",
  unread.unread_count as "unreadCount"`;

const JOINS = `join unread using (user_id)
  left join notification_events e on e.id = b.event_id
  left join products p on p.id = e.product_id`;

/** The reach of `u.user_id`, as the app's authorization writes it (compiled once, no parameters). */
const dialect = new PgDialect();
const member = (fragment: SQL) => dialect.sqlToQuery(fragment).sql;
const USER = drizzleSql.raw('u.user_id');

/**
 * What each user `u` can still see, computed once per user: everything (a superuser or a global
 * role), or the products and product types of their memberships. An alert counts only while its
 * subject is visible, as in the app's own count (subjectStillVisible in notifications/alerts.ts).
 */
const REACH = `cross join lateral (select
  ${member(globalReachSql(USER))} as everything,
  array(${member(memberProductIdsSql(USER))}) as products,
  array(${member(memberProductTypeIdsSql(USER))}) as types
) v`;
/** Alert `a`'s subject is visible to user `u` (reach `v`). */
const VISIBLE = `(v.everything or coalesce((
    select e.product_id = any(v.products) or (e.product_id is null and (e.product_type_id is null or e.product_type_id = any(v.types)))
    from notification_events e where e.id = a.event_id
  ), false))`;
const COUNT = `(select count(*) from alerts a where a.user_id = u.user_id and ${UNREAD} and ${VISIBLE})::int`;

// Materialized: referenced once, the CTE would otherwise be inlined into the join, and PostgreSQL
// may then run each user's count once per alert row of the batch (200 events × 100 users online is
// 20,000 counts instead of 100: 145 s instead of 1 s on the storm bench's scene, README `storm`).
const UNREAD_CTE = `unread as materialized (
  select u.user_id, ${COUNT} as unread_count
  from (select distinct user_id from batch) u ${REACH}
)`;

/**
 * Every alert of these events, each with its user's unread count, streamed in pages through a
 * cursor: one statement however many users an event reached, and never more than a page in
 * memory. The count runs once per distinct user of the batch (a materialized CTE), on the partial
 * index alerts_user_unread_idx.
 * Ordered by event then alert, the order they are pushed in. Resolves with the number of rows.
 */
export async function alertsOfEvents(
  sql: postgres.Sql,
  eventIds: number[],
  stream: AlertsStream,
  onPage: (alerts: NewAlert[]) => void,
): Promise<number> {
  if (eventIds.length === 0) return 0;
  const batch = !stream.userIds
    ? sql`select * from alerts where event_id = any(${eventIds}::bigint[])`
    : stream.written !== undefined && stream.written <= eventIds.length * stream.userIds.length
      ? // Fewer alerts than (event, user online) pairs: each event's alerts on alerts_event_user_idx,
        // kept when their user is online (a hashed test: `+ 0` keeps the array out of the index
        // condition, where PostgreSQL 15 would descend the index once per user).
        sql`select a.* from unnest(${eventIds}::bigint[]) ev(id)
          cross join lateral (select * from alerts where event_id = ev.id and (user_id + 0) = any(${stream.userIds}::int[]) offset 0) a`
      : // Else one lookup per (event, user online), so a storm's batch reads only the rows it pushes,
        // however large the table. `offset 0` keeps the lateral subquery a nested loop: as a plain
        // join (or `user_id = any(…)` beside `event_id = any(…)`) the planner read every recipient's
        // row, or, its statistics behind a table growing through a storm, all of it.
        sql`select a.* from unnest(${eventIds}::bigint[]) ev(id) cross join unnest(${stream.userIds}::int[]) us(id)
          cross join lateral (select * from alerts where event_id = ev.id and user_id = us.id offset 0) a`;
  let total = 0;
  await sql<AlertRow[]>`
    with batch as (${batch}), ${sql.unsafe(UNREAD_CTE)}
    select ${sql.unsafe(COLUMNS)} from batch b ${sql.unsafe(JOINS)}
    order by b.event_id, b.id`.cursor(stream.pageSize, (rows) => {
    total += rows.length;
    onPage(rows.map(toNewAlert));
  });
  return total;
}

/**
 * These alerts of one user, those still in the bell: an alert archived again meanwhile, or about a
 * subject the user can no longer see, is left out.
 */
export async function alertsByIds(sql: postgres.Sql, userId: number, ids: number[]): Promise<NewAlert[]> {
  if (ids.length === 0) return [];
  const rows = await sql<AlertRow[]>`
    with batch as (
      select a.* from (select ${userId}::int as user_id) u ${sql.unsafe(REACH)}
      join alerts a on a.user_id = u.user_id
      where a.id = any(${ids}::bigint[]) and a.archived_at is null and a.snoozed_until is null and ${sql.unsafe(VISIBLE)}
    ), ${sql.unsafe(UNREAD_CTE)}
    select ${sql.unsafe(COLUMNS)} from batch b ${sql.unsafe(JOINS)}
    order by b.id`;
  return rows.map(toNewAlert);
}

function toNewAlert(row: AlertRow): NewAlert {
  return {
    userId: row.userId,
    eventId: Number(row.eventId),
    unreadCount: row.unreadCount,
    alert: {
      id: Number(row.id),
      event: row.eventType,
      title: row.title,
      description: row.description,
      url: row.url,
      created: row.created,
      read: row.read,
      archived: row.archived,
      snoozed_until: row.snoozedUntil,
      reason: row.reason,
      reason_label: reasonLabel(row),
      settings_url: reasonSettingsUrl(row),
      severity: row.severity,
      count: Math.max(1, row.eventIds.length),
      event_ids: row.eventIds.map(Number),
      product: row.productId !== null && row.productName !== null ? { id: row.productId, name: row.productName } : null,
      finding: row.findingId,
    },
  };
}

/** The unread counts of these users, in one statement. */
export async function unreadCounts(sql: postgres.Sql, userIds: number[]): Promise<{ userId: number; unreadCount: number }[]> {
  if (userIds.length === 0) return [];
  return sql<{ userId: number; unreadCount: number }[]>`
    select u.user_id as "userId", ${sql.unsafe(COUNT)} as "unreadCount"
    from unnest(${userIds}::int[]) as u(user_id) ${sql.unsafe(REACH)}`;
}
