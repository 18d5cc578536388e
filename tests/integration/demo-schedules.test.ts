// The demo's promise: starting the app shows the SLA, engagement and risk-acceptance notifications
// the seeded data calls for, once. The worker's timer runs the schedules on its first tick.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { seedDemo } from '@/lib/launcher/demo-seed';
import { integrationStatus } from '@/lib/notifications/channel-integrations';
import { runDueSchedules } from '@/lib/schedules/runner';

const SEED_DAY = new Date('2026-06-15T00:01:00Z'); // the first tick after the seed, just past midnight

let alice: number;
beforeAll(async () => {
  await db().execute(sql`truncate users, product_types, app_meta, schedule_settings, system_settings, scheduled_notices,
    schedule_runs, notification_settings, notification_events restart identity cascade`);
  expect(await seedDemo(db(), { password: 'demo', today: SEED_DAY })).toBe(true);
  const [row] = await db().execute<{ id: number }>(sql`select id from users where username = 'alice'`);
  alice = row!.id;
  await runDueSchedules(db(), SEED_DAY);
  await runDueSchedules(db(), new Date(SEED_DAY.getTime() + 60_000));
});

async function alertTitles(type: string): Promise<string[]> {
  const rows = await db().execute<{ title: string }>(
    sql`select title from alerts where user_id = ${alice} and event_type = ${type} order by title`,
  );
  return rows.map((r) => r.title);
}

describe('the demo, once the worker has ticked twice on the seed day', () => {
  it('has mail on, so the local outbox shows the emails', async () => {
    expect((await integrationStatus(db())).mail.available).toBe(true);
  });

  it('an SLA due in two days and a breached SLA, once each', async () => {
    expect(await alertTitles('sla_breach')).toEqual([
      'SLA breach in 2 days: SQL injection in refund endpoint',
      'SLA breached: Card number logged in plain text',
    ]);
  });

  it('the stale engagement and the upcoming one, once each', async () => {
    expect(await alertTitles('stale_engagement')).toEqual(['Engagement Annual PCI Audit is stale']);
    expect(await alertTitles('upcoming_engagement')).toEqual(['Engagement Q4 Penetration Test starts on 2026-06-16']);
  });

  it('the expiring risk acceptance, once', async () => {
    expect(await alertTitles('risk_acceptance_expiration')).toEqual([
      'Risk acceptance Accept verbose errors until the 5.0 rewrite expires on 2026-06-18',
    ]);
  });

  it('the timer ran each schedule once that day', async () => {
    const [row] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from schedule_runs where trigger = 'timer' and day = '2026-06-15'`,
    );
    expect(row!.n).toBe(3);
  });
});
