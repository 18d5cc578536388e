// Runs the schedules: by the worker's timer once a day at the configured local time, or on demand
// ("Run now"). Database-coordinated: the daily run is claimed by a unique row, and every notice
// by its own key (notices.ts), so any number of workers may tick at once.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { localDay, localTime } from './clock';
import { runEngagementSchedules } from './engagements';
import { runRiskAcceptanceSchedules } from './risk-acceptances';
import { getScheduleSettings, type ScheduleSettings } from './settings';
import { ScheduleStopped } from './notices';
import { runSlaBreaches } from './sla';
import type { ScheduleContext } from './types';
import { errorText } from '../db/error-text';

export const SCHEDULES = {
  sla: { label: 'SLA breaches', run: runSlaBreaches },
  engagements: { label: 'Upcoming, stale and auto-closed engagements', run: runEngagementSchedules },
  risk_acceptances: { label: 'Expiring risk acceptances', run: runRiskAcceptanceSchedules },
} as const satisfies Record<string, { label: string; run: (db: Executor, context: ScheduleContext) => Promise<number> }>;

export type ScheduleName = keyof typeof SCHEDULES;
export const SCHEDULE_NAMES = Object.keys(SCHEDULES) as ScheduleName[];

/** A timer run that started this long ago and never finished died with its worker: take it over. */
const ABANDONED_AFTER = '15 minutes';

export interface RunOutcome {
  schedule: ScheduleName;
  ran: boolean;
  sent: number;
  error?: string;
  /** Stopped by the worker shutting down (error says so): the next run sends the rest. */
  stopped?: boolean;
}

/**
 * Runs one schedule now. The timer's run is claimed once per local day (a second worker, or a
 * second tick, gets `ran: false`); a manual run always runs, and still sends nothing twice.
 * `signal` (the worker's shutdown) stops the run between notices; a timer run so stopped gives its
 * claim back, as a failed one does.
 */
export async function runSchedule(
  db: Executor,
  schedule: ScheduleName,
  now: Date,
  trigger: 'timer' | 'manual',
  signal?: AbortSignal,
): Promise<RunOutcome> {
  const settings = await getScheduleSettings(db);
  const today = localDay(now, settings.timeZone);
  const runId = await claimRun(db, schedule, today, trigger);
  if (runId === null) return { schedule, ran: false, sent: 0 };
  try {
    const sent = await SCHEDULES[schedule].run(db, { today, settings, signal });
    await db.execute(sql`update schedule_runs set finished_at = now(), sent = ${sent}, error = null where id = ${runId}`);
    return { schedule, ran: true, sent };
  } catch (error) {
    const message = errorText(error);
    // A failed timer run gives its claim back, so the next tick tries again today.
    await db.execute(
      trigger === 'timer'
        ? sql`delete from schedule_runs where id = ${runId}`
        : sql`update schedule_runs set finished_at = now(), error = ${message} where id = ${runId}`,
    );
    return { schedule, ran: true, sent: 0, error: message, ...(error instanceof ScheduleStopped && { stopped: true }) };
  }
}

async function claimRun(db: Executor, schedule: string, day: string, trigger: 'timer' | 'manual'): Promise<number | null> {
  const rows = await db.execute<{ id: number }>(
    trigger === 'manual'
      ? sql`insert into schedule_runs (schedule, day, trigger) values (${schedule}, ${day}, 'manual') returning id`
      : sql`
      insert into schedule_runs (schedule, day, trigger) values (${schedule}, ${day}, 'timer')
      on conflict (schedule, day) where trigger = 'timer' do update set started_at = now()
        where schedule_runs.finished_at is null and schedule_runs.started_at < now() - ${ABANDONED_AFTER}::interval
      returning id`,
  );
  return rows[0]?.id ?? null;
}

/** What the worker's timer calls every minute: each schedule once a day, from the configured time on. */
export async function runDueSchedules(db: Executor, now: Date, signal?: AbortSignal): Promise<RunOutcome[]> {
  const settings = await getScheduleSettings(db);
  if (localTime(now, settings.timeZone) < settings.runAt) return [];
  const outcomes: RunOutcome[] = [];
  for (const schedule of SCHEDULE_NAMES) {
    if (signal?.aborted) break;
    outcomes.push(await runSchedule(db, schedule, now, 'timer', signal));
  }
  return outcomes.filter((o) => o.ran);
}

/** The next timer run, as a local day and time: today at the configured time, or tomorrow once today's ran. */
export function nextRun(settings: ScheduleSettings, now: Date, ranToday: boolean): { day: string; time: string; timeZone: string } {
  const day = localDay(ranToday ? new Date(now.getTime() + 86_400_000) : now, settings.timeZone);
  return { day, time: settings.runAt, timeZone: settings.timeZone };
}
