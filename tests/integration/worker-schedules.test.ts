// The worker process ticks the daily schedules: each runs once a day from its configured time,
// however many workers tick.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { startScheduleTimer } from '@/lib/worker/schedule-timer';
import { SYSTEM_ACTOR } from '@/lib/audit/record';
import { updateScheduleSettings } from '@/lib/schedules/settings';

async function timerRuns(): Promise<string[]> {
  const rows = await db().execute<{ schedule: string }>(sql`select schedule from schedule_runs where trigger = 'timer' order by schedule`);
  return rows.map((r) => r.schedule);
}

describe('the schedule timer', () => {
  it('runs every schedule once today, even with two workers ticking every few milliseconds', async () => {
    await updateScheduleSettings(db(), SYSTEM_ACTOR, { runAt: '00:00', timeZone: 'UTC' });
    const lines: string[] = [];
    const timers = [startScheduleTimer(db(), (l) => lines.push(l), 20), startScheduleTimer(db(), (l) => lines.push(l), 20)];
    const deadline = Date.now() + 10_000;
    while ((await timerRuns()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200)); // more ticks: none runs again
    await Promise.all(timers.map((t) => t.stop()));

    expect(await timerRuns()).toEqual(['engagements', 'risk_acceptances', 'sla']);
    expect(lines.filter((l) => l.startsWith('schedule ')).sort()).toEqual([
      'schedule engagements: 0 notification(s)',
      'schedule risk_acceptances: 0 notification(s)',
      'schedule sla: 0 notification(s)',
    ]);
  });
});
