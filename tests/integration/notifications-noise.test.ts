// Each noise filter of DESIGN §4b, one rule per test, against the real fan-out: severity floors,
// mutes, required events, quiet hours, grouped alerts and the reason stored on every alert and job.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createMute, deleteMute, listMutes } from '@/lib/domain/mutes';
import { listAlerts } from '@/lib/notifications/alerts';
import { notify } from '@/lib/notifications/notify';
import { previewRecipients } from '@/lib/notifications/preview';
import { patchSettings } from '@/lib/notifications/settings';
import { gatherDigests } from '@/lib/schedules/digests';
import { addProductMember, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';
import { alertedUserIds, enableEveryIntegration, personalJobsOf, resetWorld, sharedJobsOf } from '../support/notifications';

beforeEach(resetWorld);

const actor = (u: User) => ({ id: u.id, isSuperuser: u.isSuperuser, globalRole: u.globalRole });

async function scene() {
  await enableEveryIntegration();
  const p = await makeProgram((await makeProductType()).id);
  const ann = await makeUser({ username: 'ann', email: 'ann@example.com', slackUserId: 'UANN' });
  const ben = await makeUser({ username: 'ben', email: 'ben@example.com' });
  for (const u of [ann, ben]) await addProductMember(p.product.id, u.id, 'Reader');
  return { p, ann, ben };
}

const scan = (testId: number, severity: 'Critical' | 'High' | 'Medium' | 'Low' | 'Info' | null, title = 'Scan') =>
  notify({ type: 'scan_added', title, test: testId, severity });

interface JobRow {
  user_id: number;
  channel: string;
  status: string;
  reason: string | null;
  held_until: string | null;
}
const personalJobs = (eventId: number) =>
  db().execute<JobRow & Record<string, unknown>>(sql`
  select user_id, channel::text, status::text, reason::text, held_until::text from deliveries
  where event_id = ${eventId} and kind = 'personal' order by user_id, channel`);

describe('severity floors (§4b.1)', () => {
  it("a personal row's floor filters its own channel only: a bell alert for every scan, an email only from High", async () => {
    const { p, ann } = await scene();
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['alert', 'mail'], minimum_severity: { mail: 'High' } });

    const low = await scan(p.test.id, 'Low');
    expect(await alertedUserIds(low.eventId)).toContain(ann.id);
    expect(await personalJobsOf(low.eventId)).toEqual([]);

    const critical = await scan(p.test.id, 'Critical');
    expect(await personalJobsOf(critical.eventId)).toEqual([`${ann.id}:mail`]);
  });

  it('events without severity are never filtered by severity', async () => {
    const { p, ann } = await scene();
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['mail'], minimum_severity: { mail: 'Critical' } });
    expect(await personalJobsOf((await scan(p.test.id, null)).eventId)).toEqual([`${ann.id}:mail`]);
  });

  it("the system-wide row's floors filter the system-wide alert and the shared destinations, and the recipients count", async () => {
    const { p, ann, ben } = await scene();
    await patchSettings(
      db(),
      { scope: 'system' },
      { scan_added: ['alert', 'slack'], minimum_severity: { alert: 'Medium', slack: 'High' } },
    );
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['alert'] });

    const low = await scan(p.test.id, 'Low');
    expect(await alertedUserIds(low.eventId)).toEqual([ann.id]); // ann's own row has no floor
    expect(low.recipients).toBe(1);
    expect(await sharedJobsOf(low.eventId)).toEqual([]);

    const medium = await scan(p.test.id, 'Medium');
    expect(await alertedUserIds(medium.eventId)).toEqual([ann.id, ben.id].sort((a, b) => a - b));
    expect(await sharedJobsOf(medium.eventId)).toEqual([]);
    expect((await sharedJobsOf((await scan(p.test.id, 'High')).eventId)).map((j) => j.channel)).toEqual(['slack']);
  });

  it('the preview says which floor removed which route', async () => {
    const { p, ann } = await scene();
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['alert', 'mail'], minimum_severity: { mail: 'High' } });
    const preview = await previewRecipients({ type: 'scan_added', title: 'Scan', test: p.test.id, severity: 'Low' });
    expect(preview.severity).toBe('Low');
    expect(preview.filtered).toEqual([
      expect.objectContaining({
        userId: ann.id,
        channel: 'mail',
        source: 'personal',
        filter: 'severity_floor',
        floor: 'High',
        note: 'below the floor (High and above)',
      }),
    ]);
  });
});

