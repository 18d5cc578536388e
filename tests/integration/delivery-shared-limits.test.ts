// Providers' limits are shared by every worker: two worker processes on one database, against fakes
// counting each limit, send no faster together than the limit allows (no 429), and a 429's
// Retry-After pauses every job that shares its limit, in both processes.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encryptSecret } from '@/lib/crypto/secrets';
import { db } from '@/lib/db/client';
import { setProductDestinations, updateIntegrations } from '@/lib/notifications/channel-integrations';
import { notify } from '@/lib/notifications/notify';
import { patchSettings } from '@/lib/notifications/settings';
import type { FakeResponse, FakeServer, RecordedRequest } from '../fakes/fake-server';
import { startFakeResend, type FakeResend } from '../fakes/resend';
import { startFakeSlack, type FakeSlack } from '../fakes/slack';
import { startFakeTeams, type FakeTeams } from '../fakes/teams';
import { ENCRYPTION_KEY_HEX, encryptionKey, RESEND_KEY, SLACK_TOKEN, waitUntilSettled } from '../support/delivery-world';
import { makeProduct, makeProductType } from '../support/fixtures';
import { resetWorld } from '../support/notifications';
import { spawnWorker, untilStarted, type WorkerProcess } from '../support/worker-process';

const CHANNELS = ['C0ALPHA', 'C0BRAVO'];
const PER_CHANNEL = 5;

interface Answer {
  at: number;
  status: number;
  channel: string | null;
}

/** Every answer's time and status, scripted faults included. */
function recordAnswers(fake: FakeServer): Answer[] {
  const answers: Answer[] = [];
  const target = fake as unknown as { handle: (r: RecordedRequest) => FakeResponse | Promise<FakeResponse> };
  const handle = target.handle.bind(fake);
  target.handle = async (request) => {
    const response = await handle(request);
    answers.push({ at: Date.now(), status: response.status, channel: new URLSearchParams(request.body.toString('utf8')).get('channel') });
    return response;
  };
  return answers;
}

/** The most answers any one second held, per channel. */
function busiestSecond(answers: Answer[]): number {
  let best = 0;
  for (const channel of new Set(answers.map((a) => a.channel))) {
    const times = answers
      .filter((a) => a.channel === channel)
      .map((a) => a.at)
      .sort((x, y) => x - y);
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= 1000) i++;
      best = Math.max(best, j - i + 1);
    }
  }
  return best;
}

let slack: FakeSlack;
let teams: FakeTeams;
let resend: FakeResend;
let slackAnswers: Answer[];
let teamsAnswers: Answer[];
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  [slack, teams, resend] = await Promise.all([
    startFakeSlack({ token: SLACK_TOKEN, channels: CHANNELS, perChannelPerSecond: 1 }),
    startFakeTeams({ requestsPerSecond: 4 }),
    startFakeResend({ apiKey: RESEND_KEY, requestsPerSecond: 5 }),
  ]);
  slackAnswers = recordAnswers(slack);
  teamsAnswers = recordAnswers(teams);
});
afterAll(() => Promise.all([slack, teams, resend].map((f) => f.close())));
beforeEach(async () => {
  await resetWorld();
  slackAnswers.length = 0;
  teamsAnswers.length = 0;
  slack.requests.length = 0;
  slack.stopFailing();
});
afterEach(async () => {
  if (process.env.SHOW_WORKERS) for (const w of workers) console.log(w.output());
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
});

function worker(): WorkerProcess {
  const started = spawnWorker({
    DATABASE_URL: process.env.DATABASE_URL!,
    TOCSIN_ENCRYPTION_KEY: ENCRYPTION_KEY_HEX,
    RESEND_API_KEY: RESEND_KEY,
    RESEND_BASE_URL: resend.url,
    SLACK_API_URL: slack.apiUrl,
    TOCSIN_ALLOW_PRIVATE_URLS: '1',
    DELIVERY_LEASE_MS: '20000',
    DELIVERY_TIMEOUT_MS: '2000',
    DELIVERY_RETRY_BASE_MS: '50',
    DELIVERY_RETRY_MAX_MS: '200',
    // The providers' own limits, as in production.
    SLACK_MESSAGES_PER_SECOND: '1',
    MSTEAMS_REQUESTS_PER_SECOND: '4',
  });
  workers.push(started);
  return started;
}

