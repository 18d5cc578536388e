// The worker process's minute timer for the schedules (lib/schedules): the digests of windows that
// ended, then SLA breaches, engagements and risk acceptances, each once a day from its configured
// local time. The database decides what each worker does (digest windows and schedule_runs are
// unique), so every worker may tick.
import type { Executor } from '../db/client';
import { gatherDigests } from '../schedules/digests';
import { runDueSchedules } from '../schedules/runner';
import { errorText } from '../db/error-text';

export interface ScheduleTimer {
  /** Stops ticking; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

export function startScheduleTimer(db: Executor, log: (line: string) => void, intervalMs = 60_000): ScheduleTimer {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return; // a long run is still going: this minute is skipped, not queued
    busy = true;
    const now = new Date();
    running = gatherDigests(db, now)
      .then((digests) => {
        if (digests.digests > 0 || digests.released > 0) {
          log(`digests: ${digests.digests} gathering ${digests.gathered} notification(s)${digests.released ? `, ${digests.released} late one(s) sent alone` : ''}`);
        }
      })
      .catch((error: unknown) => log(`could not gather the digests: ${errorText(error)}`))
      .then(() => runDueSchedules(db, now))
      .then((outcomes) => {
        for (const o of outcomes) {
          log(o.error ? `schedule ${o.schedule} failed (tried again next minute): ${o.error}` : `schedule ${o.schedule}: ${o.sent} notification(s)`);
        }
      })
      .catch((error: unknown) => log(`could not run the schedules: ${errorText(error)}`))
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, intervalMs);
  const first = setTimeout(tick, Math.min(intervalMs, 1_000));
  return {
    async stop() {
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
