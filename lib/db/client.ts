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
  // JIT off: the fan-out and the sidecar's reads are estimated costly enough (per-row subplans) for
  // PostgreSQL to compile them, which took ~100 ms of every event's way to the bell for statements
  // that run in a few; nothing Tocsin runs is a long analytical query that JIT would pay back.
  // Custom plans only: postgres.js prepares every statement, and after five runs PostgreSQL may keep
  // one generic plan for good. Made while a table was small (a new install, the start of a storm),
  // that plan scans it whole however large it grows, until an ANALYZE happens to invalidate it
  // (never, with autovacuum off): the sidecar's read of a batch went from 1 s to 30 s that way. A
  // plan made for each run's values costs a fraction of a millisecond, ~2 ms for the fan-out.
  const sql = postgres(url, {
    max: 10,
    onnotice: () => {},
    connection: { application_name: 'tocsin', jit: 'off', plan_cache_mode: 'force_custom_plan' },
  });
  const db = drizzle(sql, { schema, casing: 'snake_case' });
  holder.__tocsinPool = { url, sql, db };
  return holder.__tocsinPool;
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
