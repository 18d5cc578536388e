// Starts Tocsin as a user would (`npm start`: the launcher, then `next start` on the production
// build) against a given database, on a free port (its realtime sidecar on another), and stops it
// with its whole process group (also when the test file ends without stopping it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trackChildGroup } from './child-groups';
import { freePort } from './free-port';

export const TEST_SECRET = 'tocsin-test-secret-0123456789abcdef0123456789';
export const ADMIN = { username: 'admin', password: 'admin-test-password' };
/** The demo users' password when a test starts the app with TOCSIN_DEMO=1 and DEMO_PASSWORD. */
export const DEMO_PASSWORD = 'demo-test-password';

export interface RunningApp {
  url: string;
  port: number;
  /** The port of the realtime sidecar the launcher started beside the web app. */
  realtimePort: number;
  logs: () => string;
  stop: () => Promise<void>;
}

export async function startApp(options: { databaseUrl: string; env?: Record<string, string>; port?: number }): Promise<RunningApp> {
  if (!fs.existsSync(path.resolve('.next', 'BUILD_ID'))) {
    throw new Error('No production build: run `npm run build` first (npm test does).');
  }
  const port = options.port ?? (await freePort());
  let realtimePort = await freePort();
  while (realtimePort === port) realtimePort = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-app-'));
  let output = '';
  const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'lib/launcher/main.ts', 'start'], {
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      REALTIME_PORT: String(realtimePort),
      NEXTAUTH_SECRET: TEST_SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      TOCSIN_DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));

  const url = `http://127.0.0.1:${port}`;
  // Registered before the wait below: if the caller's beforeAll times out first, the setup file's
  // afterAll (or the process's exit) still kills the whole group.
  const stopGroup = trackChildGroup(child);
  const stop = async () => {
    await stopGroup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Tocsin exited while starting:\n${output}`);
    try {
      const response = await fetch(`${url}/login`, { redirect: 'manual' });
      if (response.status === 200) return { url, port, realtimePort, logs: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`Tocsin did not serve /login within 90 s:\n${output}`);
}
