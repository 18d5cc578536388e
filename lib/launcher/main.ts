// `npm run dev`, `npm start`, `npm run seed`: prepares the database (embedded or DATABASE_URL,
// migrations, first admin, demo data), then runs the app's processes and stops them all on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { config, type Config } from '../config';
import { closeDb, db } from '../db/client';
import { runMigrations } from '../db/migrate';
import { seedDemo } from './demo-seed';
import { demoPasswordLine } from './demo-password-line';
import { resolveDatabase } from './database';
import { ensureFirstAdmin } from './first-admin';
import { loadLocalSecrets } from './local-secrets';
import { errorText } from '../db/error-text';
import { parseEncryptionKey } from '../crypto/secrets';
import { encryptLegacyWebhookUrls } from '../delivery/webhook-url';
import PROCESS_ENTRIES from './process-entries.json';

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
  // Webhook URLs saved before they were encrypted at rest (migration 0010): encrypted now, once.
  const legacy = await encryptLegacyWebhookUrls(db(), parseEncryptionKey(cfg.TOCSIN_ENCRYPTION_KEY ?? secrets.encryptionKey));
  if (legacy > 0) log(`encrypted ${legacy} webhook endpoint URL(s) stored in the clear`);
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
    if (mode === 'start')
      log(
        `warning: TOCSIN_ENCRYPTION_KEY is not set; using the one generated under .data/ (set it in production, and keep it: stored secrets need it)`,
      );
    process.env.TOCSIN_ENCRYPTION_KEY = secrets.encryptionKey;
  }
  process.env.NEXTAUTH_URL ??= `http://localhost:${cfg.PORT}`;
  const specs = processSpecs(mode, cfg);
  children = startProcesses(specs);
  for (const spec of specs) log(`${spec.name}: ${spec.url ?? 'started'}`);
  log(`Tocsin is starting on http://localhost:${cfg.PORT} (Ctrl-C stops everything)`);
}

/** Migrated database → first admin → demo data where this mode loads it. Returns whether the demo was loaded now. */
async function prepareData(mode: Mode, demoRequested: boolean, secrets: ReturnType<typeof loadLocalSecrets>): Promise<boolean> {
  const cfg = config();
  const adminUsername = cfg.ADMIN_USERNAME ?? 'admin';
  const admin = await ensureFirstAdmin(db(), { username: adminUsername, password: cfg.ADMIN_PASSWORD ?? secrets.adminPassword });
  if (admin) {
    log(
      `first admin created: username "${admin.username}"${cfg.ADMIN_PASSWORD ? ' (password from ADMIN_PASSWORD)' : `, password "${admin.password}"`}`,
    );
    if (!cfg.ADMIN_PASSWORD) log(`(the password is kept in ${path.join(cfg.dataDir, 'secrets.json')})`);
  } else if (!cfg.ADMIN_PASSWORD && mode !== 'seed') {
    log(`sign in as "${adminUsername}"; a generated admin password is kept in ${path.join(cfg.dataDir, 'secrets.json')}`);
  }
  if (mode === 'start' && !demoRequested) return false;
  const demoPassword = cfg.DEMO_PASSWORD ?? secrets.demoPassword;
  const seeded = await seedDemo(db(), { password: demoPassword });
  log(
    demoPasswordLine({
      seededNow: seeded,
      password: demoPassword,
      fromEnv: Boolean(cfg.DEMO_PASSWORD),
      secretsFile: path.join(cfg.dataDir, 'secrets.json'),
    }),
  );
  return seeded;
}

/** A process the launcher runs and stops: the app's processes are this list. */
interface ProcessSpec {
  name: string;
  args: string[];
  env: Record<string, string>;
  /** Where it listens, for the start-up lines; none for the worker. */
  url?: string;
}

/**
 * How a background process is run: in development from its TypeScript source through tsx; in
 * production the JavaScript that `npm run build` compiled into dist/, so `npm start` needs no
 * devDependency.
 */
/** A child process's entry: its TypeScript source under tsx in development, its compiled file otherwise. */
function processEntry(mode: Mode, name: 'web' | 'realtime' | 'worker'): string[] {
  if (mode === 'dev') return ['--import', 'tsx', PROCESS_ENTRIES[name]];
  return [path.resolve('dist', `${name}.mjs`)];
}

/** Each child gets this process's environment (DATABASE_URL and NEXTAUTH_SECRET set above) plus its own `env`. */
function processSpecs(mode: Mode, cfg: Config): ProcessSpec[] {
  if (mode === 'start') {
    for (const built of [
      path.join('.next', 'BUILD_ID'),
      ...['web', 'realtime', 'worker'].map((name) => path.join('dist', `${name}.mjs`)),
    ]) {
      if (!fs.existsSync(path.resolve(built)))
        throw new Error(`No production build found (${built}): run \`npm run build\` before \`npm start\`.`);
    }
  }
  return [
    {
      name: 'web',
      // Next.js behind our own HTTP server, which sees the socket (client addresses: web-server.ts).
      args: [...processEntry(mode, 'web'), mode === 'dev' ? 'dev' : 'start'],
      env: { NEXT_TELEMETRY_DISABLED: '1' },
      url: `http://localhost:${cfg.PORT}`,
    },
    {
      // The socket.io sidecar (lib/realtime): reads the web's session cookies with the same secret.
      name: 'realtime',
      args: processEntry(mode, 'realtime'),
      env: { REALTIME_PORT: String(cfg.REALTIME_PORT) },
      url: `http://localhost:${cfg.REALTIME_PORT}`,
    },
    // The worker (lib/worker; `npm run worker` alone). TOCSIN_WORKER=0 leaves it out
    // where deliveries are drained by HTTP cron instead (POST /api/internal/deliveries/drain).
    ...(cfg.TOCSIN_WORKER ? [{ name: 'worker', args: processEntry(mode, 'worker'), env: {} }] : []),
  ];
}

function startProcesses(specs: ProcessSpec[]): ChildProcess[] {
  return specs.map((spec) => {
    const child = spawn(process.execPath, spec.args, { stdio: 'inherit', env: { ...process.env, ...spec.env } });
    child.once('exit', (code, signal) => {
      if (shuttingDown) return;
      log(`${spec.name} exited (${signal ?? `code ${code}`}); stopping the others`);
      void shutdown(code || 1);
    });
    return child;
  });
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
  console.error('usage: launcher dev|start|seed (npm run dev, npm start, npm run seed)');
  process.exit(2);
}
main(mode).catch((error: unknown) => {
  console.error(`[tocsin] ${errorText(error)}`);
  process.exit(1);
});
