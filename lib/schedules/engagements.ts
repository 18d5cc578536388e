// Engagements: upcoming (starting within N days), stale (past their end date and still open), and
// auto-closed (stale for N days, when enabled). Each is announced once per engagement and date.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { describeEvent } from '../notifications/messages';
import { notifyOnce, stopIfAsked } from './notices';
import type { ScheduleContext } from './types';

type OpenEngagement = {
  id: number;
  name: string;
  target_start: string;
  target_end: string;
  product_id: number;
  product_name: string;
};

const open = (where: ReturnType<typeof sql>) => sql`
  select e.id, e.name, e.target_start::text, e.target_end::text, p.id as product_id, p.name as product_name
  from engagements e join products p on p.id = e.product_id
  where e.status not in ('Completed', 'Cancelled') and ${where}
  order by e.id`;

export async function runEngagementSchedules(db: Executor, context: ScheduleContext): Promise<number> {
  // Auto-close first: an engagement closed now is announced as closed, not also as stale.
  return (await autoClose(db, context)) + (await stale(db, context)) + (await upcoming(db, context));
}

async function upcoming(db: Executor, { today, settings, signal }: ScheduleContext): Promise<number> {
  if (!settings.upcomingEnabled) return 0;
  const rows = await db.execute<OpenEngagement>(
    open(sql`
    e.target_start between ${today}::date and ${today}::date + ${settings.upcomingDays}::int`),
  );
  let sent = 0;
  for (const e of rows) {
    stopIfAsked(signal);
    const event = describeEvent('upcoming_engagement', {
      engagement: e,
      product: { id: e.product_id, name: e.product_name },
      startsOn: e.target_start,
    });
    if (await notifyOnce(db, { schedule: 'upcoming_engagement', subjectId: e.id, period: e.target_start }, event)) sent++;
  }
  return sent;
}

async function stale(db: Executor, { today, settings, signal }: ScheduleContext): Promise<number> {
  if (!settings.staleEnabled) return 0;
  const rows = await db.execute<OpenEngagement>(open(sql`e.target_end < ${today}::date`));
  let sent = 0;
  for (const e of rows) {
    stopIfAsked(signal);
    const event = describeEvent('stale_engagement', {
      engagement: e,
      product: { id: e.product_id, name: e.product_name },
      endedOn: e.target_end,
    });
    if (await notifyOnce(db, { schedule: 'stale_engagement', subjectId: e.id, period: e.target_end }, event)) sent++;
  }
  return sent;
}

async function autoClose(db: Executor, { today, settings, signal }: ScheduleContext): Promise<number> {
  if (!settings.autoCloseEnabled) return 0;
  const rows = await db.execute<OpenEngagement>(open(sql`e.target_end < ${today}::date - ${settings.autoCloseDays}::int`));
  let sent = 0;
  for (const e of rows) {
    stopIfAsked(signal);
    const event = describeEvent('auto_close_engagement', { engagement: e, product: { id: e.product_id, name: e.product_name } });
    const close = async (tx: Executor) => {
      await tx.execute(sql`update engagements set status = 'Completed' where id = ${e.id}`);
    };
    if (await notifyOnce(db, { schedule: 'auto_close_engagement', subjectId: e.id, period: e.target_end }, event, close)) sent++;
  }
  return sent;
}
