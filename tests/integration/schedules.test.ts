// Scheduled notifications with an injected clock: the right subjects, once per period, by RBAC.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { engagements, findings, riskAcceptanceFindings, riskAcceptances, tests } from '@/lib/db/schema';
import { runDueSchedules, runSchedule } from '@/lib/schedules/runner';
import { SYSTEM_ACTOR } from '@/lib/audit/record';
import { updateScheduleSettings } from '@/lib/schedules/settings';
import { addProductMember, makeProduct, makeProductType, makeUser, type User } from '../support/fixtures';

const NOW = new Date('2026-06-15T12:00:00Z'); // a Monday; "today" is 2026-06-15 in UTC
const day = (offset: number) => new Date(Date.parse('2026-06-15T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);

let member: User;
let outsider: User;
let productId: number;
let testId: number;

beforeEach(async () => {
  // Each test starts from an empty program (the cascade takes products, engagements, findings, alerts…).
  await db().execute(sql`truncate product_types, scheduled_notices, schedule_runs, schedule_settings, notification_events cascade`);
  const pt = await makeProductType();
  productId = (await makeProduct(pt.id)).id;
  member = await makeUser();
  outsider = await makeUser();
  await addProductMember(productId, member.id, 'Reader');
  const [engagement] = await db()
    .insert(engagements)
    .values({ productId, name: 'Ongoing', targetStart: day(-30), targetEnd: day(30), status: 'In Progress' })
    .returning();
  const [test] = await db().insert(tests).values({ engagementId: engagement!.id, title: 'Scan', testType: 'ZAP Scan' }).returning();
  testId = test!.id;
});

async function finding(
  title: string,
  severity: 'Critical' | 'High' | 'Medium' | 'Low' | 'Info',
  due: string | null,
  extra: Partial<typeof findings.$inferInsert> = {},
) {
  const [row] = await db()
    .insert(findings)
    .values({ testId, title, severity, slaExpirationDate: due, ...extra })
    .returning();
  return row!;
}

async function alertsOf(user: User, type?: string) {
  return db().execute<{ title: string; description: string; event_type: string }>(sql`
    select title, description, event_type from alerts where user_id = ${user.id} ${type ? sql`and event_type = ${type}` : sql``} order by id`);
}

describe('SLA breaches', () => {
  it('tells the product’s members about findings breached or due within N days, and only those', async () => {
    await finding('Due in two days', 'Critical', day(2));
    await finding('Breached three days ago', 'High', day(-3));
    await finding('Due in ten days', 'Medium', day(10));
    await finding('Closed and breached', 'High', day(-1), { active: false });
    await finding('Breached a month ago', 'Low', day(-30));
    await finding('No SLA', 'Info', null);
    const outcome = await runSchedule(db(), 'sla', NOW, 'manual');
    expect(outcome).toMatchObject({ ran: true, sent: 2 });
    const titles = (await alertsOf(member, 'sla_breach')).map((a) => a.title).sort();
    expect(titles).toEqual(['SLA breach in 2 days: Due in two days', 'SLA breached: Breached three days ago']);
    expect(await alertsOf(outsider)).toEqual([]);
  });

  it('sends nothing more on a second run the same day, and again the next day', async () => {
    await finding('Due soon', 'Critical', day(1));
    expect((await runSchedule(db(), 'sla', NOW, 'manual')).sent).toBe(1);
    expect((await runSchedule(db(), 'sla', new Date(NOW.getTime() + 3_600_000), 'manual')).sent).toBe(0);
    expect((await runSchedule(db(), 'sla', new Date(NOW.getTime() + 86_400_000), 'manual')).sent).toBe(1);
    // The second day's breach updates the unread alert of the first (grouped alerts, DESIGN §4b.5).
    const [grouped] = await db().execute<{ n: number }>(sql`
      select cardinality(event_ids) as n from alerts where user_id = ${member.id} and event_type = 'sla_breach'`);
    expect(await alertsOf(member, 'sla_breach')).toHaveLength(1);
    expect(grouped!.n).toBe(2);
  });

  it('two workers firing at once send once', async () => {
    for (let i = 0; i < 20; i++) await finding(`Breached ${i}`, 'High', day(-1));
    const outcomes = await Promise.all([1, 2, 3].map(() => runSchedule(db(), 'sla', NOW, 'manual')));
    expect(outcomes.reduce((sum, o) => sum + o.sent, 0)).toBe(20);
    expect(await alertsOf(member, 'sla_breach')).toHaveLength(20);
  });

  it('combined: one message per product listing its findings', async () => {
    await updateScheduleSettings(db(), SYSTEM_ACTOR, { slaCombined: true });
    await finding('First', 'Critical', day(1));
    await finding('Second', 'High', day(-2));
    expect((await runSchedule(db(), 'sla', NOW, 'manual')).sent).toBe(1);
    const [alert] = await alertsOf(member, 'sla_breach_combined');
    expect(alert!.title).toContain('1 breached, 1 due soon');
    expect(alert!.description).toContain('Critical: First (due 2026-06-16)');
    expect(alert!.description).toContain('High: Second (2 days overdue)');
    expect(await alertsOf(member, 'sla_breach')).toEqual([]);
  });

  it('verified-only and severity filters leave the others out', async () => {
    await updateScheduleSettings(db(), SYSTEM_ACTOR, { slaVerifiedOnly: true, slaSeverities: ['Critical'] });
    await finding('Verified critical', 'Critical', day(1), { verified: true });
    await finding('Unverified critical', 'Critical', day(1));
    await finding('Verified high', 'High', day(1), { verified: true });
    expect((await runSchedule(db(), 'sla', NOW, 'manual')).sent).toBe(1);
  });
});

describe('engagements', () => {
  it('announces an upcoming engagement and a stale one once each', async () => {
    await db()
      .insert(engagements)
      .values([
        { productId, name: 'Starts soon', targetStart: day(2), targetEnd: day(20) },
        { productId, name: 'Overdue', targetStart: day(-20), targetEnd: day(-1), status: 'In Progress' },
        { productId, name: 'Done', targetStart: day(-20), targetEnd: day(-1), status: 'Completed' },
        { productId, name: 'Far away', targetStart: day(30), targetEnd: day(40) },
      ]);
    expect((await runSchedule(db(), 'engagements', NOW, 'manual')).sent).toBe(2);
    expect((await runSchedule(db(), 'engagements', new Date(NOW.getTime() + 86_400_000), 'manual')).sent).toBe(0);
    expect((await alertsOf(member)).map((a) => a.title).sort()).toEqual([
      'Engagement Overdue is stale',
      `Engagement Starts soon starts on ${day(2)}`,
    ]);
    expect(await alertsOf(outsider)).toEqual([]);
  });

  it('auto-close closes engagements stale for N days and says so, instead of calling them stale', async () => {
    await updateScheduleSettings(db(), SYSTEM_ACTOR, { autoCloseEnabled: true, autoCloseDays: 7 });
    const [old] = await db()
      .insert(engagements)
      .values({ productId, name: 'Long overdue', targetStart: day(-40), targetEnd: day(-10), status: 'In Progress' })
      .returning();
    expect((await runSchedule(db(), 'engagements', NOW, 'manual')).sent).toBe(1);
    const [after] = await db().execute<{ status: string }>(sql`select status from engagements where id = ${old!.id}`);
    expect(after!.status).toBe('Completed');
    expect((await alertsOf(member)).map((a) => a.event_type)).toEqual(['auto_close_engagement']);
  });
});

describe('risk acceptances', () => {
  async function acceptance(name: string, expires: string, findingIds: number[]) {
    const [ra] = await db().insert(riskAcceptances).values({ name, productId, expirationDate: expires }).returning();
    await db()
      .insert(riskAcceptanceFindings)
      .values(findingIds.map((findingId) => ({ riskAcceptanceId: ra!.id, findingId })));
    return ra!;
  }

  it('warns once before expiry, and on expiry reactivates the accepted findings and says so', async () => {
    const accepted = await finding('Accepted', 'Low', null, { active: false });
    await acceptance('Soon', day(2), [(await finding('Other', 'Low', null, { active: false })).id]);
    const expired = await acceptance('Expired', day(-1), [accepted.id]);
    expect((await runSchedule(db(), 'risk_acceptances', NOW, 'manual')).sent).toBe(2);
    expect((await runSchedule(db(), 'risk_acceptances', NOW, 'manual')).sent).toBe(0);

    const messages = (await alertsOf(member)).map((a) => `${a.title}: ${a.description}`).sort();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^Risk acceptance Expired expired: On .*: 1 accepted finding reactivated\.$/);
    expect(messages[1]).toContain(`Risk acceptance Soon expires on ${day(2)}`);
    const [reactivated] = await db().execute<{ active: boolean }>(sql`select active from findings where id = ${accepted.id}`);
    expect(reactivated!.active).toBe(true);
    const [ra] = await db().execute<{ expired_at: Date | null }>(sql`select expired_at from risk_acceptances where id = ${expired.id}`);
    expect(ra!.expired_at).not.toBeNull();
    expect(await alertsOf(outsider)).toEqual([]);
  });
});

describe('the daily timer', () => {
  it('runs each schedule once a day from the configured local time', async () => {
    await updateScheduleSettings(db(), SYSTEM_ACTOR, { runAt: '09:00', timeZone: 'Europe/Paris' });
    await finding('Due soon', 'Critical', day(1));
    expect(await runDueSchedules(db(), new Date('2026-06-15T06:30:00Z'))).toEqual([]); // 08:30 in Paris
    const first = await runDueSchedules(db(), new Date('2026-06-15T07:05:00Z')); // 09:05 in Paris
    expect(first.map((o) => o.schedule)).toEqual(['sla', 'engagements', 'risk_acceptances']);
    expect(await runDueSchedules(db(), new Date('2026-06-15T07:06:00Z'))).toEqual([]);
    expect(await alertsOf(member, 'sla_breach')).toHaveLength(1);
  });

  it('takes over a run abandoned by a dead worker', async () => {
    await finding('Due soon', 'Critical', day(1));
    await db().execute(
      sql`insert into schedule_runs (schedule, day, trigger, started_at) values ('sla', ${day(0)}, 'timer', now() - interval '1 hour')`,
    );
    const outcomes = await runDueSchedules(db(), NOW);
    expect(outcomes.find((o) => o.schedule === 'sla')).toMatchObject({ ran: true, sent: 1 });
  });
});

describe('a run asked to stop (the worker shutting down)', () => {
  it('stops before its next notice and gives its claim back; the next run sends the rest, each once', async () => {
    for (let i = 0; i < 5; i++) await finding(`Breached ${i}`, 'High', day(-1));
    // A shutdown that arrives while the run is under way: the signal reads aborted from its third look on.
    let looks = 0;
    const shutdown = {
      get aborted() {
        return ++looks > 2;
      },
    } as AbortSignal;
    const stopped = await runDueSchedules(db(), NOW, shutdown);
    expect(stopped).toEqual([
      expect.objectContaining({ schedule: 'sla', ran: true, stopped: true, error: expect.stringMatching(/next run sends the rest/) }),
    ]);
    const sentBefore = (await alertsOf(member, 'sla_breach')).length;
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(5);
    expect(await db().execute(sql`select 1 from schedule_runs where schedule = 'sla'`)).toHaveLength(0);

    const next = await runDueSchedules(db(), new Date(NOW.getTime() + 60_000));
    expect(next.find((o) => o.schedule === 'sla')).toMatchObject({ ran: true, sent: 5 - sentBefore });
    const titles = (await alertsOf(member, 'sla_breach')).map((a) => a.title);
    expect(titles).toHaveLength(5);
    expect(new Set(titles).size).toBe(5);
  });
});
