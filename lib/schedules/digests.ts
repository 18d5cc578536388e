// Digests: a user who chose `hourly` or `daily` gets their personal mail and Slack DMs as one message
// per window instead of one per event. notify() writes their jobs `held`; once a window has ended,
// gatherDigests turns its held jobs into one digest delivery, in one transaction, for the queue to send.
// Quiet hours (DESIGN §4b.4) reuse it: a job held until `held_until` belongs to the window `quiet:<end>`,
// released as one grouped message when the user's quiet hours end.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { getScheduleSettings } from './settings';

export interface DigestOutcome {
  /** Digest deliveries created by this run. */
  digests: number;
  /** Held jobs gathered into them. */
  gathered: number;
  /** Held jobs whose window's digest already existed (committed late): released to be sent one by one. */
  released: number;
}

/**
 * Gathers the held jobs of every window that has ended by `now`, per user × channel × window: one
 * digest delivery each (unique on user, channel and window, so it exists once however many workers
 * run this), and the held jobs marked `digested` with a link to it. One statement per `usersPerStatement`
 * users with held jobs (plus the time zone's read), never one per user, channel or window: each
 * commits on its own, so a storm's millions of held jobs are gathered in bounded transactions. A
 * worker dying midway leaves the rest held for the next run; once committed, the queue sends the
 * digest at least once. A user who turned digests off since has their held jobs flushed hourly.
 */
export async function gatherDigests(db: Executor, now: Date, options: { usersPerStatement?: number } = {}): Promise<DigestOutcome> {
  const { timeZone } = await getScheduleSettings(db);
  const chunk = options.usersPerStatement ?? USERS_PER_STATEMENT;
  const total: DigestOutcome = { digests: 0, gathered: 0, released: 0 };
  for (let after = 0; ;) {
    const outcome = await gatherSome(db, now, timeZone, after, chunk);
    total.digests += outcome.digests;
    total.gathered += outcome.gathered;
    total.released += outcome.released;
    if (outcome.users < chunk || outcome.lastUser === null) return total;
    after = outcome.lastUser;
  }
}

/** Users whose held jobs one statement gathers: a storm's 2,000 jobs each make 200,000 rows. */
const USERS_PER_STATEMENT = 100;

/** The held jobs of the next `chunk` users (by id, after `after`) with held jobs, in ended windows. */
async function gatherSome(db: Executor, now: Date, timeZone: string, after: number, chunk: number) {
  // Only the held jobs of ended windows are locked, in id order and without SKIP LOCKED: a second
  // run waits for the first, then finds them digested and no longer held. A group whose window's
  // digest already exists (its jobs' events committed after it was gathered) is released instead:
  // nothing is lost, those jobs go out on their own.
  const [outcome] = await db.execute<DigestOutcome & { users: number; lastUser: number | null } & Record<string, unknown>>(sql`
    with chunk as (
      -- deliveries_status_user_idx, in user order: the next users with held jobs.
      select distinct user_id from deliveries where status = 'held' and user_id > ${after} order by user_id limit ${chunk}
    ),
    held as (
      select d.id, d.user_id, d.channel, d.event_id, d.created_at, w.digest_window
      from deliveries d
      join users u on u.id = d.user_id
      cross join lateral (select d.created_at at time zone ${timeZone} as local_at) l
      cross join lateral (select
        case when d.held_until is not null
            then 'quiet:' || to_char(d.held_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"')
          when u.digest = 'daily' then 'daily:' || to_char(l.local_at, 'YYYY-MM-DD')
          else 'hourly:' || to_char(l.local_at, 'YYYY-MM-DD"T"HH24') end as digest_window,
        case when d.held_until is not null then d.held_until
          when u.digest = 'daily' then (date_trunc('day', l.local_at) + interval '1 day') at time zone ${timeZone}
          else (date_trunc('hour', l.local_at) + interval '1 hour') at time zone ${timeZone} end as window_end) w
      where d.status = 'held' and d.user_id in (select user_id from chunk) and w.window_end <= ${now.toISOString()}::timestamptz
      order by d.id
      for update of d
    ),
    groups as (
      select user_id, channel, digest_window, array_agg(id) as job_ids,
        (array_agg(id order by created_at desc, event_id desc))[1] as newest_id
      from held
      group by user_id, channel, digest_window
    ),
    created as (
      -- The newest job's event and addresses become the digest's (a delivery must name an event).
      insert into deliveries (event_id, channel, kind, user_id, addresses, digest_window)
      select n.event_id, n.channel, 'digest', n.user_id, n.addresses, g.digest_window
      from groups g join deliveries n on n.id = g.newest_id
      on conflict (user_id, channel, digest_window) where digest_window is not null do nothing
      returning id, user_id, channel, digest_window
    ),
    marked as (
      update deliveries d set
        status = case when c.id is null then 'pending' else 'digested' end::delivery_status,
        digest_id = c.id,
        next_attempt_at = case when c.id is null then now() else d.next_attempt_at end
      from groups g left join created c using (user_id, channel, digest_window)
      where d.id = any(g.job_ids)
      returning c.id as digest_id
    )
    select count(distinct digest_id)::int as digests, count(digest_id)::int as gathered,
      (count(*) - count(digest_id))::int as released,
      (select count(*)::int from chunk) as users, (select max(user_id) from chunk) as "lastUser"
    from marked`);
  return outcome!;
}