describe('mutes (§4b.2)', () => {
  it('a muted product sends nothing but mentions and required events', async () => {
    const { p, ann, ben } = await scene();
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['alert', 'mail'], user_mentioned: ['mail'] });
    expect((await createMute(db(), actor(ann), { product: p.product.id })).ok).toBe(true);

    const scanned = await scan(p.test.id, 'Critical');
    expect(await alertedUserIds(scanned.eventId)).toEqual([ben.id]); // not even the system-wide alert
    expect(await personalJobsOf(scanned.eventId)).toEqual([]);

    const mention = await notify({ type: 'user_mentioned', title: 'Hi', finding: p.finding.id, recipients: [ann.id] });
    expect(await alertedUserIds(mention.eventId)).toEqual([ann.id]);
    expect(await personalJobsOf(mention.eventId)).toEqual([`${ann.id}:mail`]);

    await patchSettings(db(), { scope: 'system' }, { required: ['scan_added'] });
    expect(await alertedUserIds((await scan(p.test.id, 'Low')).eventId)).toEqual([ann.id, ben.id].sort((a, b) => a - b));
  });

  it('a mute until a past time is over; a finding mute silences events about that finding only', async () => {
    const { p, ann } = await scene();
    await db().execute(
      sql`insert into mutes (user_id, product_id, until) values (${ann.id}, ${p.product.id}, now() - interval '1 minute')`,
    );
    expect(await alertedUserIds((await scan(p.test.id, 'High')).eventId)).toContain(ann.id);

    await createMute(db(), actor(ann), { finding: p.finding.id, until: new Date(Date.now() + 3_600_000).toISOString() });
    const sla = await notify({ type: 'sla_breach', title: 'SLA', finding: p.finding.id, severity: 'High' });
    expect(await alertedUserIds(sla.eventId)).not.toContain(ann.id);
    expect(await alertedUserIds((await scan(p.test.id, 'High')).eventId)).toContain(ann.id);
  });

  it('muting needs view access: a mute of what the user cannot see is a 404; only the owner lists and removes it', async () => {
    const { p, ann, ben } = await scene();
    const outsider = await makeUser();
    expect(await createMute(db(), actor(outsider), { product: p.product.id })).toMatchObject({ ok: false, status: 404 });
    expect(await createMute(db(), actor(outsider), { finding: p.finding.id })).toMatchObject({ ok: false, status: 404 });
    expect(await createMute(db(), actor(ann), { product: p.product.id, finding: p.finding.id })).toMatchObject({ ok: false, status: 400 });
    expect(await createMute(db(), actor(ann), { product: p.product.id, until: '2020-01-01T00:00:00Z' })).toMatchObject({
      ok: false,
      status: 400,
    });

    const created = await createMute(db(), actor(ann), { product: p.product.id });
    if (!created.ok) throw new Error('not created');
    expect(await listMutes(db(), actor(ben))).toEqual({ ok: true, value: { count: 0, results: [] } });
    expect(await deleteMute(db(), actor(ben), created.value.id)).toMatchObject({ ok: false, status: 404 });
    expect(await listMutes(db(), actor(ann))).toMatchObject({
      ok: true,
      value: { count: 1, results: [{ id: created.value.id, product: p.product.id }] },
    });
    expect((await deleteMute(db(), actor(ann), created.value.id)).ok).toBe(true);
  });

  it('the preview says who muted the subject', async () => {
    const { p, ann } = await scene();
    await createMute(db(), actor(ann), { product: p.product.id });
    const preview = await previewRecipients({ type: 'scan_added', title: 'Scan', test: p.test.id, severity: 'High' });
    expect(preview.recipients.map((r) => r.userId)).not.toContain(ann.id);
    expect(preview.filtered).toEqual([
      expect.objectContaining({ userId: ann.id, channel: 'alert', source: 'system', filter: 'muted', note: 'muted' }),
    ]);
  });
});

