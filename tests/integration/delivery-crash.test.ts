// Workers as separate processes against one database: one killed with SIGKILL in the middle of its
// sends loses nothing (its jobs come back when their lease ends), two at once never send the same
// job at the same time, and SIGTERM lets the sends in flight finish.
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { trackConcurrentSends, type ConcurrencyRecord } from '../support/delivery-concurrency';
import {
  configureIntegrations,
  emitEvents,
  ENCRYPTION_KEY_HEX,
  RESEND_KEY,
  deliveryWorld,
  statusCounts,
  subscribedProgram,
  waitUntilSettled,
} from '../support/delivery-world';
import { spawnWorker, untilStarted, type WorkerProcess } from '../support/worker-process';

const LATENCY_MS = 250;
const LEASE_MS = 3_000;

const fakes = deliveryWorld();
let tracked: ConcurrencyRecord[];
let workers: WorkerProcess[] = [];

beforeAll(() => {
  tracked = [fakes.resend, fakes.slack, fakes.teams, fakes.receiver].map((fake) => trackConcurrentSends(fake, LATENCY_MS));
});
beforeEach(() => {
  for (const t of tracked) t.overlaps.length = 0;
});
afterEach(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
});

function worker(): WorkerProcess {
  const started = spawnWorker({
    DATABASE_URL: process.env.DATABASE_URL!,
    TOCSIN_ENCRYPTION_KEY: ENCRYPTION_KEY_HEX,
    RESEND_API_KEY: RESEND_KEY,
    RESEND_BASE_URL: fakes.resend.url,
    SLACK_API_URL: fakes.slack.apiUrl,
    TOCSIN_ALLOW_PRIVATE_URLS: '1',
    APP_URL: 'http://tocsin.test',
    MAIL_FROM: 'Tocsin <notifications@tocsin.test>',
    DELIVERY_LEASE_MS: String(LEASE_MS),
    DELIVERY_TIMEOUT_MS: '1500',
    DELIVERY_RETRY_BASE_MS: '50',
    DELIVERY_RETRY_MAX_MS: '500',
    DELIVERY_MAX_ATTEMPTS: '40',
    WORKER_CONCURRENCY: '6',
    WORKER_BATCH_SIZE: '10',
    RESEND_REQUESTS_PER_SECOND: '1000',
    SLACK_MESSAGES_PER_SECOND: '1000',
    MSTEAMS_REQUESTS_PER_SECOND: '1000',
    SLACK_LOOKUPS_PER_MINUTE: '60000',
    WEBHOOK_REQUESTS_PER_SECOND: '1000',
  });
  workers.push(started);
  return started;
}

/** 10 events × (5 mails + 5 Slack DMs + shared mail, Slack, Teams and webhook) = 140 deliveries. */
async function scene() {
  await configureIntegrations(fakes);
  const { engagementId, users } = await subscribedProgram(5);
  await emitEvents(engagementId, 10);
  return { users, total: 140 };
}

function expectEverythingArrivedOnce(users: { email: string }[]) {
  const subjects = Array.from({ length: 10 }, (_, n) => `[Tocsin] Engagement added: Event ${n}`);
  const expected = subjects.flatMap((s) => [...users.map((u) => `${u.email} ${s}`), `security@example.com ${s}`]).sort();
  expect(fakes.resend.inbox.map((e) => `${e.to.join(',')} ${e.subject}`).sort()).toEqual(expected);
  expect(new Set(fakes.slack.posts.map((p) => `${p.channel} ${String(p.args.text)}`)).size).toBe(60);
  expect(new Set(fakes.teams.cards.map((c) => JSON.stringify(c.body))).size).toBe(10);
  expect(new Set(fakes.receiver.valid.map((w) => w.payload.title)).size).toBe(10);
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('workers that die, and workers side by side', () => {
  it(
    'a worker killed with SIGKILL mid-batch loses nothing: another takes its jobs when their lease ends',
    { timeout: 60_000 },
    async () => {
      const { users, total } = await scene();
      const first = worker();
      await untilStarted(first);
      // Some sends have arrived, others are in flight, most are claimed but not sent.
      await until(() => fakes.slack.posts.length >= 5 && tracked.some((t) => t.inFlight() > 0));
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const atDeath = await statusCounts();
      expect(atDeath.sending).toBeGreaterThan(0);
      expect(atDeath.sent).toBeLessThan(total);

      const second = worker();
      await untilStarted(second);
      expect(await waitUntilSettled(30_000)).toEqual({ pending: 0, sending: 0, sent: total, dead: 0 });
      expectEverythingArrivedOnce(users);
      expect(tracked.flatMap((t) => t.overlaps)).toEqual([]);
      // The dead worker's claims were taken over once their lease ended.
      const reclaimed = await db().execute(sql`select 1 from deliveries where attempts > 1`);
      expect(reclaimed.length).toBeGreaterThan(0);
    },
  );

  it('two workers at once never send the same job at the same time, and everything arrives once', { timeout: 60_000 }, async () => {
    const { users, total } = await scene();
    const pair = [worker(), worker()];
    await Promise.all(pair.map((w) => untilStarted(w)));

    expect(await waitUntilSettled(30_000)).toEqual({ pending: 0, sending: 0, sent: total, dead: 0 });
    expect(tracked.flatMap((t) => t.overlaps)).toEqual([]);
    expectEverythingArrivedOnce(users);
    // Each job was claimed once: no lease expired, no job attempted twice.
    const [row] = await db().execute<{ max: number }>(sql`select max(attempts)::int as max from deliveries`);
    expect(row!.max).toBe(1);
  });

  it('SIGTERM lets the sends in flight finish and record their outcome, then exits cleanly', { timeout: 60_000 }, async () => {
    await scene();
    const running = worker();
    await untilStarted(running);
    await until(() => tracked.some((t) => t.inFlight() > 0));
    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: 0, signal: null });

    // Nothing is left claimed: every send that started was recorded, the rest given back.
    const counts = await statusCounts();
    expect(counts.sending).toBe(0);
    expect(counts.sent).toBeGreaterThan(0);
    expect(running.output()).toContain('stopped');
  });
});
