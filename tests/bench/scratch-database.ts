// A throwaway database for a benchmark: on DATABASE_URL's server when set (used as the admin
// connection), else on an embedded PostgreSQL started for the run. Migrated, then dropped.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { closeDb } from '../../lib/db/client';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { runMigrations } from '../../lib/db/migrate';
import { dropDatabase, withDatabase } from '../support/database';

export async function withScratchDatabase(run: () => Promise<void>): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-bench-pg-'));
    const server = await startEmbeddedPostgres({
      dataDir,
      port: 55339 + Math.floor(Math.random() * 500),
      password: 'bench',
      database: 'postgres',
    });
    adminUrl = server.url;
    stopServer = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const url = withDatabase(adminUrl, `tocsin_bench_${crypto.randomBytes(4).toString('hex')}`);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${new URL(url).pathname.slice(1)}"`);
    await runMigrations(url);
    process.env.DATABASE_URL = url;
    await run();
  } finally {
    await closeDb();
    await admin.end({ timeout: 5 });
    await dropDatabase(adminUrl, url);
    await stopServer();
  }
}
