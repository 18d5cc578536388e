// Every sender against a fake failing half its requests in every way, retried as the retry policy
// says (without waiting): everything arrives, and where the provider can deduplicate, exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAfterAttempt, DEFAULT_RETRY_POLICY } from '@/lib/delivery/retry-policy';
import { createMailSender } from '@/lib/delivery/senders/mail';
import { createSlackSender } from '@/lib/delivery/senders/slack';
import { createTeamsSender } from '@/lib/delivery/senders/msteams';
import { createWebhookSender, generateWebhookSecret } from '@/lib/delivery/senders/webhooks';
import type { DeliveryMessage, SendResult } from '@/lib/delivery/types';
import { message, sampleEvent } from '../../support/delivery-messages';
import { mulberry32, type Fault } from '../../fakes/fake-server';
import { startFakeResend, type FakeResend } from '../../fakes/resend';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack';
import { startFakeTeams, type FakeTeams } from '../../fakes/teams';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../../fakes/webhook-receiver';

const SEED = Number(process.env.FAULT_SEED ?? 20260302);
const COUNT = 30;
// Generous: the sends share one event loop with the fakes and with each other's rendering.
const TIMEOUT_MS = 1000;
const FAULTS: Fault[] = [
  { status: 500 },
  { status: 503, retryAfter: 0 },
  { status: 429, retryAfter: 0 },
  { delayMs: TIMEOUT_MS * 1.5 },
  { drop: true },
  { drop: true, afterHandling: true },
];
const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 30 };
const secret = generateWebhookSecret();

let resend: FakeResend;
let slack: FakeSlack;
let teams: FakeTeams;
let receiver: FakeWebhookReceiver;

beforeAll(async () => {
  [resend, slack, teams, receiver] = await Promise.all([
    startFakeResend(),
    startFakeSlack(),
    startFakeTeams({ requestsPerSecond: 10_000 }),
    startFakeWebhookReceiver({ secret }),
  ]);
  for (const [i, fake] of [resend, slack, teams, receiver].entries()) fake.failRandomly({ rate: 0.5, faults: FAULTS, seed: SEED + i });
});
afterAll(() => Promise.all([resend, slack, teams, receiver].map((f) => f.close())));

/** Sends until the policy says sent or dead; returns the last decision and attempts made. */
async function deliver<C extends DeliveryMessage['channel']>(
  send: (m: DeliveryMessage<C>) => Promise<SendResult>,
  msg: DeliveryMessage<C>,
) {
  const random = mulberry32(SEED);
  for (let attempts = 1; ; attempts++) {
    const result = await send(msg);
    const decision = decideAfterAttempt({ attempts, result, now: new Date() }, policy, random);
    if (decision.action !== 'retry') return { decision: decision.action, attempts, result };
  }
}

/** COUNT messages, each about its own event (titled "Event <n>"). */
function many<C extends DeliveryMessage['channel']>(channel: C, destination: DeliveryMessage<C>['destination']): DeliveryMessage<C>[] {
  return Array.from({ length: COUNT }, (_, n) => message(channel, destination, sampleEvent({ title: `Event ${n}` })));
}

const allTitles = Array.from({ length: COUNT }, (_, n) => `Event ${n}`);

describe(`with half the requests failing (seed ${SEED})`, { timeout: 30_000 }, () => {
  it('every email arrives exactly once: retries reuse the idempotency key', async () => {
    const mail = createMailSender({
      apiKey: 're_test_key',
      baseUrl: resend.url,
      from: 'Tocsin <t@example.com>',
      appUrl: 'https://tocsin.example',
      timeoutMs: TIMEOUT_MS,
    });
    const outcomes = await Promise.all(many('mail', { to: ['a@example.com'] }).map((m) => deliver(mail.send, m)));
    expect(outcomes.every((o) => o.decision === 'sent')).toBe(true);
    // Some responses were lost after Resend had sent the email: their retries were replays.
    expect(resend.requests.some((r) => r.fault && 'afterHandling' in r.fault)).toBe(true);
    expect(resend.inbox).toHaveLength(COUNT);
    expect(resend.inbox.map((e) => e.subject.replace('[Tocsin] Engagement added: ', '')).sort()).toEqual([...allTitles].sort());
  });

  it('every webhook arrives, verified, and the receiver sees each webhook id once', async () => {
    const hooks = createWebhookSender({ allowPrivate: true, timeoutMs: TIMEOUT_MS });
    const outcomes = await Promise.all(many('webhooks', { url: receiver.url, secret }).map((m) => deliver(hooks.send, m)));
    expect(outcomes.every((o) => o.decision === 'sent')).toBe(true);
    expect(receiver.valid.map((d) => d.payload.title).sort()).toEqual([...allTitles].sort());
    expect(receiver.invalid).toEqual([]);
    expect(receiver.duplicates).toBeGreaterThan(0);
  });

  it('every Slack message and Teams card arrives at least once', async () => {
    const slackSender = createSlackSender({ botToken: 'xoxb-test-token', apiUrl: slack.apiUrl, timeoutMs: TIMEOUT_MS });
    const teamsSender = createTeamsSender({ allowPrivate: true, timeoutMs: TIMEOUT_MS });
    const slackMessages = many('slack', { kind: 'channel', channel: 'C0GENERAL' });
    const teamsMessages = many('msteams', { url: teams.webhookUrl });
    const outcomes = await Promise.all([
      ...slackMessages.map((m) => deliver(slackSender.send, m)),
      ...teamsMessages.map((m) => deliver(teamsSender.send, m)),
    ]);
    expect(outcomes.every((o) => o.decision === 'sent')).toBe(true);
    // Neither provider can deduplicate: a response lost after posting means a second post.
    expect(new Set(slack.posts.map((p) => p.args.text))).toEqual(new Set(allTitles.map((t) => `Engagement added: ${t}`)));
    expect(new Set(teams.cards.map((c) => (c.body as { text: string }[])[1]!.text))).toEqual(new Set(allTitles));
  });
});
