// A world for the delivery tests: the provider fakes, integrations configured to reach them (secrets
// encrypted as the settings pages store them), users who subscribe, and a worker to run.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { parseEncryptionKey, encryptSecret } from '../../lib/crypto/secrets';
import { db } from '../../lib/db/client';
import type { DeliveryOptions } from '../../lib/delivery/options';
import { generateWebhookSecret } from '../../lib/delivery/senders/webhooks';
import { DeliveryWorker } from '../../lib/worker/delivery-loop';
import { createWebhookEndpoint, updateIntegrations } from '../../lib/notifications/channel-integrations';
import { notify } from '../../lib/notifications/notify';
import { patchSettings } from '../../lib/notifications/settings';
import { startFakeResend, type FakeResend } from '../fakes/resend';
import { startFakeSlack, type FakeSlack } from '../fakes/slack';
import { startFakeTeams, type FakeTeams } from '../fakes/teams';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../fakes/webhook-receiver';
import { resetWorld } from './notifications';
import { addProductMember, makeProductType, makeProgram, makeUser, type User } from './fixtures';

export const ENCRYPTION_KEY_HEX = '5e'.repeat(32);
export const encryptionKey = parseEncryptionKey(ENCRYPTION_KEY_HEX);
export const RESEND_KEY = 're_test_key';
export const SLACK_TOKEN = 'xoxb-test-token';
export const SLACK_CHANNEL = 'C0SECURITY';
export const SHARED_LIST = ['security@example.com'];

export interface Fakes {
  resend: FakeResend;
  slack: FakeSlack;
  teams: FakeTeams;
  receiver: FakeWebhookReceiver;
  webhookSecret: string;
  /** Every fake answers normally again and forgets what it recorded and delivered. */
  reset: () => void;
  close: () => Promise<void>;
}

type FakesOptions = { users?: number; slackPerChannelPerSecond?: number; resendPerSecond?: number };

export async function startFakes(options: FakesOptions = {}): Promise<Fakes> {
  const webhookSecret = generateWebhookSecret();
  const slackUsers = Array.from({ length: options.users ?? 50 }, (_, i) => ({ id: slackUserId(i), email: `slack${i}@example.com` }));
  const [resend, slack, teams, receiver] = await Promise.all([
    startFakeResend({ apiKey: RESEND_KEY, ...(options.resendPerSecond && { requestsPerSecond: options.resendPerSecond }) }),
    startFakeSlack({
      token: SLACK_TOKEN,
      channels: [SLACK_CHANNEL],
      users: slackUsers,
      ...(options.slackPerChannelPerSecond && { perChannelPerSecond: options.slackPerChannelPerSecond }),
    }),
    startFakeTeams({ requestsPerSecond: 10_000 }),
    startFakeWebhookReceiver({ secret: webhookSecret }),
  ]);
  return {
    resend,
    slack,
    teams,
    receiver,
    webhookSecret,
    reset: () => void [resend, slack, teams, receiver].forEach((f) => f.reset()),
    close: async () => void (await Promise.all([resend, slack, teams, receiver].map((f) => f.close()))),
  };
}

/**
 * A delivery test file's world: the fakes start before its first test and close after its last;
 * before each test the database is emptied and the fakes answer normally with nothing recorded.
 */
export function deliveryWorld(options: FakesOptions = {}): Fakes {
  const fakes = {} as Fakes;
  beforeAll(async () => void Object.assign(fakes, await startFakes(options)));
  afterAll(() => fakes.close?.());
  beforeEach(async () => {
    await resetWorld();
    fakes.reset();
  });
  return fakes;
}

export const slackUserId = (i: number) => `U${String(i).padStart(6, '0')}`;

