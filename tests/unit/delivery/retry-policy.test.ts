import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, decideAfterAttempt } from '@/lib/delivery/retry-policy';
import type { SendResult } from '@/lib/delivery/types';

const now = new Date('2026-03-02T10:00:00.000Z');
const transient: SendResult = { ok: false, retryable: true, statusCode: 503, error: 'down' };
const permanent: SendResult = { ok: false, retryable: false, statusCode: 404, error: 'gone' };

function delayMs(decision: ReturnType<typeof decideAfterAttempt>): number {
  if (decision.action !== 'retry') throw new Error(`expected a retry, got ${decision.action}`);
  return decision.at.getTime() - now.getTime();
}

describe('retry policy', () => {
  it('a success is sent, whatever the attempt', () => {
    expect(decideAfterAttempt({ attempts: 8, result: { ok: true }, now })).toEqual({ action: 'sent' });
  });

  it('a permanent error is dead at once', () => {
    expect(decideAfterAttempt({ attempts: 1, result: permanent, now }, DEFAULT_RETRY_POLICY, () => 0)).toEqual({ action: 'dead' });
  });

  it('a retryable error is retried with a delay drawn uniformly below a ceiling that grows per attempt', () => {
    const half = () => 0.5;
    expect(delayMs(decideAfterAttempt({ attempts: 1, result: transient, now }, DEFAULT_RETRY_POLICY, half))).toBe(2_500);
    expect(delayMs(decideAfterAttempt({ attempts: 2, result: transient, now }, DEFAULT_RETRY_POLICY, half))).toBe(10_000);
    expect(delayMs(decideAfterAttempt({ attempts: 3, result: transient, now }, DEFAULT_RETRY_POLICY, half))).toBe(40_000);
  });

  it('full jitter: the delay spans from zero to just under the ceiling', () => {
    expect(delayMs(decideAfterAttempt({ attempts: 2, result: transient, now }, DEFAULT_RETRY_POLICY, () => 0))).toBe(0);
    expect(delayMs(decideAfterAttempt({ attempts: 2, result: transient, now }, DEFAULT_RETRY_POLICY, () => 0.999999))).toBeLessThan(20_000);
  });

  it('the ceiling stops growing at the maximum delay', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 30 };
    expect(delayMs(decideAfterAttempt({ attempts: 20, result: transient, now }, policy, () => 0.5))).toBe(30 * 60 * 1000);
  });

  it('never retries earlier than the provider’s Retry-After', () => {
    const limited: SendResult = { ...transient, statusCode: 429, retryAfterSeconds: 30 };
    expect(delayMs(decideAfterAttempt({ attempts: 1, result: limited, now }, DEFAULT_RETRY_POLICY, () => 0))).toBe(30_000);
    // A Retry-After beyond the cap is still honoured.
    const long: SendResult = { ...limited, retryAfterSeconds: 7200 };
    expect(delayMs(decideAfterAttempt({ attempts: 1, result: long, now }, DEFAULT_RETRY_POLICY, () => 0.5))).toBe(7_200_000);
  });

  it('a jittered delay longer than Retry-After is kept', () => {
    const limited: SendResult = { ...transient, retryAfterSeconds: 1 };
    expect(delayMs(decideAfterAttempt({ attempts: 4, result: limited, now }, DEFAULT_RETRY_POLICY, () => 0.5))).toBe(160_000);
  });

  it('after the last attempt a retryable error is dead too (default 8 attempts, configurable)', () => {
    expect(decideAfterAttempt({ attempts: 7, result: transient, now }).action).toBe('retry');
    expect(decideAfterAttempt({ attempts: 8, result: transient, now })).toEqual({ action: 'dead' });
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
    expect(decideAfterAttempt({ attempts: 3, result: transient, now }, policy)).toEqual({ action: 'dead' });
  });
});
