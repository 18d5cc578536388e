// With every provider failing half its requests in every way (5xx, 429 with Retry-After, too slow,
// connection dropped before or after doing the work), everything still arrives, and Resend, which
// deduplicates by Idempotency-Key, never sends one email twice. Past its attempts, a job is dead.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '@/lib/crypto/secrets';
import { db } from '@/lib/db/client';
import { createWebhookEndpoint, updateIntegrations } from '@/lib/notifications/channel-integrations';
import type { Fault } from '../fakes/fake-server';
import { startFakeWebhookReceiver } from '../fakes/webhook-receiver';
import {
  configureIntegrations,
  deliveryOptions,
  emitEvents,
  encryptionKey,
  runWorkerUntilSettled,
  deliveryWorld,
  subscribedProgram,
} from '../support/delivery-world';

const SEED = Number(process.env.FAULT_SEED ?? 20260302);
const TIMEOUT_MS = 500;
const FAULTS: Fault[] = [
  { status: 500 },
  { status: 503 },
  { status: 429, retryAfter: 1 },
  { delayMs: TIMEOUT_MS * 1.5 },
  { drop: true },
  { drop: true, afterHandling: true },
];

const fakes = deliveryWorld();

describe(`with the fakes failing half their requests (seed ${SEED})`, () => {
  it('1,000 deliveries across every channel all arrive, and none reaches Resend twice', { timeout: 90_000 }, async () => {
    await configureIntegrations(fakes);
    const { engagementId, users } = await subscribedProgram(10);
    await emitEvents(engagementId, 42); // 42 × (10 mail + 10 Slack DMs + shared mail, Slack, Teams, webhook) = 1,008
    const [row] = await db().execute<{ total: number }>(sql`select count(*)::int as total from deliveries`);
    expect(row!.total).toBe(1008);
    for (const [i, fake] of [fakes.resend, fakes.slack, fakes.teams, fakes.receiver].entries()) {
      fake.failRandomly({ rate: 0.5, faults: FAULTS, seed: SEED + i });
    }
    // Whatever the seed, the first batch is done by Resend and its answer lost.
    fakes.resend.failNext(1, { drop: true, afterHandling: true });

    const counts = await runWorkerUntilSettled(deliveryOptions(fakes, { sendTimeoutMs: TIMEOUT_MS, concurrency: 32 }), 80_000);
    for (const fake of [fakes.resend, fakes.slack, fakes.teams, fakes.receiver]) fake.stopFailing();

    expect(counts).toEqual({ pending: 0, sending: 0, sent: 1008, dead: 0 });
    // Faults of every kind were met, including work done with its answer lost.
    const faults = [fakes.resend, fakes.slack, fakes.teams, fakes.receiver].flatMap((f) => f.requests.map((r) => r.fault).filter(Boolean));
    for (const fault of FAULTS) expect(faults).toContainEqual(fault);

    // Resend: each email once, although batches were retried after answers that never came.
    const titles = Array.from({ length: 42 }, (_, n) => `[Tocsin] Engagement added: Event ${n}`);
    const expected = titles.flatMap((subject) => [...users.map((u) => `${u.email} ${subject}`), `security@example.com ${subject}`]).sort();
    expect(fakes.resend.inbox.map((e) => `${e.to.join(',')} ${e.subject}`).sort()).toEqual(expected);
    expect(fakes.resend.requests.some((r) => r.fault && 'afterHandling' in r.fault && r.path === '/emails/batch')).toBe(true);

    // The others deliver at least once: everything is there.
    const slackSeen = new Set(fakes.slack.posts.map((p) => `${p.channel} ${String(p.args.text)}`));
    expect(slackSeen.size).toBe(42 * 11);
    expect(new Set(fakes.teams.cards.map((c) => JSON.stringify((c.body as { text: string }[])[1]!.text))).size).toBe(42);
    expect(fakes.receiver.valid).toHaveLength(42);
  });

  it('a job past its attempts is dead, with the last error and status code', async () => {
    await configureIntegrations(fakes);
    await updateIntegrations(db(), { enableMailNotifications: false, enableSlackNotifications: false, enableMsteamsNotifications: false });
    const broken = await startFakeWebhookReceiver({ secret: fakes.webhookSecret });
    broken.failNext(1_000, { status: 503, body: 'upstream down' });
    try {
      await db().execute(sql`delete from webhook_endpoints`);
      await createWebhookEndpoint(db(), {
        name: 'Broken',
        url: broken.url,
        events: ['engagement_added'],
        secretEncrypted: encryptSecret(fakes.webhookSecret, encryptionKey),
      });
      const { engagementId } = await subscribedProgram(0);
      await emitEvents(engagementId, 3);

      const policy = { maxAttempts: 3, baseDelayMs: 10, multiplier: 2, maxDelayMs: 50 };
      expect(await runWorkerUntilSettled(deliveryOptions(fakes, { retryPolicy: policy }))).toMatchObject({ sent: 0, dead: 3 });

      const rows = await db().execute(sql`select status::text, attempts, last_error, last_status_code from deliveries`);
      expect(rows).toEqual(
        Array(3).fill({ status: 'dead', attempts: 3, last_error: 'the endpoint answered HTTP 503: upstream down', last_status_code: 503 }),
      );
      expect(broken.requests).toHaveLength(9);
      const [health] = await db().execute(sql`select consecutive_failures, last_status_code, last_success_at from webhook_endpoint_health`);
      expect(health).toEqual({ consecutive_failures: 9, last_status_code: 503, last_success_at: null });
    } finally {
      await broken.close();
    }
  });

  it('mail that Resend never answers is dead too, and was not delivered twice', async () => {
    await configureIntegrations(fakes);
    await updateIntegrations(db(), {
      enableSlackNotifications: false,
      enableMsteamsNotifications: false,
      enableWebhooksNotifications: false,
    });
    fakes.resend.inbox.length = 0;
    fakes.resend.failNext(1_000, { drop: true, afterHandling: true });
    try {
      const { engagementId } = await subscribedProgram(3);
      await emitEvents(engagementId, 2); // 8 emails, one batch

      const policy = { maxAttempts: 4, baseDelayMs: 10, multiplier: 2, maxDelayMs: 50 };
      expect(await runWorkerUntilSettled(deliveryOptions(fakes, { retryPolicy: policy }))).toMatchObject({ sent: 0, dead: 8 });

      const rows = await db().execute<{ last_error: string }>(sql`select distinct attempts, last_error from deliveries`);
      expect(rows).toEqual([{ attempts: 4, last_error: 'Resend: could not reach Resend' }]);
      // The batch reached Resend four times; Resend sent it once and replayed it three times.
      expect(fakes.resend.inbox).toHaveLength(8);
    } finally {
      fakes.resend.stopFailing();
    }
  });
});
