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
  /** 32 bytes (hex or base64) that encrypt stored secrets; generated into .data/ by the launcher. */
  TOCSIN_ENCRYPTION_KEY: optionalText,
  /** The app's absolute base URL for links in messages; default NEXTAUTH_URL, else http://localhost:$PORT. */
  APP_URL: optionalText,
  /** `0`: npm run dev / npm start do not start the delivery worker (deliveries drained by HTTP cron instead). */
  TOCSIN_WORKER: z
    .enum(['1', '0', 'true', 'false', ''])
    .optional()
    .transform((v) => v !== '0' && v !== 'false'),
  /** Bearer secret of POST /api/internal/deliveries/drain; the route is off while unset. */
  CRON_SECRET: optionalText,
  /** Resend API key; without one, mail goes to the local outbox (/admin/outbox). */
  RESEND_API_KEY: optionalText,
  MAIL_FROM: z.string().trim().min(3).default('Tocsin <notifications@tocsin.local>'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(8),
  /** Slack, Teams and webhook jobs claimed per statement (mail is claimed up to a Resend batch, 100). */
  WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(25),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** The retry policy's first delay ceiling and its cap (exponential backoff with full jitter). */
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(1).default(5_000),
  DELIVERY_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(60 * 60 * 1000),
  /** How long a claimed job is a worker's before another may take it (a crashed worker's jobs come back then). */
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** Per request to a provider or endpoint. Must leave room within the lease. */
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * Resend's team-wide rate until its first ratelimit-limit header says otherwise (its docs have said
   * 2, 5 and 10 req/s); the announced limit is then shared by every worker.
   */
  RESEND_REQUESTS_PER_SECOND: z.coerce.number().positive().default(2),
  /** chat.postMessage per Slack channel (Slack: about 1/s). */
  SLACK_MESSAGES_PER_SECOND: z.coerce.number().positive().default(1),
  /** Per Teams Workflows URL (throttled above 4/s). */
  MSTEAMS_REQUESTS_PER_SECOND: z.coerce.number().positive().default(4),
  /** Each of users.lookupByEmail and conversations.open per Slack workspace (Tier 3: 50+ a minute). */
  SLACK_LOOKUPS_PER_MINUTE: z.coerce.number().positive().default(45),
  /** Per signed-webhook endpoint. */
  WEBHOOK_REQUESTS_PER_SECOND: z.coerce.number().positive().default(10),
  /** The realtime sidecar (socket.io) listens here. */
  REALTIME_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /**
   * Where browsers reach the sidecar, when not the app's host on REALTIME_PORT (a proxy, another
   * host). Read at request time by the signed-in layout, so changing it needs no rebuild;
   * NEXT_PUBLIC_REALTIME_URL is accepted as well, for installs that set that name.
   */
  REALTIME_PUBLIC_URL: optionalText,
  NEXT_PUBLIC_REALTIME_URL: optionalText,
  /** With it, the sidecar's /healthz also tells the socket count to `Authorization: Bearer <it>`. */
  REALTIME_HEALTH_SECRET: optionalText,
  /** Browser origins the sidecar accepts, comma-separated; default: the app's own (see lib/realtime/origins.ts). */
  REALTIME_ALLOWED_ORIGINS: optionalText,
  /**
   * Proxies in front of the web process (addresses or CIDR ranges, comma-separated) whose
   * X-Forwarded-For is believed: the client is the rightmost hop that is not one of them.
   */
  TRUSTED_PROXIES: optionalText,
  /** Single sign-on (OpenID Connect): all three of issuer, client id and secret turn it on. */
  OIDC_ISSUER: optionalText,
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  /** The sign-in button's name, e.g. "Okta". */
  OIDC_NAME: z.string().trim().min(1).default('single sign-on'),
  /** A claim listing group names: the user joins the Tocsin groups of those names and leaves the others. */
  OIDC_GROUPS_CLAIM: optionalText,
  /** `1`: sign-in only through the identity provider (no password form). */
  OIDC_ONLY: flag,
  /** With OIDC_ONLY: the first admin (ADMIN_USERNAME) may still sign in with a password (break-glass). */
  ADMIN_LOCAL_LOGIN: flag,
  /** Bearer token of the metrics endpoints (web /api/metrics, sidecar and worker /metrics); unset: none are served. */
  METRICS_TOKEN: optionalText,
  /** When set, the worker serves GET /healthz and GET /metrics on this port (one port per worker process). */
  WORKER_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** With it, sidecars share rooms through Redis and elect one handler per NOTIFY. */
  REDIS_URL: optionalText,
  /** Namespaces Tocsin's Redis keys and channels, for installs (or test runs) sharing one Redis. */
  REDIS_KEY_PREFIX: z.string().trim().min(1).default('tocsin'),
});

export type Config = z.infer<typeof schema> & { dataDir: string; appUrl: string };

let cached: Config | undefined;

export function config(): Config {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const data = parsed.data;
  const appUrl = (data.APP_URL ?? data.NEXTAUTH_URL ?? `http://localhost:${data.PORT}`).replace(/\/+$/, '');
  cached = { ...data, dataDir: path.resolve(data.TOCSIN_DATA_DIR ?? '.data'), appUrl };
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
