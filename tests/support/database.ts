// Test databases: one template with the migrations applied per run, and a fresh copy of it per
// test file (CREATE DATABASE … TEMPLATE is a file copy: tens of milliseconds).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A name that changes whenever a migration does, so a template is reused only while it is current. */
export function templateName(): string {
  const dir = path.resolve('drizzle');
  const hash = crypto.createHash('sha256');
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const full = path.join(dir, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  return `tocsin_tpl_${hash.digest('hex').slice(0, 12)}`;
}

export async function createDatabaseFromTemplate(adminUrl: string, template: string): Promise<string> {
  const name = `tocsin_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql.unsafe(`create database "${name}" template "${template}"`);
        break;
      } catch (error) {
        // Two copies of one template at the same instant can collide; try again shortly.
        if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  return withDatabase(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
