// Once per test run: a PostgreSQL (DATABASE_URL, or an embedded one in a temporary directory)
// and a template database with the committed migrations applied.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { runMigrations } from '../../lib/db/migrate';
import { templateName, withDatabase } from './database';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  let stop = async () => {};
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-test-pg-'));
    const server = await startEmbeddedPostgres({
      dataDir,
      port: 54339 + Math.floor(Math.random() * 500),
      password: 'test',
      database: 'postgres',
    });
    adminUrl = server.url;
    stop = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const template = templateName();
  await ensureTemplate(adminUrl, template);
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', template);
  return stop;
}

async function ensureTemplate(adminUrl: string, template: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(7420009)`; // projects of one run set up in parallel
    const [found] = await sql`select 1 from pg_database where datname = ${template}`;
    if (!found) {
      const building = `${template}_building`;
      await sql.unsafe(`drop database if exists "${building}" with (force)`);
      await sql.unsafe(`create database "${building}"`);
      await runMigrations(withDatabase(adminUrl, building));
      await sql.unsafe(`alter database "${building}" rename to "${template}"`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
