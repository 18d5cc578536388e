// The worker purges old alerts once a UTC day, however many workers tick (claimed in schedule_runs).
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { alerts, notificationEvents, systemSettings } from '@/lib/db/schema';
import { RETENTION_SCHEDULE, runDailyAlertPurge, startRetentionTimer } from '@/lib/worker/retention-timer';
import { makeUser, type User } from '../support/fixtures';

let user: User;
let eventId: number;

beforeAll(async () => {
  user = await makeUser();
  const [event] = await db().insert(notificationEvents).values({ type: 'other', title: 'Fixture' }).returning();
  eventId = event!.id;
  await db()
    .insert(systemSettings)
    .values({ id: 1, alertRetentionDays: 30 })
    .onConflictDoUpdate({ target: systemSettings.id, set: { alertRetentionDays: 30 } });
});

async function addAlert(ageDays: number, title: string): Promise<void> {
  await db()
    .insert(alerts)
    .values({
      userId: user.id,
      eventId,
      eventType: 'other',
      title,
      description: '',
      createdAt: new Date(Date.now() - ageDays * 86_400_000),
    });
}

const titles = async () =>
  (await db().select({ title: alerts.title }).from(alerts).where(eq(alerts.userId, user.id)).orderBy(alerts.id)).map((r) => r.title);
const runs = async () =>
  db().execute<{ day: string; sent: number }>(sql`
  select day::text as day, sent from schedule_runs where schedule = ${RETENTION_SCHEDULE} and trigger = 'timer' order by day`);

describe('the alert retention timer', () => {
  it('purges once today with two workers ticking every few milliseconds, and keeps the recent alerts', async () => {
    await addAlert(45, 'old');
    await addAlert(1, 'recent');
    const lines: string[] = [];
    const timers = [startRetentionTimer(db(), (l) => lines.push(l), 20), startRetentionTimer(db(), (l) => lines.push(l), 20)];
    const deadline = Date.now() + 10_000;
    while ((await runs()).length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200)); // more ticks: none purges again
    await Promise.all(timers.map((t) => t.stop()));

    expect(await titles()).toEqual(['recent']);
    expect(lines).toEqual(['alert retention: 1 expired, 0 over the cap, deleted']);
    expect(await runs()).toEqual([{ day: new Date().toISOString().slice(0, 10), sent: 1 }]);
  });

  it('runs again on a later day, and not twice on that day', async () => {
    const later = new Date(Date.now() + 40 * 86_400_000); // 'recent' is then 41 days old
    const [first, second] = await Promise.all([runDailyAlertPurge(db(), later), runDailyAlertPurge(db(), later)]);
    expect([first.ran, second.ran].sort()).toEqual([false, true]);
    expect(await titles()).toEqual([]);
    expect(await runDailyAlertPurge(db(), later)).toEqual({ ran: false });
  });
});
