// With no DATABASE_URL, Tocsin runs its own PostgreSQL under .data/: data and the generated admin
// password survive restarts, and what a crash leaves behind (an orphaned server, a stale lock) is
// recovered by the next start.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';

const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
let dataDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-embedded-'));
  env = { ...process.env, TOCSIN_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), DEMO_PASSWORD: 'demo' };
  delete env.DATABASE_URL;
  delete env.ADMIN_PASSWORD;
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function seed(): string {
  const run = spawnSync(process.execPath, [tsx, 'lib/launcher/main.ts', 'seed'], { env, encoding: 'utf8', timeout: 120_000 });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  return run.stdout;
}

const adminPassword = () => JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')).adminPassword as string;

describe('the embedded PostgreSQL', () => {
  it('is created on first start, with the first admin and the demo, and stopped on exit', () => {
    const out = seed();
    expect(out).toContain('starting the embedded PostgreSQL');
    expect(out).toContain(`first admin created: username "admin", password "${adminPassword()}"`);
    expect(out).toContain('demo data loaded');
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('keeps data and the admin password across restarts', () => {
    const password = adminPassword();
    const out = seed();
    expect(out).toContain('demo data already present');
    expect(out).not.toContain('first admin created');
    expect(adminPassword()).toBe(password);
  });

  it('takes back the data directory from a server orphaned by a killed launcher', async () => {
    // One process (node --import tsx), so kill -9 takes the launcher itself, as a crash would.
    const holder = spawn(process.execPath, ['--import', 'tsx', 'tests/support/hold-embedded.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve());
      holder.once('exit', () => reject(new Error('the holder exited before the database was ready')));
    });
    const orphan = Number.parseInt(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8'), 10);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(() => process.kill(orphan, 0)).not.toThrow(); // the server outlived its launcher

    const out = seed();
    expect(out).toContain('demo data already present');
    expect(() => process.kill(orphan, 0)).toThrow();
  });

  it('starts despite a stale postmaster.pid whose pid now belongs to another process', () => {
    const lock = path.join(dataDir, 'pg', 'postmaster.pid');
    fs.writeFileSync(lock, `${process.pid}\n${path.join(dataDir, 'pg')}\n1700000000\n${env.EMBEDDED_PG_PORT}\n\n127.0.0.1\n`);
    const out = seed();
    expect(out).toContain('demo data already present');
    expect(fs.existsSync(lock)).toBe(false);
  });
});
