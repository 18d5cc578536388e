// The bell's two reads (the unread count and the latest 10 alerts) with the alerts table filled to
// a million rows: their latency in the database (p50/p95/p99 over random users, the heaviest
// included) and their plans, `EXPLAIN (ANALYZE, BUFFERS)`. The statements are the ones
// listAlerts() sends, taken from the same query builder.
import type postgres from 'postgres';
import { db } from '../../lib/db/client';
import { latestAlertsQuery, unreadCountQuery } from '../../lib/notifications/alerts';
import { purgeAlerts } from '../../lib/notifications/retention';
import { BELL_SIZE } from '../../components/bell/api';

export interface QueriesOptions {
  /** Rows the table holds when measuring. */
  rows: number;
  samples: number;
}

/** How the rows are spread: as many users as a thousand alerts each makes, the retention cap. */
const PER_USER = 1000;
/** Users whose every alert is unread: the count's worst case (999 under the default cap). */
const HEAVY_SHARE = 0.1;

export async function benchBellQueries(sql: postgres.Sql, options: QueriesOptions, log: (line: string) => void): Promise<string> {
  const userIds = await fill(sql, options.rows, log);
  const heavy = userIds[0]!;
  const countQuery = (userId: number) => unreadCountQuery(db(), userId).toSQL();
  const latestQuery = (userId: number) => latestAlertsQuery(db(), userId, { limit: BELL_SIZE }).toSQL();

  const time = async (query: { sql: string; params: unknown[] }) => {
    const started = performance.now();
    await sql.unsafe(query.sql, query.params as postgres.ParameterOrJSON<never>[], { prepare: true });
    return performance.now() - started;
  };
  log(`timing both queries for ${options.samples} random users (the heaviest every tenth time)…`);
  for (let i = 0; i < 200; i++) await time(countQuery(pick(userIds))); // warm the cache and the prepared statements
  const countMs: number[] = [];
  const latestMs: number[] = [];
  const bothMs: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    const userId = i % 10 === 0 ? heavy : pick(userIds);
    const c = await time(countQuery(userId));
    const l = await time(latestQuery(userId));
    countMs.push(c);
    latestMs.push(l);
    bothMs.push(c + l);
  }

  const explain = async (query: { sql: string; params: unknown[] }) =>
    (await sql.unsafe(`explain (analyze, buffers) ${query.sql}`, query.params as postgres.ParameterOrJSON<never>[]))
      .map((row) => `    ${row['QUERY PLAN']}`)
      .join('\n');
  const [heavyCounts] = await sql<{ total: number; unread: number }[]>`
    select count(*)::int as total, count(*) filter (where read_at is null)::int as unread from alerts where user_id = ${heavy}`;
  const { total, unread } = heavyCounts!;
  const [{ rows }] = (await sql<{ rows: number }[]>`select count(*)::int as rows from alerts`) as unknown as [{ rows: number }];
  const indexes = await sql<{ indexdef: string }[]>`select indexdef from pg_indexes where tablename = 'alerts' order by indexname`;
  const plans = { count: await explain(countQuery(heavy)), latest: await explain(latestQuery(heavy)) };
  // Last: it deletes half the table.
  const purge = await benchPurge(
    sql,
    userIds,
    (userId) => time(countQuery(userId)).then(async (c) => c + (await time(latestQuery(userId)))),
    log,
  );

  const p99 = percentile(bothMs, 99);
  return `
The bell's reads with ${rows.toLocaleString('en')} alerts in the table (${userIds.length} users, ~${PER_USER} alerts each; ${options.samples} samples, round trip on loopback through postgres.js)
${header()}
${row('unread count', countMs)}
${row(`latest ${BELL_SIZE} (+1 to know whether more exist)`, latestMs)}
${row('both, one after the other', bothMs)}
target p99 < 10 ms in the database: ${p99 < 10 ? 'met' : 'NOT met'} (${p99.toFixed(2)} ms for both)

${purge}

Indexes on alerts:
${indexes.map((i) => `  ${i.indexdef}`).join('\n')}

EXPLAIN (ANALYZE, BUFFERS), the heaviest user (${total} alerts, ${unread} unread):
  unread count:
${plans.count}
  latest ${BELL_SIZE}:
${plans.latest}
`;
}

