// What admins get from the delivery log, the local outbox and endpoint health, and retrying what died.
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/audit/record';
import { db, sqlClient } from '@/lib/db/client';
import { listDeliveries as listDeliveriesFor, retryDeadDeliveries, retryDelivery } from '@/lib/delivery/delivery-log';
import { listEndpointHealth as listEndpointHealthFor } from '@/lib/delivery/endpoint-health';
import { getOutboxEmail as getOutboxEmailFor, listOutboxEmails as listOutboxEmailsFor } from '@/lib/delivery/outbox-reader';
import type { Executor } from '@/lib/db/client';
import type { Result } from '@/lib/core/result';
import { DeliveryWorker } from '@/lib/worker/delivery-loop';
import { updateIntegrations } from '@/lib/notifications/channel-integrations';
import {
  configureIntegrations,
  deliveryOptions,
  emitEvents,
  runWorkerUntilSettled,
  deliveryWorld,
  statusCounts,
  subscribedProgram,
} from '../support/delivery-world';

const fakes = deliveryWorld();

// The readers as a superuser sees them (a last test checks that nobody else does).
const superuser = { isSuperuser: true, isActive: true };
function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.detail}`);
  return result.value;
}
const listDeliveries = async (
  db: Executor,
  ...rest: Parameters<typeof listDeliveriesFor> extends [Executor, unknown, ...infer R] ? R : never
) => value(await listDeliveriesFor(db, superuser, ...rest));
const listEndpointHealth = async (db: Executor) => value(await listEndpointHealthFor(db, superuser));
const listOutboxEmails = async (db: Executor, page?: Parameters<typeof listOutboxEmailsFor>[2]) =>
  value(await listOutboxEmailsFor(db, superuser, page));
const getOutboxEmail = async (db: Executor, id: number) => {
  const found = await getOutboxEmailFor(db, superuser, id);
  return found.ok ? found.value : null;
};

const twoAttempts = { maxAttempts: 2, baseDelayMs: 10, multiplier: 2, maxDelayMs: 20 };

/** Two events; the webhook receiver refuses everything, so its two deliveries die. */
async function withDeadWebhooks() {
  await configureIntegrations(fakes);
  const { engagementId } = await subscribedProgram(1);
  const eventIds = await emitEvents(engagementId, 2);
  fakes.receiver.failNext(1_000, { status: 503 });
  await runWorkerUntilSettled(deliveryOptions(fakes, { retryPolicy: twoAttempts }));
  fakes.receiver.stopFailing();
  return eventIds;
}

describe('the delivery log', () => {
  it('filters by status, channel, event and date, newest first, with attempts and the last error', async () => {
    const [first] = await withDeadWebhooks();

    const dead = await listDeliveries(db(), { status: 'dead' });
    expect(dead.rows).toHaveLength(2);
    expect(dead.rows[0]).toMatchObject({
      channel: 'webhooks',
      kind: 'shared',
      status: 'dead',
      attempts: 2,
      lastStatusCode: 503,
      nextAttemptAt: null,
      destination: 'SIEM',
      user: null,
    });
    expect(dead.rows[0]!.lastError).toMatch(/^the endpoint answered HTTP 503/);
    expect(dead.rows[0]!.event.title).toBe('Event 1');

    expect((await listDeliveries(db(), { channel: 'slack' })).rows.map((r) => r.destination).sort()).toEqual([
      'C0SECURITY',
      'C0SECURITY',
      'DM to U000000',
      'DM to U000000',
    ]);
    expect((await listDeliveries(db(), { eventId: first })).rows).toHaveLength(6);
    expect((await listDeliveries(db(), { eventType: 'engagement_added', status: 'sent' })).rows).toHaveLength(10);
    expect((await listDeliveries(db(), { eventType: 'product_added' })).rows).toHaveLength(0);
    expect((await listDeliveries(db(), { from: new Date(Date.now() + 60_000) })).rows).toHaveLength(0);
    expect((await listDeliveries(db(), { to: new Date(Date.now() + 60_000) })).rows).toHaveLength(12);

    const page = await listDeliveries(db(), {}, { limit: 5 });
    expect(page).toMatchObject({ hasMore: true });
    expect((await listDeliveries(db(), {}, { limit: 5, offset: 10 })).hasMore).toBe(false);
  });

  it('never shows a secret: the Teams URL, the webhook secret and the Slack token stay out', async () => {
    await withDeadWebhooks();
    const everything = JSON.stringify(await listDeliveries(db(), {}, { limit: 200 })) + JSON.stringify(await listEndpointHealth(db()));
    expect(everything).not.toContain('sig=');
    expect(everything).not.toContain(fakes.webhookSecret);
    expect(everything).not.toContain('xoxb-');
    expect(everything).toContain('Teams (system-wide)');
  });

  it('the filter parser takes search params as strings, blank meaning any', async () => {
    const { deliveryFilterSchema } = await import('@/lib/delivery/delivery-log');
    expect(deliveryFilterSchema.parse({ status: 'dead', channel: '', eventId: '12', from: '2026-03-01' })).toEqual({
      status: 'dead',
      eventId: 12,
      from: new Date('2026-03-01'),
    });
    expect(deliveryFilterSchema.safeParse({ status: 'lost' }).success).toBe(false);
  });

  it('retrying one dead delivery sends it again with a fresh set of attempts; a sent one is not retried', async () => {
    await withDeadWebhooks();
    const [dead] = (await listDeliveries(db(), { status: 'dead' })).rows;
    const [sent] = (await listDeliveries(db(), { status: 'sent' })).rows;

    expect(await retryDelivery(db(), SYSTEM_ACTOR, sent!.id)).toBe(0);
    expect(await retryDelivery(db(), SYSTEM_ACTOR, 'not-a-uuid')).toBe(0);
    expect(await retryDelivery(db(), SYSTEM_ACTOR, dead!.id)).toBe(1);
    expect((await listDeliveries(db(), { status: 'pending' })).rows).toMatchObject([{ id: dead!.id, attempts: 0 }]);

    await runWorkerUntilSettled(deliveryOptions(fakes));
    expect(await statusCounts()).toMatchObject({ sent: 11, dead: 1 });
    expect(fakes.receiver.valid.map((w) => w.id)).toEqual([dead!.id]);
  });

  it('retrying all dead deliveries a filter matches', async () => {
    await withDeadWebhooks();
    expect(await retryDeadDeliveries(db(), SYSTEM_ACTOR, { channel: 'slack' })).toBe(0);
    expect(await retryDeadDeliveries(db(), SYSTEM_ACTOR, { channel: 'webhooks', status: 'sent' })).toBe(2); // the filter's status is ignored: dead only
    await runWorkerUntilSettled(deliveryOptions(fakes));
    expect(await statusCounts()).toMatchObject({ sent: 12, dead: 0 });
  });

  it('a running worker hears a retry at once (NOTIFY), without waiting for its timer', async () => {
    await withDeadWebhooks();
    const worker = new DeliveryWorker({ db: db(), sql: sqlClient(), options: deliveryOptions(fakes), log: () => {} });
    await worker.start();
    try {
      await new Promise((r) => setTimeout(r, 300)); // asleep: nothing is due for a long while
      const started = Date.now();
      await retryDeadDeliveries(db(), SYSTEM_ACTOR, {});
      while ((await statusCounts()).dead > 0) await new Promise((r) => setTimeout(r, 20));
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await worker.stop();
    }
  });

  it('retrying one member of a dead Resend batch retries the whole batch, which Resend then replays, not resends', async () => {
    await configureIntegrations(fakes);
    await updateIntegrations(db(), {
      enableSlackNotifications: false,
      enableMsteamsNotifications: false,
      enableWebhooksNotifications: false,
    });
    const { engagementId } = await subscribedProgram(3);
    await emitEvents(engagementId, 2); // 8 emails in one batch
    fakes.resend.failNext(1_000, { drop: true, afterHandling: true }); // done, but the answer never comes
    await runWorkerUntilSettled(deliveryOptions(fakes, { retryPolicy: twoAttempts }));
    fakes.resend.stopFailing();
    expect(await statusCounts()).toMatchObject({ dead: 8 });

    const [one] = (await listDeliveries(db(), { status: 'dead' })).rows;
    expect(await retryDelivery(db(), SYSTEM_ACTOR, one!.id)).toBe(8);
    await runWorkerUntilSettled(deliveryOptions(fakes));

    expect(await statusCounts()).toMatchObject({ sent: 8, dead: 0 });
    expect(fakes.resend.inbox).toHaveLength(8);
  });
});

describe('the local outbox and endpoint health', () => {
  it('lists the outbox newest first and shows one email with its HTML and text', async () => {
    await configureIntegrations(fakes);
    const { engagementId, users } = await subscribedProgram(1);
    await emitEvents(engagementId, 3);
    await runWorkerUntilSettled(deliveryOptions(fakes, { resendApiKey: null }));

    const all = await listOutboxEmails(db());
    expect(all).toHaveLength(6);
    expect(all[0]!.subject).toBe('[Tocsin] Engagement added: Event 2');
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    expect(await listOutboxEmails(db(), { to: users[0]!.email.toUpperCase() })).toHaveLength(3);
    expect(await listOutboxEmails(db(), { beforeId: all[1]!.id })).toHaveLength(4);

    const email = await getOutboxEmail(db(), all[0]!.id);
    expect(email).toMatchObject({ eventType: 'engagement_added', from: 'Tocsin <notifications@tocsin.test>' });
    expect(email!.html).toContain('Event 2');
    expect(email!.text).toContain('Open in Tocsin: http://tocsin.test/engagements/');
    expect(await getOutboxEmail(db(), 999_999)).toBeNull();
  });

  it('endpoint health shows the failures in a row and the last error; a success resets the count', async () => {
    await withDeadWebhooks();
    expect(await listEndpointHealth(db())).toMatchObject([
      { name: 'SIEM', enabled: true, consecutiveFailures: 4, lastStatusCode: 503, lastSuccessAt: null },
    ]);
    await retryDeadDeliveries(db(), SYSTEM_ACTOR, {});
    await runWorkerUntilSettled(deliveryOptions(fakes));
    const [health] = await listEndpointHealth(db());
    expect(health).toMatchObject({ consecutiveFailures: 0 });
    expect(health!.lastSuccessAt).not.toBeNull();
  });
});

describe("the log, the outbox and endpoint health are the superusers' alone", () => {
  it('anyone else, a deactivated superuser included, is refused and shown nothing', async () => {
    for (const actor of [{ isSuperuser: false }, { isSuperuser: true, isActive: false }]) {
      for (const read of [
        listDeliveriesFor(db(), actor, {}),
        listEndpointHealthFor(db(), actor),
        listOutboxEmailsFor(db(), actor),
        getOutboxEmailFor(db(), actor, 1),
      ])
        expect(await read).toEqual({ ok: false, status: 403, detail: 'Only superusers may see this.' });
    }
  });
});
