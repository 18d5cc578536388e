// Attempts count requests made: a job the shared limits deferred (no turn, no request) is not an
// attempt, so a paced Slack lookup does not read as a provider failure on the dashboard.
import { describe, expect, it } from 'vitest';
import { recordAttempt, workerMetrics } from '@/lib/delivery/attempt-metrics';

async function attempts(result: string): Promise<number> {
  const metric = await workerMetrics().attempts.get();
  return metric.values.find((v) => v.labels.channel === 'slack' && v.labels.result === result)?.value ?? 0;
}

describe('delivery attempt metrics', () => {
  it('count sends, retries and failures, and skip deferred jobs', async () => {
    recordAttempt('slack', { ok: true }, 0.01);
    recordAttempt('slack', { ok: false, retryable: true, statusCode: 429, error: 'Slack rate limited the request' }, 0.01);
    recordAttempt('slack', { ok: false, retryable: false, error: 'Slack channel_not_found' }, 0.01);
    recordAttempt('slack', { ok: false, retryable: true, deferMs: 1000, error: 'conversations.open' }, 4);
    expect(await attempts('sent')).toBe(1);
    expect(await attempts('retry')).toBe(1);
    expect(await attempts('failed')).toBe(1);
    const rateLimited = await workerMetrics().rateLimited.get();
    expect(rateLimited.values.find((v) => v.labels.channel === 'slack')?.value).toBe(1);
  });
});
