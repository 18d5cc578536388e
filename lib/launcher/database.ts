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
  const ownerFile = path.join(cfg.dataDir, 'pg-owner.pid');
  if (isAlive(readPid(ownerFile)) && (await portAnswers(cfg.EMBEDDED_PG_PORT))) {
    log(`using the embedded PostgreSQL that another Tocsin process runs on port ${cfg.EMBEDDED_PG_PORT}`);
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
  fs.writeFileSync(ownerFile, `${process.pid}\n`);
  return {
    url: server.url,
    embedded: true,
    stop: async () => {
      await server.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether the process that started the embedded server is still running (else its server is an orphan). */
function isAlive(pid: number | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
    return true;
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