describe('required events (§4b.3)', () => {
  it('reach every user who can see the subject on the system-wide channels, whatever their rows, floors, mutes or quiet hours', async () => {
    const { p, ann, ben } = await scene();
    const outsider = await makeUser({ email: 'out@example.com' });
    await patchSettings(
      db(),
      { scope: 'system' },
      { sla_breach: ['alert', 'mail', 'slack'], required: ['sla_breach'], minimum_severity: { alert: 'Critical' } },
    );
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { sla_breach: [], minimum_severity: { mail: 'Critical' } });
    await createMute(db(), actor(ann), { product: p.product.id });
    await db().execute(
      sql`update users set quiet_from = '00:00', quiet_until = '23:59', quiet_days = '{1,2,3,4,5,6,7}' where id = ${ben.id}`,
    );

    const event = await notify({ type: 'sla_breach', title: 'SLA', finding: p.finding.id, severity: 'Low' });
    expect(await alertedUserIds(event.eventId)).toEqual([ann.id, ben.id].sort((a, b) => a - b));
    expect((await personalJobs(event.eventId)).map((j) => `${j.user_id}:${j.channel}:${j.status}:${j.reason}`)).toEqual(
      [`${ann.id}:mail:pending:required`, `${ann.id}:slack:pending:required`, `${ben.id}:mail:pending:required`].sort(),
    );
    expect(await alertedUserIds(event.eventId)).not.toContain(outsider.id);
    const preview = await previewRecipients({ type: 'sla_breach', title: 'SLA', finding: p.finding.id, severity: 'Low' });
    expect(preview.required).toBe(true);
  });
});

