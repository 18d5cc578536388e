// The one decision, for every channel, of what happens to a delivery after an attempt.
import type { SendResult } from './types';

export interface RetryPolicy {
  /** Attempts in all, the first one included; the delivery is dead after the last. */
  maxAttempts: number;
  /** The ceiling of the first retry's delay. */
  baseDelayMs: number;
  /** How much the ceiling grows per attempt. */
  multiplier: number;
  /** No computed delay is longer (a provider's Retry-After may be). */
  maxDelayMs: number;
}

/**
 * Delay ceilings 5 s, 20 s, 80 s, 5⅓ min, 21⅓ min, then 1 h: eight attempts span up to ~2.5 h (about
 * half that on average with full jitter), long enough to ride out a provider's incident or a
 * receiver's deploy without holding a dead endpoint's deliveries for days. One schedule for all
 * channels keeps the admin page's "next attempt" predictable; Standard Webhooks' 75-hour schedule
 * is reachable by raising maxAttempts.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 5_000,
  multiplier: 4,
  maxDelayMs: 60 * 60 * 1000,
};

export type RetryDecision = { action: 'sent' } | { action: 'retry'; at: Date } | { action: 'dead' };

export interface AttemptOutcome {
  /** Attempts made so far, this one included (1 after the first send). */
  attempts: number;
  result: SendResult;
  now: Date;
}

/**
 * Exponential backoff with full jitter (a uniform delay between 0 and the ceiling, so retries of
 * many deliveries after one outage spread out instead of arriving together), never earlier than the
 * provider's Retry-After. Permanent errors are dead at once. `random` returns [0, 1).
 */
export function decideAfterAttempt(
  { attempts, result, now }: AttemptOutcome,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  if (result.ok) return { action: 'sent' };
  if (!result.retryable || attempts >= policy.maxAttempts) return { action: 'dead' };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.multiplier ** (attempts - 1));
  const jittered = Math.floor(random() * ceiling);
  const providerMinimum = (result.retryAfterSeconds ?? 0) * 1000;
  return { action: 'retry', at: new Date(now.getTime() + Math.max(jittered, providerMinimum)) };
}
