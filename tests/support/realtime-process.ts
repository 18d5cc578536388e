// A sidecar as its own process (`tsx lib/realtime/main.ts`), as `npm run realtime` starts it;
// and any script that logs a JSON `started` line when ready (the bench's bare relay).
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { freePort } from './free-port';
import { APP_ORIGIN, SECRET } from './realtime';

export interface SidecarProcess {
  port: number;
  child: ChildProcess;
  /** Its JSON log lines so far. */
  logs: Record<string, unknown>[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function spawnSidecar(env: Record<string, string>): Promise<SidecarProcess> {
  const port = await freePort();
  return spawnScript('lib/realtime/main.ts', port, {
    NEXTAUTH_SECRET: SECRET,
    REALTIME_PORT: String(port),
    REALTIME_ALLOWED_ORIGINS: APP_ORIGIN,
    ...env,
  });
}

/** Runs a TypeScript file with DATABASE_URL and `env`; resolves once it logs `{"msg":"started"}`. */
export async function spawnScript(script: string, port: number, env: Record<string, string>): Promise<SidecarProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: process.env.DATABASE_URL!, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sidecar did not start within 30 s')), 30_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ msg: line });
      }
      if (logs.at(-1)?.msg === 'started') {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`the sidecar exited with ${code} before starting: ${JSON.stringify(logs)}`)));
  });
  return {
    port,
    child,
    logs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
