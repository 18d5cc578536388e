// A throwaway database for a bench: on DATABASE_URL's server when set (used as the admin
// connection), else on an embedded PostgreSQL in a temporary directory. Migrated; dropped after.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { runMigrations } from '../../lib/db/migrate';
import { dropDatabase, withDatabase } from '../support/database';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(): Promise<ScratchDatabase> {
  let adminUrl: string | undefined = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-bench-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: 55000 + crypto.randomInt(1000), password: 'bench', database: 'postgres' });
    adminUrl = server.url;
    stopServer = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const name = `tocsin_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = withDatabase(adminUrl, name);
  await runMigrations(url);
  return {
    url,
    async drop() {
      await dropDatabase(adminUrl, url);
      await stopServer();
    },
  };
}
