// The one database connection pool of a process, created on first use from DATABASE_URL.
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { databaseUrl } from '../config';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction or the pool: functions that write take either, so callers can compose them. */
export type Executor = Pick<Db, 'select' | 'insert' | 'update' | 'delete' | 'execute' | 'query' | 'transaction'>;

interface Pool {
  url: string;
  sql: postgres.Sql;
  db: Db;
}

// Kept on globalThis so Next's hot reload in development does not open a new pool per edit.
const holder = globalThis as unknown as { __tocsinPool?: Pool };

function pool(): Pool {
  const url = databaseUrl();
  if (holder.__tocsinPool?.url === url) return holder.__tocsinPool;
  const sql = openSqlClient(url);
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  holder.__tocsinPool = { url, sql, db };
  return holder.__tocsinPool;
}

/**
 * A postgres.js client with the settings every connection of Tocsin starts with.
 *
 * JIT off: the fan-out and the sidecar's reads are estimated costly enough (per-row subplans) for
 * PostgreSQL to compile them, which took ~100 ms of every event's way to the bell for statements
 * that run in a few; nothing Tocsin runs is a long analytical query that JIT would pay back.
 *
 * `keyedReads` (the sidecar's own client, whose statements look up rows by key, most of them just
 * written and in memory):
 * - every run of a statement planned for its values. postgres.js prepares every statement, and
 *   after five runs PostgreSQL may keep one generic plan; the sidecar's batch reads take arrays of
 *   1 to 200 events and 1 to 10,000 users, which a generic plan cannot know, and one made while
 *   `alerts` was small scans it whole until an ANALYZE invalidates it (never, with autovacuum off):
 *   a batch took 30 s instead of 1 s in the storm bench. Not for the other processes: with custom
 *   plans the fan-out took twice as long (fanout bench).
 * - a random page read costed as one that is cached (`random_page_cost` 1.1, PostgreSQL's advice
 *   for data in memory or on SSD, instead of 4 for spinning disks): with 4, the unread count's
 *   lookup of each alert's event was a sequential scan of `notification_events` while that table
 *   had a few hundred rows, 18 of a 34 ms batch at 10,000 sockets (bell bench, README).
 */
export function openSqlClient(url: string, options: { keyedReads?: boolean; applicationName?: string } = {}): postgres.Sql {
  const sql = postgres(url, {
    max: 10,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName ?? 'tocsin',
      jit: 'off',
      ...(options.keyedReads && { plan_cache_mode: 'force_custom_plan', random_page_cost: '1.1' }),
    },
  });
  // Drizzle sets the client's type handling (JSON and dates passed as text) on the client it
  // wraps; every client gets it, so hand-written SQL behaves alike on each: without it postgres.js
  // encoded a JSON string bound to `::jsonb` once more, and the sidecar's snooze waker failed.
  drizzle(sql, { schema, casing: 'snake_case' });
  return sql;
}

export function db(): Db {
  return pool().db;
}

/** The raw postgres.js client, for LISTEN/NOTIFY and hand-written SQL. */
export function sqlClient(): postgres.Sql {
  return pool().sql;
}

export async function closeDb(): Promise<void> {
  const current = holder.__tocsinPool;
  holder.__tocsinPool = undefined;
  await current?.sql.end({ timeout: 5 });
}
