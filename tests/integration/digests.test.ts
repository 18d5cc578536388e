// Digests with an injected clock: held jobs gathered once per user, channel and window, sent as one
// message grouping the window's events; alerts stay instant and digest-off users are untouched.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { gatherDigests } from '@/lib/schedules/digests';
import { SYSTEM_ACTOR } from '@/lib/audit/record';
import { updateScheduleSettings } from '@/lib/schedules/settings';
import {
  configureIntegrations,
  deliveryOptions,
  emitEvents,
  runWorkerUntilSettled,
  slackUserId,
  deliveryWorld,
  subscribedProgram,
} from '../support/delivery-world';
import type { User } from '../support/fixtures';

const HOUR = 3_600_000;
const fakes = deliveryWorld();

let digestUser: User;
let instantUser: User;
let engagementId: number;

beforeEach(async () => {
  await db().execute(sql`truncate schedule_settings`);
  fakes.resend.inbox.length = 0;
  fakes.slack.posts.length = 0;
  await configureIntegrations(fakes);
  const program = await subscribedProgram(2);
  engagementId = program.engagementId;
  [digestUser, instantUser] = program.users as [User, User];
  await setDigest(digestUser, 'hourly');
});

async function setDigest(user: User, digest: 'off' | 'hourly' | 'daily') {
  await db().execute(sql`update users set digest = ${digest} where id = ${user.id}`);
}

async function personalJobs(user: User) {
  return db().execute<{ channel: string; status: string; digest_id: string | null }>(sql`
    select channel::text, status::text, digest_id::text from deliveries where user_id = ${user.id} and kind = 'personal' order by channel, id`);
}

async function digestRows() {
  return db().execute<{ id: string; channel: string; user_id: number; digest_window: string; status: string }>(sql`
    select id::text, channel::text, user_id, digest_window, status::text from deliveries where kind = 'digest' order by channel`);
}

const mailTo = (user: User) => fakes.resend.inbox.filter((e) => e.to.includes(user.email));
const dmsTo = (i: number) => fakes.slack.posts.filter((p) => p.channel === `D${slackUserId(i)}`);

describe('holding', () => {
  it('a digest user’s mail and Slack jobs are held, and never sent one by one', async () => {
    await emitEvents(engagementId, 3);
    expect((await personalJobs(digestUser)).map((j) => j.status)).toEqual(Array(6).fill('held'));
    await runWorkerUntilSettled(deliveryOptions(fakes));
    expect(mailTo(digestUser)).toEqual([]);
    expect(dmsTo(0)).toEqual([]);
  });

  it('alerts are still created instantly for a digest user', async () => {
    await emitEvents(engagementId, 3);
    // Grouped into one unread alert (DESIGN §4b.5) that stands for the three events.
    const [row] = await db().execute<{ n: number }>(sql`
      select coalesce(sum(cardinality(event_ids)), 0)::int as n from alerts where user_id = ${digestUser.id}`);
    expect(row!.n).toBe(3);
  });

  it('a user with digest off is unaffected: one message per event, at once', async () => {
    await emitEvents(engagementId, 3);
    expect((await personalJobs(instantUser)).map((j) => j.status)).toEqual(Array(6).fill('pending'));
    await runWorkerUntilSettled(deliveryOptions(fakes));
    expect(mailTo(instantUser)).toHaveLength(3);
    expect(dmsTo(1)).toHaveLength(3);
    await gatherDigests(db(), new Date(Date.now() + 2 * HOUR));
    expect((await digestRows()).every((d) => d.user_id === digestUser.id)).toBe(true);
  });
});

