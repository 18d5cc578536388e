// POST /api/internal/deliveries/drain on the production build: refused without the cron secret,
// one bounded batch with it, through the same dispatcher as the worker.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetWorld } from '../support/notifications';
import { startApp, type RunningApp } from '../support/app-server';
import {
  configureIntegrations,
  emitEvents,
  ENCRYPTION_KEY_HEX,
  RESEND_KEY,
  startFakes,
  statusCounts,
  subscribedProgram,
  type Fakes,
} from '../support/delivery-world';

const CRON_SECRET = 'cron-secret-for-tests-0123456789';

let fakes: Fakes;
let app: RunningApp;

beforeAll(async () => {
  fakes = await startFakes();
  app = await startApp({
    databaseUrl: process.env.DATABASE_URL!,
    env: {
      CRON_SECRET,
      TOCSIN_WORKER: '0', // no worker: only the route drains
      TOCSIN_ENCRYPTION_KEY: ENCRYPTION_KEY_HEX,
      RESEND_API_KEY: RESEND_KEY,
      RESEND_BASE_URL: fakes.resend.url,
      SLACK_API_URL: fakes.slack.apiUrl,
      TOCSIN_ALLOW_PRIVATE_URLS: '1',
      WORKER_BATCH_SIZE: '5',
    },
  });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await fakes?.close();
});

const drain = (headers: Record<string, string> = {}, query = '') =>
  fetch(`${app.url}/api/internal/deliveries/drain${query}`, { method: 'POST', headers });

describe('the drain route', () => {
  it('refuses a request without the secret, or with a wrong one, and does nothing', async () => {
    await resetWorld();
    await configureIntegrations(fakes);
    const { engagementId } = await subscribedProgram(1);
    await emitEvents(engagementId, 1);

    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: CRON_SECRET },
      { authorization: `Basic ${CRON_SECRET}` },
    ];
    for (const headers of attempts) {
      const response = await drain(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(await statusCounts()).toMatchObject({ pending: 6, sent: 0 });
  });

  it('with the secret, processes one bounded batch and says what it did', async () => {
    const auth = { authorization: `Bearer ${CRON_SECRET}` };
    expect((await drain(auth, '?limit=0')).status).toBe(400);

    // 6 due: 2 emails (one Resend batch) and 4 others, of which the limit takes 3.
    const first = await drain(auth, '?limit=3');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ claimed: 5, sent: 5, retried: 0, dead: 0, deferred: 0 });
    expect(await statusCounts()).toMatchObject({ pending: 1, sent: 5 });

    expect(await (await drain(auth)).json()).toEqual({ claimed: 1, sent: 1, retried: 0, dead: 0, deferred: 0 });
    expect(await (await drain(auth)).json()).toEqual({ claimed: 0, sent: 0, retried: 0, dead: 0, deferred: 0 });
    expect(fakes.resend.inbox).toHaveLength(2);
    expect(fakes.slack.posts).toHaveLength(2);
    expect(fakes.teams.cards).toHaveLength(1);
    expect(fakes.receiver.valid).toHaveLength(1);
  });

  it('is not there at all while CRON_SECRET is unset', async () => {
    vi.resetModules();
    const saved = process.env.CRON_SECRET;
    delete process.env.CRON_SECRET;
    try {
      const { POST } = await import('@/app/api/internal/deliveries/drain/route');
      const response = await POST(
        new Request('http://tocsin.test/api/internal/deliveries/drain', { method: 'POST', headers: { authorization: 'Bearer ' } }),
      );
      expect(response.status).toBe(404);
    } finally {
      if (saved !== undefined) process.env.CRON_SECRET = saved;
    }
  });
});
