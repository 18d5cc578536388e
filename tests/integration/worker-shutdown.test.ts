// SIGTERM while the worker sends a large SLA run: it stops between notices and exits, rather than
// finishing hundreds of notifications first (a storm's run takes minutes; an orchestrator kills a
// worker that does not exit within its grace period). What it sent stays sent; the next run sends
// the rest, each finding once.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/audit/record';
import { db } from '@/lib/db/client';
import { engagements, tests } from '@/lib/db/schema';
import { runDueSchedules } from '@/lib/schedules/runner';
import { updateScheduleSettings } from '@/lib/schedules/settings';
import { addProductMember, makeProduct, makeProductType, makeUser } from '../support/fixtures';
import { spawnWorker, untilStarted, type WorkerProcess } from '../support/worker-process';

const FINDINGS = 600;
let worker: WorkerProcess | undefined;

beforeEach(async () => {
  await db().execute(sql`truncate product_types, scheduled_notices, schedule_runs, schedule_settings, notification_events cascade`);
});
afterEach(async () => {
  if (worker && worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  await worker?.exited;
  worker = undefined;
});

const notices = async () =>
  Number((await db().execute<{ n: number }>(sql`select count(*)::int as n from scheduled_notices where schedule = 'sla_breach'`))[0]!.n);

describe('the worker stopped during a schedule run', () => {
  it('exits between notices, gives the run back, and the next run sends the rest once', async () => {
    const productId = (await makeProduct((await makeProductType()).id)).id;
    const member = await makeUser();
    await addProductMember(productId, member.id, 'Reader');
    const [engagement] = await db()
      .insert(engagements)
      .values({ productId, name: 'Ongoing', targetStart: '2020-01-01', targetEnd: '2099-01-01', status: 'In Progress' })
      .returning();
    const [test] = await db().insert(tests).values({ engagementId: engagement!.id, title: 'Scan', testType: 'ZAP Scan' }).returning();
    await db().execute(sql`insert into findings (test_id, title, severity, sla_expiration_date)
      select ${test!.id}, 'Breached ' || i, 'High', current_date - 1 from generate_series(1, ${FINDINGS}) i`);
    // Due at once, whatever the time of day.
    await updateScheduleSettings(db(), SYSTEM_ACTOR, { runAt: '00:00', timeZone: 'UTC' });

    worker = spawnWorker({ DATABASE_URL: process.env.DATABASE_URL!, APP_URL: 'http://tocsin.test' });
    await untilStarted(worker);
    await expect.poll(notices, { timeout: 20_000, interval: 20 }).toBeGreaterThan(0);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toMatch(/schedule sla stopped: the worker is shutting down; the next run sends the rest/);

    const sent = await notices();
    expect(sent).toBeLessThan(FINDINGS);
    expect(await db().execute(sql`select 1 from schedule_runs where schedule = 'sla'`)).toHaveLength(0);
    const next = await runDueSchedules(db(), new Date());
    expect(next.find((o) => o.schedule === 'sla')).toMatchObject({ ran: true, sent: FINDINGS - sent });
    const alerts = await db().execute<{ n: number; titles: number }>(
      sql`select count(*)::int as n, count(distinct title)::int as titles from alerts where user_id = ${member.id} and event_type = 'sla_breach'`,
    );
    // Alerts of one finding each: grouped per finding, never two for the same one.
    expect(alerts[0]).toEqual({ n: FINDINGS, titles: FINDINGS });
  });
});