describe('gathering', () => {
  it('a digest collects its window once it has ended, and sends once with everything in it', async () => {
    await emitEvents(engagementId, 3);
    expect(await gatherDigests(db(), new Date())).toEqual({ digests: 0, gathered: 0, released: 0 });

    const later = new Date(Date.now() + HOUR);
    expect(await gatherDigests(db(), later)).toEqual({ digests: 2, gathered: 6, released: 0 });
    expect(await gatherDigests(db(), later)).toEqual({ digests: 0, gathered: 0, released: 0 });
    const digests = await digestRows();
    expect(digests.map((d) => d.channel)).toEqual(['mail', 'slack']);
    expect(digests[0]!.digest_window).toMatch(/^hourly:\d{4}-\d\d-\d\dT\d\d$/);
    // The held jobs keep their link to the digest that carried them.
    const jobs = await personalJobs(digestUser);
    expect(jobs.every((j) => j.status === 'digested')).toBe(true);
    expect(new Set(jobs.map((j) => j.digest_id))).toEqual(new Set(digests.map((d) => d.id)));

    await runWorkerUntilSettled(deliveryOptions(fakes));
    const mails = mailTo(digestUser);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^\[Tocsin\] Hourly digest, .*: 3 notifications$/);
    expect(mails[0]!.text).toContain('Engagement added × 3');
    for (const n of [0, 1, 2]) expect(mails[0]!.text).toContain(`Event ${n}`);
    expect(mails[0]!.html).toContain('Engagement added × 3');
    const dms = dmsTo(0);
    expect(dms).toHaveLength(1);
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain('Engagement added × 3');
    expect((await digestRows()).map((d) => d.status)).toEqual(['sent', 'sent']);
  });

  it('a later window gets its own digest', async () => {
    await emitEvents(engagementId, 1, 'First');
    await gatherDigests(db(), new Date(Date.now() + HOUR));
    await db().execute(sql`update deliveries set created_at = created_at - interval '1 hour' where kind = 'digest'`);
    await emitEvents(engagementId, 2, 'Second');
    // Move the new held jobs into the next hour's window.
    await db().execute(sql`update deliveries set created_at = created_at + interval '1 hour' where status = 'held'`);
    expect(await gatherDigests(db(), new Date(Date.now() + 2 * HOUR + 60_000))).toMatchObject({ digests: 2, gathered: 4 });
    expect(await digestRows()).toHaveLength(4);
  });

  it('two runs at once create one digest per user, channel and window', async () => {
    await emitEvents(engagementId, 5);
    const later = new Date(Date.now() + HOUR);
    const outcomes = await Promise.all([1, 2, 3].map(() => gatherDigests(db(), later)));
    expect(outcomes.reduce((sum, o) => sum + o.digests, 0)).toBe(2);
    expect(outcomes.reduce((sum, o) => sum + o.gathered, 0)).toBe(10);
    expect(await digestRows()).toHaveLength(2);
  });

  it('a worker dying mid-digest loses nothing: the held jobs wait for the next run', async () => {
    await emitEvents(engagementId, 2);
    const later = new Date(Date.now() + HOUR);
    await expect(
      db().transaction(async (tx) => {
        await gatherDigests(tx, later);
        throw new Error('the worker died');
      }),
    ).rejects.toThrow('the worker died');
    expect(await digestRows()).toEqual([]);
    expect((await personalJobs(digestUser)).every((j) => j.status === 'held')).toBe(true);
    expect(await gatherDigests(db(), later)).toMatchObject({ digests: 2, gathered: 4 });
  });

  it('a daily digest waits for the end of the local day in the schedules’ time zone', async () => {
    await setDigest(digestUser, 'daily');
    await updateScheduleSettings(db(), SYSTEM_ACTOR, { timeZone: 'Pacific/Kiritimati' }); // UTC+14
    await emitEvents(engagementId, 2);
    expect((await gatherDigests(db(), new Date(Date.now() + 60_000))).digests).toBe(0);
    const outcome = await gatherDigests(db(), new Date(Date.now() + 25 * HOUR));
    expect(outcome).toMatchObject({ digests: 2, gathered: 4 });
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
    expect((await digestRows())[0]!.digest_window).toBe(`daily:${localDay}`);
  });

  it('jobs committed after their window’s digest was gathered are sent on their own, not lost', async () => {
    await emitEvents(engagementId, 1);
    const later = new Date(Date.now() + HOUR);
    await gatherDigests(db(), later);
    await emitEvents(engagementId, 1, 'Late');
    expect(await gatherDigests(db(), later)).toEqual({ digests: 0, gathered: 0, released: 2 });
    const statuses = (await personalJobs(digestUser)).map((j) => j.status).sort();
    expect(statuses).toEqual(['digested', 'digested', 'pending', 'pending']);
  });
});
