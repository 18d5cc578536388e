// What runs every minute or every day sends a fixed number of statements, however many users it
// concerns: counted with postgres.js's debug hook, which sees every statement a client sends.
import { drizzle } from 'drizzle-orm/postgres-js';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { db, type Executor } from '@/lib/db/client';
import * as schema from '@/lib/db/schema';
import { purgeAlerts } from '@/lib/notifications/retention';
import { gatherDigests } from '@/lib/schedules/digests';

const clients: postgres.Sql[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
});

/** An executor on its own connection that counts the statements it sends (once connected: postgres.js reads types first). */
async function countingDb(): Promise<{ db: Executor; statements: string[] }> {
  const statements: string[] = [];
  const client = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {}, debug: (_, query) => statements.push(query) });
  clients.push(client);
  await client`select 1`;
  statements.length = 0;
  return { db: drizzle(client, { schema, casing: 'snake_case' }), statements };
}

beforeEach(async () => {
  await db().execute(sql`truncate users, notification_events, system_settings, schedule_settings cascade`);
});

/** `users` digest users, each with held mail and Slack jobs in `windows` ended hourly windows. */
async function heldJobs(users: number, windows: number): Promise<void> {
  await db().execute(sql`
    with u as (
      insert into users (username, email, password_hash, digest)
      select 'digest' || i, 'digest' || i || '@example.com', 'x', 'hourly' from generate_series(1, ${users}) i returning id
    ),
    -- One event per window (a user has one personal job per event and channel).
    e as (insert into notification_events (type, title) select 'other', w::text from generate_series(0, ${windows - 1}) w returning id, title)
    insert into deliveries (event_id, channel, kind, user_id, addresses, status, created_at)
    select e.id, c.channel::delivery_channel, 'personal', u.id, array['x@example.com'], 'held',
      now() - make_interval(hours => 2 + e.title::int)
    from u, e, (values ('mail'), ('slack')) c(channel)`);
}

describe('statements per run', () => {
  it('gathering digests: the same two statements for 2 users × 2 channels × 1 window as for 60 × 2 × 3, then one per chunk of users', async () => {
    const counts: number[] = [];
    for (const [users, windows] of [
      [2, 1],
      [60, 3],
    ] as const) {
      await db().execute(sql`truncate users, notification_events cascade`);
      await heldJobs(users, windows);
      const counting = await countingDb();
      const outcome = await gatherDigests(counting.db, new Date());
      expect(outcome).toEqual({ digests: users * 2 * windows, gathered: users * 2 * windows, released: 0 });
      counts.push(counting.statements.length);
    }
    expect(counts).toEqual([2, 2]);
    // A storm's held jobs are gathered a bounded number of users per statement (each its own transaction).
    await db().execute(sql`truncate users, notification_events cascade`);
    await heldJobs(60, 1);
    const counting = await countingDb();
    expect(await gatherDigests(counting.db, new Date(), { usersPerStatement: 25 })).toEqual({ digests: 120, gathered: 120, released: 0 });
    expect(counting.statements).toHaveLength(1 + 3);
    const [left] = await db().execute<{ held: number }>(sql`select count(*)::int as held from deliveries where status = 'held'`);
    expect(left!.held).toBe(0);
  });

  it('the alert cap: one statement finds every user over it, then one per batch, not per user', async () => {
    const counts: number[] = [];
    for (const users of [2, 50]) {
      await db().execute(sql`truncate users, notification_events cascade`);
      await db().execute(sql`
        with u as (
          insert into users (username, email, password_hash)
          select 'capped' || i, 'capped' || i || '@example.com', 'x' from generate_series(1, ${users}) i returning id
        ),
        e as (insert into notification_events (type, title) values ('other', 'Many') returning id)
        insert into alerts (user_id, event_id, event_type, title, description) select u.id, e.id, 'other', 'x', '' from u, e, generate_series(1, 12)`);
      await db().execute(sql`insert into system_settings (id, alert_retention_days, max_alerts_per_user) values (1, 3650, 10)
        on conflict (id) do update set alert_retention_days = 3650, max_alerts_per_user = 10`);
      const counting = await countingDb();
      const result = await purgeAlerts(counting.db, new Date(), { batchSize: 1000 });
      expect(result.overCap).toBe(users * 2);
      // Deletes (each a transaction: begin, delete, notify, commit) whatever the number of users.
      counts.push(counting.statements.length);
      // One batch for the age (nothing that old), one for the cap: 100 alerts over it, across every user.
      expect(counting.statements.filter((q) => /^\s*delete/.test(q))).toHaveLength(2);
      const [max] = await db().execute<{ n: number }>(sql`select max(c)::int as n from (select count(*) c from alerts group by user_id) x`);
      expect(max!.n).toBe(10);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
