// The web app alone (`next start` on the production build), for benches that call its API: no
// launcher, so no second sidecar listening to the bench's database.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../support/free-port';

export interface WebProcess {
  url: string;
  /** For its memory (/proc). */
  child: ChildProcess;
  stop(): Promise<void>;
}

export const hasBuild = () => fs.existsSync(path.resolve('.next', 'BUILD_ID'));

export async function startWeb(env: { DATABASE_URL: string; NEXTAUTH_SECRET: string }): Promise<WebProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'start', '--port', String(port)], {
    env: { ...process.env, ...env, NODE_ENV: 'production', NEXTAUTH_URL: url, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('next start exited while starting');
    try {
      if ((await fetch(`${url}/login`)).ok) return { url, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error('next start did not serve /login within 60 s');
}