/** The options a worker uses against the fakes: fast retries, short timeouts, no pacing to speak of. */
export function deliveryOptions(fakes: Fakes, overrides: Partial<DeliveryOptions> = {}): DeliveryOptions {
  return {
    appUrl: 'http://tocsin.test',
    mailFrom: 'Tocsin <notifications@tocsin.test>',
    resendApiKey: RESEND_KEY,
    endpoints: { resendBaseUrl: fakes.resend.url, slackApiUrl: fakes.slack.apiUrl, allowPrivateUrls: true },
    encryptionKey,
    retryPolicy: { maxAttempts: 40, baseDelayMs: 20, multiplier: 2, maxDelayMs: 200 },
    leaseMs: 10_000,
    sendTimeoutMs: 1_000,
    concurrency: 8,
    batchSize: 25,
    pacing: {
      resendRequestsPerSecond: 1_000,
      slackMessagesPerSecondPerChannel: 1_000,
      teamsRequestsPerSecondPerUrl: 1_000,
      webhookRequestsPerSecondPerEndpoint: 1_000,
      slackLookupsPerMinute: 60_000,
    },
    maxHoldMs: 2_000,
    ...overrides,
  };
}

/** Every integration on and pointed at the fakes, one webhook endpoint, and the system-wide row sending `event` everywhere. */
export async function configureIntegrations(fakes: Fakes, events: string[] = ['engagement_added']): Promise<{ endpointId: number }> {
  await updateIntegrations(db(), {
    enableMailNotifications: true,
    mailNotificationsTo: SHARED_LIST,
    enableSlackNotifications: true,
    slackTokenEncrypted: encryptSecret(SLACK_TOKEN, encryptionKey),
    slackChannel: SLACK_CHANNEL,
    enableMsteamsNotifications: true,
    msteamsUrlEncrypted: encryptSecret(fakes.teams.webhookUrl, encryptionKey),
    enableWebhooksNotifications: true,
  });
  const endpoint = await createWebhookEndpoint(db(), {
    name: 'SIEM',
    url: fakes.receiver.url,
    events: events as never,
    secretEncrypted: encryptSecret(fakes.webhookSecret, encryptionKey),
  });
  await patchSettings(
    db(),
    { scope: 'system' },
    Object.fromEntries(events.map((e) => [e, ['alert', 'mail', 'slack', 'msteams', 'webhooks']])),
  );
  return { endpointId: endpoint.id };
}

/** A product with `count` members, each subscribed personally to `event` by mail and Slack DM. */
export async function subscribedProgram(count: number, event = 'engagement_added'): Promise<{ engagementId: number; users: User[] }> {
  const productType = await makeProductType();
  const program = await makeProgram(productType.id);
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const user = await makeUser({ email: `member${i}@example.com`, slackUserId: slackUserId(i) });
    await addProductMember(program.product.id, user.id, 'Reader');
    await patchSettings(db(), { scope: 'personal', userId: user.id }, { [event]: ['mail', 'slack'] });
    users.push(user);
  }
  return { engagementId: program.engagement.id, users };
}

/** `count` engagement_added events titled "Event <n>". */
export async function emitEvents(engagementId: number, count: number, prefix = 'Event'): Promise<number[]> {
  const ids: number[] = [];
  for (let n = 0; n < count; n++) {
    ids.push(
      (await notify({ type: 'engagement_added', title: `${prefix} ${n}`, url: `/engagements/${engagementId}`, engagement: engagementId }))
        .eventId,
    );
  }
  return ids;
}

export async function statusCounts(): Promise<Record<'pending' | 'sending' | 'sent' | 'dead', number>> {
  const rows = await db().execute<{ status: string; n: number }>(
    sql`select status::text, count(*)::int as n from deliveries group by status`,
  );
  const counts = { pending: 0, sending: 0, sent: 0, dead: 0 };
  for (const r of rows) counts[r.status as keyof typeof counts] = r.n;
  return counts;
}

/** Polls until no delivery is pending or sending; returns the final counts. */
export async function waitUntilSettled(timeoutMs = 20_000): Promise<Awaited<ReturnType<typeof statusCounts>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await statusCounts();
    if (counts.pending + counts.sending === 0) return counts;
    if (Date.now() > deadline) throw new Error(`deliveries still open after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs an in-process worker (LISTEN included) until every delivery is settled, then stops it. */
export async function runWorkerUntilSettled(options: DeliveryOptions, timeoutMs = 20_000) {
  const { sqlClient } = await import('../../lib/db/client');
  const worker = new DeliveryWorker({ db: db(), sql: sqlClient(), options, log: () => {} });
  await worker.start();
  try {
    return await waitUntilSettled(timeoutMs);
  } finally {
    await worker.stop();
  }
}
