// Sending a scheduled notification at most once per schedule, subject and period.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { notify } from '../notifications/notify';
import type { NotifyEvent } from '../notifications/notify-event';

/**
 * A run asked to stop (the worker shutting down) stops between notices: those sent stay sent, each
 * under its key, and the next run sends the rest.
 */
export class ScheduleStopped extends Error {
  constructor() {
    super('stopped: the worker is shutting down; the next run sends the rest');
  }
}

/** Called before each notice of a run. */
export function stopIfAsked(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ScheduleStopped();
}

export interface NoticeKey {
  schedule: string;
  subjectId: number;
  period: string;
}

/**
 * Claims the key and notifies in one transaction: if the key is already taken (another worker, an
 * earlier run) nothing is sent; if notify fails the claim rolls back and a later run tries again.
 * `also` runs in the same transaction first (e.g. closing the engagement that the notice announces).
 */
export async function notifyOnce(
  db: Executor,
  key: NoticeKey,
  event: NotifyEvent,
  also?: (tx: Executor) => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx.execute(sql`
      insert into scheduled_notices (schedule, subject_id, period) values (${key.schedule}, ${key.subjectId}, ${key.period})
      on conflict do nothing returning 1`);
    if (claimed.length === 0) return false;
    if (also) await also(tx);
    const { eventId } = await notify(event, tx);
    await tx.execute(sql`
      update scheduled_notices set event_id = ${eventId}
      where schedule = ${key.schedule} and subject_id = ${key.subjectId} and period = ${key.period}`);
    return true;
  });
}