describe('quiet hours (§4b.4)', () => {
  /** A window around now, in the user's zone, that ends in about an hour. */
  async function quietNow(user: User, timeZone = 'Asia/Kolkata') {
    await db().execute(sql`update users set time_zone = ${timeZone},
      quiet_from = ((now() at time zone ${timeZone}) - interval '1 hour')::time(0),
      quiet_until = date_trunc('minute', (now() at time zone ${timeZone}) + interval '61 minutes')::time
      where id = ${user.id}`);
  }

  it('hold personal mail and Slack DMs until the window ends, never the bell', async () => {
    const { p, ann } = await scene();
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['alert', 'mail', 'slack'] });
    await quietNow(ann);
    const before = Date.now();
    const event = await scan(p.test.id, 'High');
    expect(await alertedUserIds(event.eventId)).toContain(ann.id);
    const jobs = await personalJobs(event.eventId);
    expect(jobs.map((j) => `${j.channel}:${j.status}`)).toEqual(['mail:held', 'slack:held']);
    const release = new Date(jobs[0]!.held_until!).getTime();
    expect(release - before).toBeGreaterThan(59 * 60_000);
    expect(release - before).toBeLessThan(62 * 60_000);

    const preview = await previewRecipients({ type: 'scan_added', title: 'Scan', test: p.test.id, severity: 'High' });
    const mail = preview.recipients.find((r) => r.userId === ann.id)!.channels.find((c) => c.channel === 'mail')!;
    // The release in the user's zone, with its weekday when it falls on another day there (run
    // near midnight in Kolkata, the window ends tomorrow).
    const zoned = (d: Date, o: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', ...o }).format(d);
    const day = (d: Date) => zoned(d, { dateStyle: 'short' });
    const time = zoned(new Date(release), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const weekday = day(new Date(release)) === day(new Date()) ? '' : `${zoned(new Date(release), { weekday: 'short' })} `;
    expect(mail.note).toBe(`held until ${weekday}${time} (quiet hours)`);
  });

  it('are released as one grouped message when they end', async () => {
    const { p, ann } = await scene();
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['mail'] });
    await quietNow(ann);
    const first = await scan(p.test.id, 'High', 'One');
    await scan(p.test.id, 'Medium', 'Two');
    const [job] = await personalJobs(first.eventId);
    expect(await gatherDigests(db(), new Date(Date.now() + 60_000))).toMatchObject({ digests: 0 });
    expect(await gatherDigests(db(), new Date(new Date(job!.held_until!).getTime() + 1000))).toEqual({
      digests: 1,
      gathered: 2,
      released: 0,
    });
    const [digest] = await db().execute<{ status: string; digest_window: string }>(sql`
      select status::text, digest_window from deliveries where kind = 'digest'`);
    expect(digest).toMatchObject({ status: 'pending', digest_window: expect.stringMatching(/^quiet:/) });
  });

  it('let Critical events and quiet days work: Critical goes at once, a quiet day holds all day', async () => {
    const { p, ann, ben } = await scene();
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['mail'] });
    await patchSettings(db(), { scope: 'personal', userId: ben.id }, { scan_added: ['mail'] });
    await quietNow(ann, 'UTC');
    await db().execute(sql`update users set quiet_days = array[extract(isodow from now() at time zone 'America/New_York')::int],
      time_zone = 'America/New_York' where id = ${ben.id}`);
    const critical = await personalJobs((await scan(p.test.id, 'Critical')).eventId);
    expect(critical.map((j) => j.status)).toEqual(['pending', 'pending']);
    const high = await personalJobs((await scan(p.test.id, 'High')).eventId);
    expect(high.map((j) => j.status)).toEqual(['held', 'held']);
    const [tomorrow] = await db().execute<{ at: string }>(sql`
      select (((now() at time zone 'America/New_York')::date + 1)::timestamp at time zone 'America/New_York')::text as at`);
    expect(new Date(high[1]!.held_until!).getTime()).toBe(new Date(tomorrow!.at).getTime());
  });
});

describe('grouped alerts (§4b.5)', () => {
  it('a new event about the same subject updates the unread alert: count, event ids, text; the unread count stays', async () => {
    const { p, ann } = await scene();
    const first = await scan(p.test.id, 'Low', 'Scan one');
    const second = await scan(p.test.id, 'High', 'Scan two');
    const third = await scan(p.test.id, 'Medium', 'Scan three');
    const page = await listAlerts(db(), ann.id, { limit: 10 });
    expect(page.unread_count).toBe(1);
    expect(page.results).toHaveLength(1);
    expect(page.results[0]).toMatchObject({
      title: 'Scan three',
      count: 3,
      event_ids: [first.eventId, second.eventId, third.eventId],
      severity: 'High',
    });
  });

  it('a read alert is not grouped into, nor are other subjects, other event types or events about nothing', async () => {
    const { p, ann } = await scene();
    const other = await makeProgram((await makeProductType()).id);
    await addProductMember(other.product.id, ann.id, 'Reader');
    await scan(p.test.id, 'Low');
    await db().execute(sql`update alerts set read_at = now() where user_id = ${ann.id}`);
    await scan(p.test.id, 'Low');
    await scan(other.test.id, 'Low');
    await notify({ type: 'scan_added_empty', title: 'Nothing', test: p.test.id });
    await notify({ type: 'other', title: 'A' });
    await notify({ type: 'other', title: 'B' });
    const page = await listAlerts(db(), ann.id, { limit: 10 });
    expect(page.results.map((a) => a.count)).toEqual([1, 1, 1, 1, 1]);
    expect(page.unread_count).toBe(4);
  });

  it('the bell filters by severity: this one or above, none left out unless asked', async () => {
    const { p, ann } = await scene();
    const other = await makeProgram((await makeProductType()).id);
    await addProductMember(other.product.id, ann.id, 'Reader');
    await scan(p.test.id, 'Low');
    await scan(other.test.id, 'Critical');
    await notify({ type: 'other', title: 'No severity' });
    const severities = async (minSeverity?: 'High' | 'Low') =>
      (await listAlerts(db(), ann.id, { limit: 10, severity: minSeverity })).results.map((a) => a.severity);
    expect(await severities('High')).toEqual(['Critical']);
    expect(await severities('Low')).toEqual(['Critical', 'Low']);
    expect(await severities()).toEqual([null, 'Critical', 'Low']);
  });

  it('the preview says which unread alert an event would update', async () => {
    const { p, ann } = await scene();
    await scan(p.test.id, 'Low');
    const [alert] = (await listAlerts(db(), ann.id, { limit: 1 })).results;
    const preview = await previewRecipients({ type: 'scan_added', title: 'Scan', test: p.test.id });
    expect(preview.recipients.find((r) => r.userId === ann.id)!.groupsInto).toEqual({ alertId: alert!.id, count: 2 });
  });
});

