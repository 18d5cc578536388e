// What a job ends as, and what the delivery log then says: a throw is a failed attempt of that job
// alone; a job whose attempts are spent without an outcome is dead-lettered by the claim; a user who
// lost access gets nothing (suppressed); mail without a Resend key is `outbox`, not `sent`.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { listDeliveries as listDeliveriesFor, type DeliveryFilter } from '@/lib/delivery/delivery-log';

/** The delivery log as a superuser reads it. */
async function listDeliveries(db: Parameters<typeof listDeliveriesFor>[0], filter: DeliveryFilter) {
  const log = await listDeliveriesFor(db, { isSuperuser: true }, filter);
  if (!log.ok) throw new Error(log.detail);
  return log.value;
}
import { localOutboxNotice, LOCAL_OUTBOX_NOTICE } from '@/lib/delivery/outbox-store';
import { claimDueDeliveries } from '@/lib/delivery/queue';
import { DeliveryWorker } from '@/lib/worker/delivery-loop';
import { gatherDigests } from '@/lib/schedules/digests';
import {
  configureIntegrations,
  deliveryOptions,
  emitEvents,
  runWorkerUntilSettled,
  deliveryWorld,
  subscribedProgram,
} from '../support/delivery-world';
import type { User } from '../support/fixtures';

// A template that throws for one event, as a bug or unexpected data would: the only fault injected here.
vi.mock('@/lib/delivery/templates/render', async (original) => {
  const actual = await original<typeof import('@/lib/delivery/templates/render')>();
  return {
    ...actual,
    renderMessageEmail: async (...args: Parameters<typeof actual.renderMessageEmail>) => {
      if (args[0].event.title.includes('EXPLODES')) throw new TypeError('Cannot read properties of undefined (reading "name")');
      return actual.renderMessageEmail(...args);
    },
  };
});

const fakes = deliveryWorld();

type Row = { id: string; status: string; attempts: number; last_error: string | null; attempt_log: { outcome: string; error?: string }[] };

async function mailJobs() {
  return db().execute<Row & { title: string; user_id: number | null }>(sql`
    select d.id::text, d.status::text, d.attempts, d.last_error, d.attempt_log, e.title, d.user_id
    from deliveries d join notification_events e on e.id = d.event_id where d.channel = 'mail' order by e.id, d.user_id nulls first`);
}

