// Fixed-window failure counters in PostgreSQL, so every web instance shares them.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

export interface Limit {
  key: string;
  max: number;
  windowSeconds: number;
}

/** Whether any of the limits has already used up its window. */
export async function isRateLimited(db: Executor, limits: Limit[]): Promise<boolean> {
  for (const limit of limits) {
    const rows = await db.execute<{ hits: number }>(sql`
      select hits from rate_limits
      where key = ${limit.key} and window_start > now() - make_interval(secs => ${limit.windowSeconds})`);
    if ((rows[0]?.hits ?? 0) >= limit.max) return true;
  }
  return false;
}

/** Counts one failure against each limit, starting a new window when the old one has passed. */
export async function recordFailure(db: Executor, limits: Limit[]): Promise<void> {
  for (const limit of limits) {
    await db.execute(sql`
      insert into rate_limits (key, hits, window_start) values (${limit.key}, 1, now())
      on conflict (key) do update set
        hits = case when rate_limits.window_start > now() - make_interval(secs => ${limit.windowSeconds})
                    then rate_limits.hits + 1 else 1 end,
        window_start = case when rate_limits.window_start > now() - make_interval(secs => ${limit.windowSeconds})
                    then rate_limits.window_start else now() end`);
  }
}

export async function clearLimit(db: Executor, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where key = ${key}`);
}