/**
 * Retention on the full table: half the alerts expire (the days set so that the cutoff falls in
 * the middle), purged in batches of 5,000 while the bell's reads go on. Reports the batches'
 * durations and the reads' latency meanwhile: no batch blocks them.
 */
async function benchPurge(
  sql: postgres.Sql,
  userIds: number[],
  read: (userId: number) => Promise<number>,
  log: (line: string) => void,
): Promise<string> {
  const now = new Date();
  const [span] = await sql<{ days: string }[]>`
    select extract(epoch from ${now.toISOString()}::timestamptz - (min(created_at) + (max(created_at) - min(created_at)) / 2)) / 86400 as days from alerts`;
  const days = Number(span!.days);
  await sql`insert into system_settings (id, alert_retention_days) values (1, ${Math.max(1, Math.ceil(days))})
    on conflict (id) do update set alert_retention_days = excluded.alert_retention_days`;
  log(`purging alerts older than ${Math.ceil(days)} days while the bell reads…`);
  const batchMs: number[] = [];
  const readsMs: number[] = [];
  let done = false;
  const started = performance.now();
  const purging = purgeAlerts(db(), now, { onBatch: (_, ms) => batchMs.push(ms) }).finally(() => (done = true));
  while (!done) readsMs.push(await read(pick(userIds)));
  const result = await purging;
  if (result.expired === 0) throw new Error('retention deleted no alert: the purge measured nothing');
  const seconds = (performance.now() - started) / 1000;
  return `Retention: purgeAlerts() deleted ${result.expired.toLocaleString('en')} expired alerts in ${result.batches} batches (${seconds.toFixed(1)} s), the bell reading meanwhile
${header()}
${row('one batch (delete ≤ 5,000 + NOTIFY, one transaction)', batchMs)}
${row("the bell's two reads during the purge", readsMs)}`;
}

/** Fills alerts with `rows` rows (emptied first): interleaved across users as they would arrive, a tenth of users all unread, the rest one in ten. */
async function fill(sql: postgres.Sql, rows: number, log: (line: string) => void): Promise<number[]> {
  const users = Math.max(1, Math.round(rows / PER_USER));
  const created = await sql<{ id: number }[]>`
    insert into users (username, email, password_hash)
    select 'bellq' || i, 'bellq' || i || '@example.com', 'unused' from generate_series(1, ${users}) i returning id`;
  const userIds = created.map((u) => u.id).sort((a, b) => a - b);
  // The latency half's alerts go first: they are recent with low ids, and retention relies on ids
  // growing with time (the first id still kept bounds the purge), which the older rows below,
  // inserted after them, would break: the purge would then find nothing to delete.
  await sql`truncate alerts`;
  log(`filling alerts to ${rows.toLocaleString('en')} rows…`);
  const [event] = await sql<{ id: string }[]>`insert into notification_events (type, title) values ('other', 'Older') returning id`;
  const heavyUsers = Math.ceil(users * HEAVY_SHARE);
  // Spread over 20 days at least, so that retention (in whole days) can expire half of them.
  const step = Math.max(1, (20 * 86_400) / rows);
  await sql`
    insert into alerts (user_id, event_id, event_type, title, description, url, read_at, created_at)
    select (${userIds}::int[])[1 + g % ${users}], ${event!.id}, 'scan_added', 'Scan imported into ZAP: 3 new findings', 'On Payments API.',
      '/tests/1', case when g % ${users} < ${heavyUsers} or g % 10 = 0 then null else now() end,
      now() - make_interval(secs => (${rows} - g) * ${step}::float8)
    from generate_series(1, ${rows}) g`;
  log('vacuum analyze alerts…');
  await sql`vacuum analyze alerts`;
  return userIds;
}

const pick = <T>(values: T[]): T => values[Math.floor(Math.random() * values.length)]!;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const header = () =>
  `${'query (ms)'.padEnd(56)} ${'samples'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}`;

function row(label: string, values: number[]): string {
  const ms = (v: number) => v.toFixed(2).padStart(7);
  return `${label.padEnd(56)} ${String(values.length).padStart(7)} ${ms(percentile(values, 50))} ${ms(percentile(values, 95))} ${ms(percentile(values, 99))} ${ms(Math.max(...values))}`;
}
