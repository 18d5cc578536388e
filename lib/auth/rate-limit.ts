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

export interface DelayPolicy {
  freeFailures: number;
  maxDelaySeconds: number;
  /** Failures older than this (since the last one) are forgotten. */
  forgetAfterSeconds: number;
}

// Growing delays: for a delay key, `hits` counts consecutive failures and `window_start` holds the
// last failure's time. After `freeFailures`, the next attempt waits 1 s, then 2 s, 4 s, … up to the cap.
const delaySeconds = (hits: number, policy: DelayPolicy) =>
  hits < policy.freeFailures ? 0 : Math.min(2 ** (hits - policy.freeFailures), policy.maxDelaySeconds);

/** How long the key must still wait before its next attempt (0: it may try now). */
export async function pairDelayMs(db: Executor, key: string, policy: DelayPolicy): Promise<number> {
  const [row] = await db.execute<{ hits: number; since_ms: number }>(sql`
    select hits, (extract(epoch from now() - window_start) * 1000)::float8 as since_ms from rate_limits
    where key = ${key} and window_start > now() - make_interval(secs => ${policy.forgetAfterSeconds})`);
  if (!row) return 0;
  return Math.max(0, delaySeconds(row.hits, policy) * 1000 - row.since_ms);
}

/** One more failure for the key, now. */
export async function recordPairFailure(db: Executor, key: string, policy: DelayPolicy): Promise<void> {
  await db.execute(sql`
    insert into rate_limits (key, hits, window_start) values (${key}, 1, now())
    on conflict (key) do update set
      hits = case when rate_limits.window_start > now() - make_interval(secs => ${policy.forgetAfterSeconds})
                  then rate_limits.hits + 1 else 1 end,
      window_start = now()`);
}
