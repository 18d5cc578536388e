// Applies the committed drizzle-kit migrations; safe to run from several processes at once.
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

const MIGRATION_LOCK = 7_420_001; // any constant: serialises concurrent migrators on one database

export const migrationsFolder = path.resolve(process.cwd(), 'drizzle');

/** The oldest PostgreSQL the migrations run on (they use `UNIQUE NULLS NOT DISTINCT`, new in 15). */
export const MINIMUM_POSTGRES_VERSION = 15;

/** The refusal for a server older than MINIMUM_POSTGRES_VERSION, or null when it is supported. */
export function unsupportedPostgres(versionNum: string, version: string): string | null {
  const major = Math.floor(Number(versionNum) / 10_000);
  if (major >= MINIMUM_POSTGRES_VERSION) return null;
  return `PostgreSQL ${version} is not supported: Tocsin needs PostgreSQL ${MINIMUM_POSTGRES_VERSION} or newer.`;
}

/** A clear refusal instead of a syntax error half-way through the migrations on an older server. */
async function assertSupportedPostgres(sql: postgres.Sql): Promise<void> {
  const [row] = await sql<{ num: string; version: string }[]>`
    select current_setting('server_version_num') as num, current_setting('server_version') as version`;
  const refusal = unsupportedPostgres(row!.num, row!.version);
  if (refusal) throw new Error(refusal);
}

export async function runMigrations(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await assertSupportedPostgres(sql);
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(sql), { migrationsFolder });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
