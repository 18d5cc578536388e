// The worker's timer for retention: the bell's alerts (lib/notifications/retention.ts), then the
// delivery tables (lib/delivery/table-retention.ts), once a UTC day. Like the schedules, the day's run is claimed in schedule_runs (its unique index on the
// timer's schedule and day), so any number of workers may tick and only one purges.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { purgeAlerts, type PurgeResult } from '../notifications/retention';
import { purgeDeliveryTables, type TablePurgeResult } from '../delivery/table-retention';
import { errorText } from '../db/error-text';
import { startTicker, type Ticker } from './ticker';

export const RETENTION_SCHEDULE = 'alert_retention';
/** A claimed run this old that never finished died with its worker: another may take it over. */
const ABANDONED_AFTER = '1 hour';

export type RetentionOutcome = { ran: false } | { ran: true; result: PurgeResult; tables: TablePurgeResult } | { ran: true; error: string };

/** Purges the alerts unless a worker already did (or is doing) it this UTC day. */
export async function runDailyAlertPurge(db: Executor, now: Date): Promise<RetentionOutcome> {
  const day = now.toISOString().slice(0, 10);
  const [claim] = await db.execute<{ id: number }>(sql`
    insert into schedule_runs (schedule, day, trigger) values (${RETENTION_SCHEDULE}, ${day}, 'timer')
    on conflict (schedule, day) where trigger = 'timer' do update set started_at = now()
      where schedule_runs.finished_at is null and schedule_runs.started_at < now() - ${ABANDONED_AFTER}::interval
    returning id`);
  if (!claim) return { ran: false };
  try {
    const result = await purgeAlerts(db, now);
    const tables = await purgeDeliveryTables(db, now);
    const deleted = result.expired + result.overCap + tablesDeleted(tables);
    await db.execute(sql`update schedule_runs set finished_at = now(), sent = ${deleted}, error = null where id = ${claim.id}`);
    return { ran: true, result, tables };
  } catch (error) {
    // The claim is given back, so the next tick tries again today.
    await db.execute(sql`delete from schedule_runs where id = ${claim.id}`);
    return { ran: true, error: errorText(error) };
  }
}

const tablesDeleted = (t: TablePurgeResult) =>
  t.deliveries + t.deadDeliveries + t.outboxEmails + t.mailBatchMembers + t.rateLimits + t.events + t.auditLog;

export type RetentionTimer = Ticker;

/** Ticks every `intervalMs` (default: 10 minutes); a tick while a purge runs is skipped. */
export function startRetentionTimer(db: Executor, log: (line: string) => void, intervalMs = 600_000): RetentionTimer {
  return startTicker(() => purgeOnce(db, log, new Date()), intervalMs, 5_000);
}

/** One tick: today's purge unless already done, its counts logged (a failure logged, not thrown). */
function purgeOnce(db: Executor, log: (line: string) => void, now: Date): Promise<void> {
  return runDailyAlertPurge(db, now)
    .then((outcome) => {
      if (!outcome.ran) return;
      if ('error' in outcome) return log(`alert retention failed (tried again later): ${outcome.error}`);
      log(`alert retention: ${outcome.result.expired} expired, ${outcome.result.overCap} over the cap, deleted`);
      const t = outcome.tables;
      if (tablesDeleted(t) > 0) {
        log(
          `table retention: ${t.deliveries} finished and ${t.deadDeliveries} dead deliveries, ${t.outboxEmails} outbox emails, ` +
            `${t.mailBatchMembers} batch rows, ${t.rateLimits} rate-limit windows, ${t.events} events, ${t.auditLog} audit log entries deleted`,
        );
      }
    })
    .catch((error: unknown) => log(`could not run the alert retention: ${errorText(error)}`));
}
