// Everything the queue, the dispatcher and the worker are configured with, in one value: built from
// the environment for the worker and the drain route, built by hand in tests.
import { config, type Config } from '../config';
import { encryptionKey, SecretKeyError } from '../crypto/secrets';
import { providerEndpoints, type ProviderEndpoints } from './provider-config';
import type { RetryPolicy } from './retry-policy';

export interface PacingOptions {
  resendRequestsPerSecond: number;
  slackMessagesPerSecondPerChannel: number;
  teamsRequestsPerSecondPerUrl: number;
  /** Per webhook endpoint (default 10). */
  webhookRequestsPerSecondPerEndpoint?: number;
  /** Each of users.lookupByEmail and conversations.open, per Slack workspace (default 45, Tier 3). */
  slackLookupsPerMinute?: number;
}

export interface DeliveryOptions {
  /** Absolute base of links in messages, without a trailing slash. */
  appUrl: string;
  mailFrom: string;
  /** Null: mail goes to the local outbox. */
  resendApiKey: string | null;
  endpoints: ProviderEndpoints;
  /** Decrypts stored secrets; null when no key is configured (deliveries needing one then fail). */
  encryptionKey: Buffer | null;
  retryPolicy: RetryPolicy;
  leaseMs: number;
  sendTimeoutMs: number;
  /** Requests to providers in flight at once, per worker (a Resend batch is one). */
  concurrency: number;
  /** Slack, Teams and webhook jobs claimed per statement. */
  batchSize: number;
  pacing: PacingOptions;
  /**
   * The longest a claimed job waits in the worker for its pacing slot; one due later goes back to the
   * queue with next_attempt_at at its slot. Bounded by the lease in deliveryTimings().
   */
  maxHoldMs: number;
}

export function deliveryOptionsFromConfig(cfg: Config = config(), env: Record<string, string | undefined> = process.env): DeliveryOptions {
  let key: Buffer | null = null;
  try {
    key = encryptionKey(env);
  } catch (error) {
    if (!(error instanceof SecretKeyError)) throw error;
  }
  return {
    appUrl: cfg.appUrl,
    mailFrom: cfg.MAIL_FROM,
    resendApiKey: cfg.RESEND_API_KEY ?? null,
    endpoints: providerEndpoints(env),
    encryptionKey: key,
    retryPolicy: {
      maxAttempts: cfg.DELIVERY_MAX_ATTEMPTS,
      baseDelayMs: cfg.DELIVERY_RETRY_BASE_MS,
      multiplier: 4,
      maxDelayMs: Math.max(cfg.DELIVERY_RETRY_BASE_MS, cfg.DELIVERY_RETRY_MAX_MS),
    },
    leaseMs: cfg.DELIVERY_LEASE_MS,
    sendTimeoutMs: cfg.DELIVERY_TIMEOUT_MS,
    concurrency: cfg.WORKER_CONCURRENCY,
    batchSize: cfg.WORKER_BATCH_SIZE,
    pacing: {
      resendRequestsPerSecond: cfg.RESEND_REQUESTS_PER_SECOND,
      slackMessagesPerSecondPerChannel: cfg.SLACK_MESSAGES_PER_SECOND,
      teamsRequestsPerSecondPerUrl: cfg.MSTEAMS_REQUESTS_PER_SECOND,
      webhookRequestsPerSecondPerEndpoint: cfg.WEBHOOK_REQUESTS_PER_SECOND,
      slackLookupsPerMinute: cfg.SLACK_LOOKUPS_PER_MINUTE,
    },
    maxHoldMs: 5_000,
  };
}

/**
 * A job must be sent well within its lease, or another worker could claim it while it is in flight:
 * the hold before sending plus the request's timeout plus a margin fit in the lease. A lease too
 * short for the timeout is a configuration error.
 */
export function holdLimitMs(options: Pick<DeliveryOptions, 'leaseMs' | 'sendTimeoutMs' | 'maxHoldMs'>): number {
  const margin = leaseMarginMs(options);
  const room = options.leaseMs - options.sendTimeoutMs - margin;
  if (room < 0) {
    throw new Error(
      `DELIVERY_LEASE_MS (${options.leaseMs}) must exceed DELIVERY_TIMEOUT_MS (${options.sendTimeoutMs}) by at least ${Math.ceil(margin)} ms`,
    );
  }
  return Math.min(options.maxHoldMs, room);
}

/** What a send keeps free at the end of its lease: clocks, the outcome's write, a slow event loop. */
export function leaseMarginMs(options: Pick<DeliveryOptions, 'leaseMs'>): number {
  return Math.max(500, options.leaseMs * 0.1);
}
