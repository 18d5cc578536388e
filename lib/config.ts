// The environment, parsed once. Defaults make `npm run dev` work on a machine with nothing set.
import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v : undefined));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: optionalText,
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TOCSIN_DATA_DIR: optionalText,
  NEXTAUTH_SECRET: optionalText,
  NEXTAUTH_URL: optionalText,
  ADMIN_USERNAME: optionalText,
  ADMIN_PASSWORD: optionalText,
  DEMO_PASSWORD: optionalText,
  TOCSIN_DEMO: flag,
  /** The realtime sidecar (socket.io) listens here. */
  REALTIME_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /**
   * Where browsers reach the sidecar, when not the app's host on REALTIME_PORT (a proxy, another
   * host). Read at request time by the signed-in layout, so changing it needs no rebuild;
   * NEXT_PUBLIC_REALTIME_URL is accepted as well, for installs that set that name.
   */
  REALTIME_PUBLIC_URL: optionalText,
  NEXT_PUBLIC_REALTIME_URL: optionalText,
  /** Browser origins the sidecar accepts, comma-separated; default: the app's own (see lib/realtime/origins.ts). */
  REALTIME_ALLOWED_ORIGINS: optionalText,
  /** With it, sidecars share rooms through Redis and elect one handler per NOTIFY. */
  REDIS_URL: optionalText,
  /** Namespaces Tocsin's Redis keys and channels, for installs (or test runs) sharing one Redis. */
  REDIS_KEY_PREFIX: z.string().trim().min(1).default('tocsin'),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  cached = { ...parsed.data, dataDir: path.resolve(parsed.data.TOCSIN_DATA_DIR ?? '.data') };
  return cached;
}

/**
 * Read from the environment on each call, not from the parsed snapshot: the launcher sets it once
 * the embedded server is up, and tests point each file at its own database.
 */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) throw new Error('DATABASE_URL is not set: start Tocsin with `npm run dev` or `npm start`, which provide one.');
  return url;
}