describe('the reason on every alert and personal job (§4b)', () => {
  it('is system, personal, product, mention, review_request or required, from the route that reached the user', async () => {
    const { p, ann, ben } = await scene();
    await patchSettings(db(), { scope: 'system' }, { scan_added: [], engagement_added: ['alert'] });
    await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['alert', 'mail'] });
    await patchSettings(db(), { scope: 'product', userId: ben.id, productId: p.product.id }, { scan_added: ['alert'] });
    await scan(p.test.id, 'High');
    await notify({ type: 'engagement_added', title: 'E', engagement: p.engagement.id });
    await notify({ type: 'user_mentioned', title: 'M', finding: p.finding.id, recipients: [ann.id] });
    await notify({ type: 'review_requested', title: 'R', finding: p.finding.id, recipients: [ben.id] });
    await patchSettings(db(), { scope: 'system' }, { sla_breach: ['alert'], required: ['sla_breach'] });
    await notify({ type: 'sla_breach', title: 'S', finding: p.finding.id });

    const reasons = async (userId: number) => (await listAlerts(db(), userId, { limit: 10 })).results.map((a) => `${a.event}:${a.reason}`);
    expect(await reasons(ann.id)).toEqual([
      'sla_breach:required',
      'user_mentioned:mention',
      'engagement_added:system',
      'scan_added:personal',
    ]);
    expect(await reasons(ben.id)).toEqual([
      'sla_breach:required',
      'review_requested:review_request',
      'engagement_added:system',
      'scan_added:product',
    ]);
    const [mailJob] = await db().execute<{
      reason: string;
    }>(sql`select reason::text from deliveries where kind = 'personal' and channel = 'mail'
      and user_id = ${ann.id} order by created_at limit 1`);
    expect(mailJob?.reason).toBe('personal');
  });

  it('says why in words and links to the setting that caused it', async () => {
    const { p, ben } = await scene();
    await patchSettings(db(), { scope: 'system' }, { scan_added: [] });
    await patchSettings(db(), { scope: 'product', userId: ben.id, productId: p.product.id }, { scan_added: ['alert'] });
    await scan(p.test.id, 'High');
    const [alert] = (await listAlerts(db(), ben.id, { limit: 1 })).results;
    expect(alert).toMatchObject({
      reason: 'product',
      reason_label: `your settings for ${p.product.name}`,
      settings_url: `/products/${p.product.id}/notifications`,
      product: { id: p.product.id, name: p.product.name },
      finding: null,
    });
  });
});
