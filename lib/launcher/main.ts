// `npm run dev`, `npm start`, `npm run seed`: prepares the database (embedded or DATABASE_URL,
// migrations, first admin, demo data), then runs the app's processes and stops them all on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { config, type Config } from '../config';
import { closeDb, db } from '../db/client';
import { runMigrations } from '../db/migrate';
import { DEMO_USERS, seedDemo } from '../db/seed';
import { resolveDatabase, type Database } from './database';
import { ensureFirstAdmin } from './first-admin';
import { loadLocalSecrets } from './local-secrets';

type Mode = 'dev' | 'start' | 'seed';

const log = (line: string) => console.log(`[tocsin] ${line}`);

async function main(mode: Mode): Promise<void> {
  (process.env as Record<string, string>).NODE_ENV ??= mode === 'start' ? 'production' : 'development';
  const cfg = config();
  const secrets = loadLocalSecrets(cfg.dataDir);
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  const database = await resolveDatabase(cfg, secrets, log);
  stopDatabase = once(database.stop);

  process.env.DATABASE_URL = database.url;
  await runMigrations(database.url);
  const seeded = await prepareData(mode, cfg.TOCSIN_DEMO, secrets);
  await closeDb();
  if (mode === 'seed') {
    log(seeded ? 'demo data loaded' : 'demo data already present (or the database holds a program): nothing to do');
    await stopDatabase();
    return;
  }

  if (!cfg.NEXTAUTH_SECRET) {
    if (mode === 'start') log('warning: NEXTAUTH_SECRET is not set; using the one generated under .data/ (set it in production)');
    process.env.NEXTAUTH_SECRET = secrets.nextauthSecret;
  }
  if (!cfg.TOCSIN_ENCRYPTION_KEY) {
    if (mode === 'start') log(`warning: TOCSIN_ENCRYPTION_KEY is not set; using the one generated under .data/ (set it in production, and keep it: stored secrets need it)`);
    process.env.TOCSIN_ENCRYPTION_KEY = secrets.encryptionKey;
  }
  process.env.NEXTAUTH_URL ??= `http://localhost:${cfg.PORT}`;
  children = startProcesses(mode, cfg, database);
  log(`Tocsin is starting on http://localhost:${cfg.PORT} (Ctrl-C stops everything)`);
}

/** Migrated database → first admin → demo data where this mode loads it. Returns whether the demo was loaded now. */
async function prepareData(mode: Mode, demoRequested: boolean, secrets: ReturnType<typeof loadLocalSecrets>): Promise<boolean> {
  const cfg = config();
  const adminUsername = cfg.ADMIN_USERNAME ?? 'admin';
  const admin = await ensureFirstAdmin(db(), { username: adminUsername, password: cfg.ADMIN_PASSWORD ?? secrets.adminPassword });
  if (admin) {
    log(`first admin created: username "${admin.username}"${cfg.ADMIN_PASSWORD ? ' (password from ADMIN_PASSWORD)' : `, password "${admin.password}"`}`);
    if (!cfg.ADMIN_PASSWORD) log(`(the password is kept in ${path.join(cfg.dataDir, 'secrets.json')})`);
  } else if (!cfg.ADMIN_PASSWORD && mode !== 'seed') {
    log(`sign in as "${adminUsername}"; a generated admin password is kept in ${path.join(cfg.dataDir, 'secrets.json')}`);
  }
  if (mode === 'start' && !demoRequested) return false;
  const demoPassword = cfg.DEMO_PASSWORD ?? secrets.demoPassword;
  const seeded = await seedDemo(db(), { password: demoPassword });
  if (seeded) log(`demo data loaded: users ${DEMO_USERS.map((u) => u.username).join(', ')} with password "${demoPassword}"`);
  return seeded;
}

function startProcesses(mode: Mode, cfg: Config, database: Database): ChildProcess[] {
  const nextBin = path.resolve('node_modules', 'next', 'dist', 'bin', 'next');
  if (mode === 'start' && !fs.existsSync(path.resolve('.next', 'BUILD_ID'))) {
    throw new Error('No production build found: run `npm run build` before `npm start`.');
  }
  // Every child gets the same environment: the database, the secrets, the provider URLs.
  const env = { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: '1' };
  const run = (args: string[]) => spawn(process.execPath, args, { stdio: 'inherit', env });
  const started = [
    // web: pages, server actions, /api routes
    run([nextBin, mode === 'dev' ? 'dev' : 'start', '--port', String(cfg.PORT)]),
    // worker: drains the delivery queue (lib/delivery/main.ts; `npm run worker` alone)
    ...(cfg.TOCSIN_WORKER ? [run(['--import', 'tsx', path.resolve('lib', 'delivery', 'main.ts')])] : []),
  ];
  for (const child of started) {
    child.once('exit', (code, signal) => {
      if (shuttingDown) return;
      log(`a process exited (${signal ?? `code ${code}`}); stopping the others`);
      void shutdown(code || 1);
    });
  }
  return started;
}

let shuttingDown = false;
let children: ChildProcess[] = [];
let stopDatabase: () => Promise<void> = async () => {};

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping…');
  await Promise.all(children.map((child) => stopChild(child)));
  await stopDatabase().catch((error) => log(`could not stop PostgreSQL cleanly: ${String(error)}`));
  process.exit(code);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

const mode = process.argv[2];
if (mode !== 'dev' && mode !== 'start' && mode !== 'seed') {
  console.error('usage: tsx lib/launcher/main.ts dev|start|seed');
  process.exit(2);
}
main(mode).catch((error: unknown) => {
  console.error(`[tocsin] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
