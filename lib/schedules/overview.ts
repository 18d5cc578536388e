// What /admin/schedules shows of each schedule: its last run (any trigger) and its next timer run.
import { sql } from 'drizzle-orm';
import { superusersOnly, type AdminActor } from '../auth/superusers-only';
import type { Executor } from '../db/client';
import type { Result } from '../core/result';
import { localDay } from './clock';
import { nextRun, SCHEDULE_NAMES, SCHEDULES, type ScheduleName } from './runner';
import { getScheduleSettings } from './settings';

export interface ScheduleRunSummary {
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string | null;
  trigger: string;
  sent: number;
  error: string | null;
}

export interface ScheduleOverview {
  name: ScheduleName;
  label: string;
  lastRun: ScheduleRunSummary | null;
  nextRun: { day: string; time: string; timeZone: string };
}

/** Superusers only (the runs' errors and the settings are the admins'). */
export async function scheduleOverview(db: Executor, actor: AdminActor, now: Date): Promise<Result<ScheduleOverview[]>> {
  return superusersOnly(actor, () => overviewOf(db, now));
}

async function overviewOf(db: Executor, now: Date): Promise<ScheduleOverview[]> {
  const settings = await getScheduleSettings(db);
  const today = localDay(now, settings.timeZone);
  const rows = await db.execute<ScheduleRunSummary & { schedule: string; ran_today: boolean } & Record<string, unknown>>(sql`
    select s.schedule, r."startedAt", r."finishedAt", r.trigger, r.sent, r.error,
      exists (select 1 from schedule_runs t where t.schedule = s.schedule and t.trigger = 'timer' and t.day = ${today}::date) as ran_today
    from unnest(${`{${SCHEDULE_NAMES.join(',')}}`}::text[]) as s (schedule)
    left join lateral (
      select to_json(started_at) #>> '{}' as "startedAt", to_json(finished_at) #>> '{}' as "finishedAt", trigger, sent, error
      from schedule_runs where schedule = s.schedule order by started_at desc limit 1
    ) r on true`);
  return SCHEDULE_NAMES.map((name) => {
    const row = rows.find((r) => r.schedule === name);
    return {
      name,
      label: SCHEDULES[name].label,
      lastRun: row?.startedAt
        ? { startedAt: row.startedAt, finishedAt: row.finishedAt, trigger: row.trigger, sent: row.sent, error: row.error }
        : null,
      nextRun: nextRun(settings, now, Boolean(row?.ran_today)),
    };
  });
}
