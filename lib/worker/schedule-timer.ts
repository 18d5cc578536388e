// The worker process's minute timer for the schedules (lib/schedules): the digests of windows that
// ended, then SLA breaches, engagements and risk acceptances, each once a day from its configured
// local time. The database decides what each worker does (digest windows and schedule_runs are
// unique), so every worker may tick.
import type { Executor } from '../db/client';
import { gatherDigests } from '../schedules/digests';
import { runDueSchedules } from '../schedules/runner';
import { errorText } from '../db/error-text';
import { startTicker, type Ticker } from './ticker';

export type ScheduleTimer = Ticker;

/** stop() asks a run in progress to stop before its next notice (the rest is sent by the next run), then waits for it. */
export function startScheduleTimer(db: Executor, log: (line: string) => void, intervalMs = 60_000): ScheduleTimer {
  const stopping = new AbortController();
  const ticker = startTicker(() => runSchedulesOnce(db, log, new Date(), stopping.signal), intervalMs, 1_000);
  return {
    stop() {
      stopping.abort();
      return ticker.stop();
    },
  };
}

/** One tick: the digests of windows that ended, then the schedules due (each failure logged, not thrown). */
function runSchedulesOnce(db: Executor, log: (line: string) => void, now: Date, signal: AbortSignal): Promise<void> {
  return gatherDigests(db, now)
    .then((digests) => {
      if (digests.digests > 0 || digests.released > 0) {
        log(
          `digests: ${digests.digests} gathering ${digests.gathered} notification(s)${digests.released ? `, ${digests.released} late one(s) sent alone` : ''}`,
        );
      }
    })
    .catch((error: unknown) => log(`could not gather the digests: ${errorText(error)}`))
    .then(() => runDueSchedules(db, now, signal))
    .then((outcomes) => {
      for (const o of outcomes) {
        log(
          o.stopped
            ? `schedule ${o.schedule} ${o.error}`
            : o.error
              ? `schedule ${o.schedule} failed (tried again next minute): ${o.error}`
              : `schedule ${o.schedule}: ${o.sent} notification(s)`,
        );
      }
    })
    .catch((error: unknown) => log(`could not run the schedules: ${errorText(error)}`));
}