/** PER_CHANNEL `other` events on each of two products whose own Slack channel is its destination, and the Teams flow. */
async function scene(): Promise<number> {
  await updateIntegrations(db(), {
    enableSlackNotifications: true,
    slackTokenEncrypted: encryptSecret(SLACK_TOKEN, encryptionKey),
    slackChannel: CHANNELS[0]!,
    enableMsteamsNotifications: true,
    msteamsUrlEncrypted: encryptSecret(teams.webhookUrl, encryptionKey),
  });
  await patchSettings(db(), { scope: 'system' }, { other: ['slack', 'msteams'] });
  const type = await makeProductType();
  const products = [await makeProduct(type.id), await makeProduct(type.id)];
  for (const [i, product] of products.entries()) await setProductDestinations(db(), product.id, { slackChannel: CHANNELS[i]! });
  for (let n = 0; n < PER_CHANNEL; n++) {
    for (const product of products) await notify({ type: 'other', title: `Message ${n}`, product: product.id });
  }
  return 2 * PER_CHANNEL;
}

describe('two worker processes share each provider limit', () => {
  it(
    'together they post at most one message per second per Slack channel and four per second to Teams: no 429',
    { timeout: 150_000 },
    async () => {
      const pair = [worker(), worker()];
      await Promise.all(pair.map((w) => untilStarted(w, 90_000)));
      const events = await scene();
      await waitUntilSettled(40_000);

      const posts = slackAnswers.filter((a) => a.channel !== null);
      expect(posts.filter((a) => a.status === 200)).toHaveLength(events);
      expect(posts.filter((a) => a.status === 429)).toEqual([]);
      expect(busiestSecond(posts)).toBe(1);
      expect(teamsAnswers.filter((a) => a.status === 429)).toEqual([]);
      expect(teams.cards).toHaveLength(events);
      const [row] = await db().execute<{ sent: number }>(sql`select count(*)::int as sent from deliveries where status = 'sent'`);
      expect(row!.sent).toBe(2 * events);
    },
  );

  it('a 429 with Retry-After pauses the whole workspace in both workers until it has passed', { timeout: 150_000 }, async () => {
    const pair = [worker(), worker()];
    await Promise.all(pair.map((w) => untilStarted(w, 90_000)));
    slack.failNext(1, { status: 429, retryAfter: 3, body: { ok: false, error: 'ratelimited' } });
    const emitting = scene();
    while (!slack.requests.some((r) => r.fault)) await new Promise((r) => setTimeout(r, 5));
    const limitedAt = Date.now();
    await emitting;
    await waitUntilSettled(40_000);

    const limited = slack.requests.find((r) => r.fault && 'status' in r.fault);
    expect(limited).toBeDefined();
    // Once the 429 is answered (give or take the requests already in flight then), nothing is posted
    // to either channel, by either worker, until the three seconds asked have passed.
    const paused = slackAnswers.filter((a) => a.channel !== null && a.at > limitedAt + 500 && a.at < limitedAt + 2_800);
    expect(paused).toEqual([]);
    expect(Math.max(...slackAnswers.map((a) => a.at)) - limitedAt).toBeGreaterThanOrEqual(3_000);
    const [row] = await db().execute<{ sent: number }>(
      sql`select count(*)::int as sent from deliveries where channel = 'slack' and status = 'sent'`,
    );
    expect(row!.sent).toBe(2 * PER_CHANNEL);
  });

  it('the ratelimit-limit Resend announces replaces the starting 2/s, for every worker', async () => {
    await updateIntegrations(db(), { enableMailNotifications: true, mailNotificationsTo: ['security@example.com'] });
    await patchSettings(db(), { scope: 'system' }, { other: ['mail'] });
    const pair = [worker(), worker()];
    await Promise.all(pair.map((w) => untilStarted(w, 90_000)));
    const before = await db().execute(sql`select 1 from delivery_rate_limits where key like 'resend:%'`);
    expect(before).toEqual([]);
    await notify({ type: 'other', title: 'One email' });
    await waitUntilSettled(20_000);
    const [row] = await db().execute<{ interval_ms: number; learned: boolean }>(sql`
      select interval_ms, learned from delivery_rate_limits where key like 'resend:%'`);
    // The fake announces 5 requests per second: 200 ms apart, with the 5 % margin.
    expect(row).toEqual({ interval_ms: 210, learned: true });
  });
});
