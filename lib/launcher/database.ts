// Which PostgreSQL this process uses: DATABASE_URL when set, else the embedded one under .data/,
// started here or, when another Tocsin process already runs it, shared with that process.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '../config';
import { startEmbeddedPostgres } from '../db/embedded';
import type { LocalSecrets } from './local-secrets';

export interface Database {
  url: string;
  embedded: boolean;
  stop: () => Promise<void>;
}

export async function resolveDatabase(cfg: Config, secrets: LocalSecrets, log: (line: string) => void): Promise<Database> {
  if (cfg.DATABASE_URL) return { url: cfg.DATABASE_URL, embedded: false, stop: async () => {} };
  const url = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${cfg.EMBEDDED_PG_PORT}/tocsin`;
  if (embeddedIsRunning(cfg.dataDir) && (await portAnswers(cfg.EMBEDDED_PG_PORT))) {
    log(`using the embedded PostgreSQL already running on port ${cfg.EMBEDDED_PG_PORT}`);
    return { url, embedded: true, stop: async () => {} };
  }
  log(`starting the embedded PostgreSQL (data in ${path.join(cfg.dataDir, 'pg')}, port ${cfg.EMBEDDED_PG_PORT})`);
  const server = await startEmbeddedPostgres({
    dataDir: cfg.dataDir,
    port: cfg.EMBEDDED_PG_PORT,
    password: secrets.postgresPassword,
    log: (line) => {
      if (/FATAL|PANIC|ERROR/.test(line)) log(`postgres: ${line}`);
    },
  });
  return { url: server.url, embedded: true, stop: server.stop };
}

/** A live postmaster owns the data directory (started by another Tocsin process). */
function embeddedIsRunning(dataDir: string): boolean {
  const lockFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!fs.existsSync(lockFile)) return false;
  const pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8').split('\n')[0] ?? '', 10);
  try {
    return Number.isInteger(pid) && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
