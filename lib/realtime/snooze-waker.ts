// Brings snoozed alerts back when their time comes. Each sidecar keeps one timer set to the next
// due snooze (read from alerts_snoozed_idx), looked at again whenever a snooze is set anywhere
// (the tocsin_alerts NOTIFY) and at least every `maxWaitMs`. Waking is one statement: due alerts
// get a new id (the top of the newest-first order: every read pages by id), lose their snooze and
// their read mark, and their users' tabs are told in the same transaction (NOTIFY `w`), so a
// woken alert is pushed live. Rows are taken FOR UPDATE SKIP LOCKED: with several sidecars each
// alert wakes once.
import type postgres from 'postgres';
import { ALERTS_CHANNEL, alertsChangedPayloads } from '../core/pg-channels';
import { errorText, type Logger } from './logger';

const WAKE_BATCH = 500;

export interface SnoozeWaker {
  /** A snooze was set somewhere: look at the next due one again. */
  snoozed(): void;
  stop(): void;
}

/** Wakes the due snoozes (up to a batch); returns how many woke. */
export async function wakeDueSnoozes(sql: postgres.Sql): Promise<number> {
  return sql.begin(async (tx) => {
    const woken = await tx<{ id: string; userId: number }[]>`
      update alerts set id = nextval(pg_get_serial_sequence('alerts', 'id')), snoozed_until = null, read_at = null
      where id in (
        select id from alerts where snoozed_until <= now()
        order by snoozed_until limit ${WAKE_BATCH} for update skip locked
      )
      returning id, user_id as "userId"`;
    const byUser = new Map<number, number[]>();
    for (const row of woken) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), Number(row.id)]);
    const payloads = [...byUser].flatMap(([userId, ids]) => alertsChangedPayloads(userId, { wokenIds: ids })).map((p) => JSON.stringify(p));
    if (payloads.length > 0) {
      await tx`select pg_notify(${ALERTS_CHANNEL}, payload)
        from jsonb_array_elements_text(${JSON.stringify(payloads)}::jsonb) as p(payload)`;
    }
    return woken.length;
  });
}

async function nextDueMs(sql: postgres.Sql): Promise<number | null> {
  const [row] = await sql<{ ms: number | null }[]>`
    select (extract(epoch from min(snoozed_until) - now()) * 1000)::float8 as ms
    from alerts where snoozed_until is not null`;
  return row?.ms ?? null;
}

export function startSnoozeWaker(sql: postgres.Sql, log: Logger, maxWaitMs = 30_000): SnoozeWaker {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => void look(), Math.max(0, Math.min(ms, maxWaitMs)));
    timer.unref();
  };

  // One look at a time; a snooze set during a look makes it look once more.
  const look = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          const woken = await wakeDueSnoozes(sql);
          if (woken > 0) log.info('snoozes ended', { alerts: woken });
          if (woken === WAKE_BATCH) again = true;
        } while (again && !stopped);
        const due = await nextDueMs(sql);
        schedule(due === null ? maxWaitMs : due + 20); // a little after: now() must have passed it
      } catch (error) {
        log.error('snooze waker failed', { error: errorText(error) });
        schedule(maxWaitMs);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  schedule(0);
  return {
    snoozed: () => void look(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
