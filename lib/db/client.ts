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
  const sql = postgres(url, { max: 10, onnotice: () => {}, connection: { application_name: 'tocsin', jit: 'off' } });
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
