// Each channel, end to end from notify() through the worker to its provider's fake: once each, and
// the failures that need more than a retry (410 disables an endpoint, permanent errors die at once).
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '@/lib/crypto/secrets';
import { db, sqlClient } from '@/lib/db/client';
import { DeliveryWorker } from '@/lib/worker/delivery-loop';
import { createWebhookEndpoint, updateIntegrations } from '@/lib/notifications/channel-integrations';
import {
  configureIntegrations,
  deliveryOptions,
  emitEvents,
  encryptionKey,
  runWorkerUntilSettled,
  SHARED_LIST,
  SLACK_CHANNEL,
  slackUserId,
  deliveryWorld,
  statusCounts,
  subscribedProgram,
} from '../support/delivery-world';
import { startFakeWebhookReceiver } from '../fakes/webhook-receiver';

const fakes = deliveryWorld();

async function deliveries() {
  return db().execute<{
    channel: string;
    kind: string;
    status: string;
    attempts: number;
    last_error: string | null;
    last_status_code: number | null;
  }>(sql`select channel::text, kind::text, status::text, attempts, last_error, last_status_code from deliveries order by channel, kind`);
}

describe('through the worker, each channel reaches its provider once', () => {
  it('mail (personal and the shared list), Slack (channel and DMs), Teams and the webhook: each exactly once', async () => {
    const { endpointId } = await configureIntegrations(fakes);
    const { engagementId, users } = await subscribedProgram(2);
    const [eventId] = await emitEvents(engagementId, 1);

    expect(await runWorkerUntilSettled(deliveryOptions(fakes))).toMatchObject({ sent: 8, dead: 0 });

    const inbox = fakes.resend.inbox.map((e) => e.to.join(',')).sort();
    expect(inbox).toEqual([...SHARED_LIST, users[0]!.email, users[1]!.email].sort());
    expect(fakes.resend.inbox.every((e) => e.subject === '[Tocsin] Engagement added: Event 0')).toBe(true);
    expect(fakes.slack.posts.map((p) => p.channel).sort()).toEqual([SLACK_CHANNEL, `D${slackUserId(0)}`, `D${slackUserId(1)}`].sort());
    expect(fakes.teams.cards).toHaveLength(1);
    expect(fakes.receiver.valid).toHaveLength(1);
    expect(fakes.receiver.duplicates).toBe(0);
    expect(fakes.receiver.valid[0]!.payload).toMatchObject({ event: 'engagement_added', id: String(eventId), title: 'Event 0' });
    // Links are absolute, on the app's base URL.
    expect(fakes.receiver.valid[0]!.payload.url).toMatch(/^http:\/\/tocsin\.test\/engagements\/\d+$/);

    const [health] = await db().execute<{ consecutive_failures: number; last_success_at: string | null }>(
      sql`select consecutive_failures, last_success_at from webhook_endpoint_health where endpoint_id = ${endpointId}`,
    );
    expect(health).toMatchObject({ consecutive_failures: 0 });
    expect(health!.last_success_at).not.toBeNull();
  });

  it('many due emails go to Resend in batches of up to 100, each email once', async () => {
    await configureIntegrations(fakes);
    await updateIntegrations(db(), {
      enableSlackNotifications: false,
      enableMsteamsNotifications: false,
      enableWebhooksNotifications: false,
    });
    const { engagementId } = await subscribedProgram(60);
    await emitEvents(engagementId, 4); // 4 × (60 personal + 1 shared) = 244 emails

    expect(await runWorkerUntilSettled(deliveryOptions(fakes))).toMatchObject({ sent: 244, dead: 0 });

    const calls = fakes.resend.requests.filter((r) => r.method === 'POST');
    expect(calls.every((r) => r.path === '/emails/batch')).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(5);
    expect(fakes.resend.inbox).toHaveLength(244);
  });

  it('without a Resend key, emails land in the local outbox, rendered, once each', async () => {
    await configureIntegrations(fakes);
    const { engagementId, users } = await subscribedProgram(1);
    await emitEvents(engagementId, 2);

    await runWorkerUntilSettled(deliveryOptions(fakes, { resendApiKey: null }));

    expect(fakes.resend.requests).toHaveLength(0);
    const outbox = await db().execute<{ to: string[]; subject: string; html: string; text: string; event_type: string }>(
      sql`select "to", subject, html, text, event_type from outbox_emails order by id`,
    );
    expect(outbox.map((e) => e.to[0]).sort()).toEqual([SHARED_LIST[0], SHARED_LIST[0], users[0]!.email, users[0]!.email].sort());
    expect(outbox.every((e) => e.event_type === 'engagement_added' && e.html.includes('<html') && e.text.includes('Event'))).toBe(true);
    expect(outbox.map((e) => e.subject).sort()).toEqual([
      '[Tocsin] Engagement added: Event 0',
      '[Tocsin] Engagement added: Event 0',
      '[Tocsin] Engagement added: Event 1',
      '[Tocsin] Engagement added: Event 1',
    ]);
  });

  it('a webhook endpoint answering 410 Gone is disabled, and its delivery is dead with the status', async () => {
    await configureIntegrations(fakes);
    const gone = await startFakeWebhookReceiver({ secret: fakes.webhookSecret, status: 410 });
    try {
      const endpoint = await createWebhookEndpoint(db(), {
        name: 'Gone',
        url: gone.url,
        events: ['engagement_added'],
        secretEncrypted: encryptSecret(fakes.webhookSecret, encryptionKey),
      });
      const { engagementId } = await subscribedProgram(0);
      await emitEvents(engagementId, 1);

      await runWorkerUntilSettled(deliveryOptions(fakes));

      const [row] = await db().execute<{ enabled: boolean; status: string; last_status_code: number; consecutive_failures: number }>(sql`
        select w.enabled, d.status::text, d.last_status_code, h.consecutive_failures
        from webhook_endpoints w join deliveries d on d.webhook_endpoint_id = w.id
        join webhook_endpoint_health h on h.endpoint_id = w.id where w.id = ${endpoint.id}`);
      expect(row).toEqual({ enabled: false, status: 'dead', last_status_code: 410, consecutive_failures: 1 });
      expect(gone.requests).toHaveLength(1);
    } finally {
      await gone.close();
    }
  });

  it('a permanent error is dead after one attempt with its error: an unknown Slack channel', async () => {
    await configureIntegrations(fakes);
    await updateIntegrations(db(), {
      slackChannel: 'C0NOSUCH',
      enableMailNotifications: false,
      enableMsteamsNotifications: false,
      enableWebhooksNotifications: false,
    });
    const { engagementId } = await subscribedProgram(0);
    await emitEvents(engagementId, 1);

    expect(await runWorkerUntilSettled(deliveryOptions(fakes))).toMatchObject({ sent: 0, dead: 1 });
    expect(await deliveries()).toEqual([
      { channel: 'slack', kind: 'shared', status: 'dead', attempts: 1, last_error: 'Slack channel_not_found', last_status_code: 200 },
    ]);
  });

  it('a secret that cannot be decrypted fails its deliveries for good, and the error holds no secret', async () => {
    await configureIntegrations(fakes);
    const stored = encryptSecret(fakes.teams.webhookUrl, Buffer.alloc(32, 9)); // another key
    await updateIntegrations(db(), {
      msteamsUrlEncrypted: stored,
      enableMailNotifications: false,
      enableSlackNotifications: false,
      enableWebhooksNotifications: false,
    });
    const { engagementId } = await subscribedProgram(0);
    await emitEvents(engagementId, 1);

    await runWorkerUntilSettled(deliveryOptions(fakes));

    const [row] = await deliveries();
    expect(row).toMatchObject({ channel: 'msteams', status: 'dead', attempts: 1 });
    expect(row!.last_error).toMatch(/Teams webhook URL: altered, or encrypted with another key/);
    expect(row!.last_error).not.toContain(stored.split(':')[3]);
    expect(fakes.teams.requests).toHaveLength(0);
  });

  it("a sleeping worker wakes on the engine's NOTIFY: an event is delivered at once, not at the next timer", async () => {
    await configureIntegrations(fakes);
    const { engagementId } = await subscribedProgram(1);
    const worker = new DeliveryWorker({ db: db(), sql: sqlClient(), options: deliveryOptions(fakes), log: () => {} });
    await worker.start();
    try {
      await new Promise((r) => setTimeout(r, 300)); // nothing due: it sleeps (up to 30 s)
      const started = Date.now();
      await emitEvents(engagementId, 1);
      while ((await statusCounts()).sent < 6) await new Promise((r) => setTimeout(r, 20));
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await worker.stop();
    }
  });
});
