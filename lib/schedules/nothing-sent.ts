// Why a schedule run sent nothing, in words for the admin who pressed "Run now": its notices went
// out earlier the same day (each subject is told once a day), or nothing is due.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

export async function whyNothingSent(db: Executor, schedule: string): Promise<string> {
  const [row] = await db.execute<{ sent: number }>(sql`
    select coalesce(sum(sent), 0)::int as sent from schedule_runs
    where schedule = ${schedule}
      and day = (select day from schedule_runs where schedule = ${schedule}
                 order by started_at desc, id desc limit 1)`);
  const earlier = row?.sent ?? 0;
  if (earlier > 0) {
    const what = `${earlier} notification${earlier === 1 ? '' : 's'}`;
    return `Nothing new: already sent today (${what} earlier today; each is sent once a day).`;
  }
  return 'Nothing is due today.';
}