describe('a throw is a failed attempt of that job alone', () => {
  it('an email whose template throws is retried and then dead with its error; the rest of its Resend batch is sent', async () => {
    await configureIntegrations(fakes);
    const { engagementId } = await subscribedProgram(3);
    await emitEvents(engagementId, 2, 'Fine');
    await emitEvents(engagementId, 1, 'EXPLODES');
    const options = deliveryOptions(fakes, { retryPolicy: { maxAttempts: 3, baseDelayMs: 10, multiplier: 2, maxDelayMs: 20 } });
    await runWorkerUntilSettled(options);

    const jobs = await mailJobs();
    const broken = jobs.filter((j) => j.title.includes('EXPLODES'));
    const fine = jobs.filter((j) => !j.title.includes('EXPLODES'));
    expect(fine.map((j) => j.status)).toEqual(Array(8).fill('sent'));
    expect(fakes.resend.inbox).toHaveLength(8);
    expect(broken.map((j) => j.status)).toEqual(Array(4).fill('dead'));
    for (const job of broken) {
      expect(job.attempts).toBe(3);
      expect(job.last_error).toMatch(/^rendering the email failed unexpectedly \(TypeError: Cannot read properties/);
      expect(job.attempt_log.map((a) => a.outcome)).toEqual(['retry', 'retry', 'dead']);
    }
  });

  it('the claim dead-letters a job whose lease ran out with its attempts spent, keeping its last error', async () => {
    await configureIntegrations(fakes, ['engagement_added']);
    const { engagementId } = await subscribedProgram(1);
    await emitEvents(engagementId, 1);
    await db().execute(sql`delete from deliveries where channel <> 'webhooks'`);
    await db().execute(sql`update deliveries set last_error = 'the endpoint answered HTTP 503'`);
    const limits = { mail: 0, other: 10, leaseMs: 1_000, maxAttempts: 2 };
    // Two claims whose workers never record an outcome (they died, or their send threw past every catch).
    for (let i = 0; i < 2; i++) {
      expect(await claimDueDeliveries(db(), limits)).toHaveLength(1);
      await db().execute(sql`update deliveries set locked_until = now() - interval '1 ms', next_attempt_at = now() - interval '1 ms'`);
    }
    expect(await claimDueDeliveries(db(), limits)).toEqual([]);
    const [row] = await db().execute<Row>(sql`select status::text, attempts, last_error, attempt_log from deliveries`);
    expect(row).toMatchObject({ status: 'dead', attempts: 2, last_error: 'the endpoint answered HTTP 503' });
    expect(row!.attempt_log.map((a) => a.outcome)).toEqual(['lost', 'dead']);
    // An admin's retry then works as for any dead delivery (the worker sends it).
  });
});

describe('access is checked again when a job is sent', () => {
  let users: User[];
  let engagementId: number;
  beforeEach(async () => {
    await configureIntegrations(fakes);
    ({ users, engagementId } = await subscribedProgram(2));
  });

  async function revoke(user: User) {
    await db().execute(sql`delete from product_members where user_id = ${user.id}`);
  }

  it('a retried job whose user has lost access to the product is suppressed, never sent, and the log says why', async () => {
    await emitEvents(engagementId, 1);
    // The first attempt fails (Resend down); meanwhile the first user leaves the product.
    fakes.resend.failNext(100, { status: 503 });
    const options = deliveryOptions(fakes);
    const worker = new DeliveryWorker({ db: db(), options, log: () => {} });
    await worker.start();
    await vi.waitFor(async () => expect((await mailJobs()).every((j) => j.attempts >= 1 && j.status === 'pending')).toBe(true), {
      timeout: 10_000,
    });
    await worker.stop();
    await revoke(users[0]!);
    await db().execute(sql`update users set is_active = false where id = ${users[1]!.id}`);
    fakes.resend.stopFailing();
    await runWorkerUntilSettled(options);

    const jobs = await mailJobs();
    expect(jobs.find((j) => j.user_id === users[0]!.id)).toMatchObject({
      status: 'suppressed',
      last_error: 'suppressed: the user can no longer see what the event is about',
    });
    expect(jobs.find((j) => j.user_id === users[1]!.id)).toMatchObject({
      status: 'suppressed',
      last_error: 'suppressed: the user was deactivated',
    });
    expect(jobs.find((j) => j.user_id === null)).toMatchObject({ status: 'sent', last_error: null });
    expect(fakes.resend.inbox.flatMap((e) => e.to)).toEqual(['security@example.com']);

    const log = await listDeliveries(db(), { status: 'suppressed', channel: 'mail' });
    expect(log.rows.map((r) => r.lastError).sort()).toEqual([
      'suppressed: the user can no longer see what the event is about',
      'suppressed: the user was deactivated',
    ]);
    const outcomes = log.rows[0]!.attemptLog.map((a) => a.outcome);
    expect(outcomes.at(-1)).toBe('suppressed');
    expect(outcomes.slice(0, -1).length > 0 && outcomes.slice(0, -1).every((o) => o === 'retry')).toBe(true);
  });

  it('a digest-held job is not sent to a user who lost access before the digest went', async () => {
    await db().execute(sql`update users set digest = 'hourly' where id = any(${`{${users.map((u) => u.id).join(',')}}`}::int[])`);
    await emitEvents(engagementId, 2);
    await gatherDigests(db(), new Date(Date.now() + 2 * 3_600_000));
    await revoke(users[0]!);
    await runWorkerUntilSettled(deliveryOptions(fakes));

    const digests = await db().execute<{ user_id: number; channel: string; status: string; last_error: string | null }>(sql`
      select user_id, channel::text, status::text, last_error from deliveries where kind = 'digest' order by user_id, channel`);
    expect(digests.filter((d) => d.user_id === users[0]!.id).map((d) => d.status)).toEqual(['suppressed', 'suppressed']);
    expect(digests.filter((d) => d.user_id === users[1]!.id).map((d) => d.status)).toEqual(['sent', 'sent']);
    expect(fakes.resend.inbox.filter((e) => e.to.includes(users[0]!.email))).toEqual([]);
    expect(fakes.resend.inbox.filter((e) => e.to.includes(users[1]!.email))).toHaveLength(1);
  });
});

describe('mail without a Resend key', () => {
  it('ends as outbox, not sent; the worker log and the notice say mail is kept in the local outbox', async () => {
    await configureIntegrations(fakes);
    const { engagementId } = await subscribedProgram(1);
    await emitEvents(engagementId, 1);
    expect(await localOutboxNotice(db(), null)).toBe(LOCAL_OUTBOX_NOTICE);
    expect(await localOutboxNotice(db(), 're_env_key')).toBeNull();

    const lines: string[] = [];
    const worker = new DeliveryWorker({ db: db(), options: deliveryOptions(fakes, { resendApiKey: null }), log: (l) => lines.push(l) });
    await worker.start();
    await vi.waitFor(async () => expect((await mailJobs()).map((j) => j.status)).toEqual(['outbox', 'outbox']), { timeout: 10_000 });
    await worker.stop();
    expect(lines).toContain('no Resend key: mail is kept in the local outbox');
    expect(LOCAL_OUTBOX_NOTICE).toBe('no Resend key: mail is kept in the local outbox');
    const log = await listDeliveries(db(), { channel: 'mail' });
    expect(log.rows.map((r) => r.status)).toEqual(['outbox', 'outbox']);
    expect(log.rows.every((r) => r.lastError === null && r.sentAt !== null)).toBe(true);
  });

  it('a mail retried after a failure to the outbox shows outbox, every attempt, and no last error', async () => {
    await configureIntegrations(fakes);
    const { engagementId } = await subscribedProgram(1);
    await emitEvents(engagementId, 1);
    // Resend unreachable at first (a key that was then removed), then no key: the local outbox.
    fakes.resend.failNext(100, { drop: true });
    const first = new DeliveryWorker({ db: db(), options: deliveryOptions(fakes), log: () => {} });
    await first.start();
    await vi.waitFor(async () => expect((await mailJobs()).every((j) => j.attempts >= 2)).toBe(true), { timeout: 10_000 });
    await first.stop();
    await runWorkerUntilSettled(deliveryOptions(fakes, { resendApiKey: null }));
    const log = await listDeliveries(db(), { channel: 'mail' });
    for (const row of log.rows) {
      expect(row.status).toBe('outbox');
      expect(row.lastError).toBeNull();
      const outcomes = row.attemptLog.map((a) => a.outcome);
      expect(outcomes.at(-1)).toBe('outbox');
      expect(outcomes.slice(0, -1).every((o) => o === 'retry')).toBe(true);
      expect(row.attemptLog[0]!.error).toBe('Resend: could not reach Resend');
      expect(row.attempts).toBe(outcomes.length);
    }
  });
});
