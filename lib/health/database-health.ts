// Is the database reachable and migrated? The health answer of all three processes (web
// /api/health, the worker's and the sidecar's /healthz): ok, or not ok with a reason a person can
// act on, never internal details (no error text, versions or counts).
import fs from 'node:fs';
import path from 'node:path';
import type postgres from 'postgres';
import { migrationsFolder } from '../db/migrate';

export type Health = { status: 'ok' } | { status: 'not ok'; reason: string };

/** How many migrations this build ships (drizzle-kit's journal), read once. */
let shipped: number | undefined;
function shippedMigrations(): number {
  shipped ??= (
    JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    }
  ).entries.length;
  return shipped;
}

export async function databaseHealth(sql: postgres.Sql, timeoutMs = 2_000): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const applied = await Promise.race([appliedMigrations(sql), timeout]);
    if (applied === 'timeout') return { status: 'not ok', reason: 'database not answering' };
    if (applied < shippedMigrations()) return { status: 'not ok', reason: 'database not migrated' };
    return { status: 'ok' };
  } catch {
    return { status: 'not ok', reason: 'database unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

async function appliedMigrations(sql: postgres.Sql): Promise<number> {
  const [table] = await sql<{ found: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as found`;
  if (!table?.found) return 0;
  const [row] = await sql<{ applied: number }[]>`select count(*)::int as applied from drizzle.__drizzle_migrations`;
  return row?.applied ?? 0;
}
