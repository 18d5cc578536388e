// Digests: a user who chose `hourly` or `daily` gets their personal mail and Slack DMs as one message
// per window instead of one per event. notify() writes their jobs `held`; once a window has ended,
// gatherDigests turns its held jobs into one digest delivery, in one transaction, for the queue to send.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { stillVisibleSql } from '../delivery/send-access';
import { getScheduleSettings } from './settings';

export interface DigestOutcome {
  /** Digest deliveries created by this run. */
  digests: number;
  /** Held jobs gathered into them. */
  gathered: number;
  /** Held jobs whose window's digest already existed (committed late): released to be sent one by one. */
  released: number;
}

interface HeldGroup {
  user_id: number;
  channel: string;
  digest_window: string;
  job_ids: string[];
  /** The newest job: its event and addresses become the digest's (a delivery must name an event). */
  newest_id: string;
}

/**
 * Gathers the held jobs of every window that has ended by `now`, per user × channel × window: one
 * digest delivery each (unique on user, channel and window, so it exists once however many workers
 * run this), and the held jobs marked `digested` with a link to it. All in one transaction: a
 * worker dying midway leaves the jobs held for the next run; once committed, the queue sends the
 * digest at least once. A user who turned digests off since has their held jobs flushed hourly.
 */
export async function gatherDigests(db: Executor, now: Date): Promise<DigestOutcome> {
  const { timeZone } = await getScheduleSettings(db);
  return db.transaction(async (tx) => {
    // Only the held jobs of ended windows are locked, in id order and without SKIP LOCKED: a second
    // run waits for the first, then finds them digested and no longer held.
    const groups = await tx.execute<HeldGroup & Record<string, unknown>>(sql`
      with held as (
        select d.id, d.user_id, d.channel::text as channel, d.event_id, d.created_at, w.digest_window
        from deliveries d
        join users u on u.id = d.user_id
        cross join lateral (select d.created_at at time zone ${timeZone} as local_at) l
        cross join lateral (select
          case when u.digest = 'daily' then 'daily:' || to_char(l.local_at, 'YYYY-MM-DD')
            else 'hourly:' || to_char(l.local_at, 'YYYY-MM-DD"T"HH24') end as digest_window,
          case when u.digest = 'daily' then (date_trunc('day', l.local_at) + interval '1 day') at time zone ${timeZone}
            else (date_trunc('hour', l.local_at) + interval '1 hour') at time zone ${timeZone} end as window_end) w
        where d.status = 'held' and w.window_end <= ${now.toISOString()}::timestamptz
        order by d.id
        for update of d
      )
      select user_id, channel, digest_window, array_agg(id::text order by id) as job_ids,
        (array_agg(id::text order by created_at desc, event_id desc))[1] as newest_id
      from held
      group by user_id, channel, digest_window`);

    const outcome: DigestOutcome = { digests: 0, gathered: 0, released: 0 };
    for (const group of groups) {
      const jobIds = `{${group.job_ids.join(',')}}`;
      const [digest] = await tx.execute<{ id: string }>(sql`
        insert into deliveries (event_id, channel, kind, user_id, addresses, digest_window)
        select event_id, channel, 'digest', user_id, addresses, ${group.digest_window}
        from deliveries where id = ${group.newest_id}::uuid
        on conflict (user_id, channel, digest_window) where digest_window is not null do nothing
        returning id`);
      if (digest) {
        await tx.execute(sql`update deliveries set status = 'digested', digest_id = ${digest.id}::uuid
          where id = any(${jobIds}::uuid[])`);
        outcome.digests += 1;
        outcome.gathered += group.job_ids.length;
      } else {
        // The window's digest was gathered before these jobs' events committed: nothing is lost,
        // they go out on their own.
        await tx.execute(sql`update deliveries set status = 'pending', next_attempt_at = now() where id = any(${jobIds}::uuid[])`);
        outcome.released += group.job_ids.length;
      }
    }
    return outcome;
  });
}

export interface DigestEntry {
  title: string;
  url: string | null;
}

export interface DigestTypeGroup {
  type: string;
  count: number;
  /** The newest few, for a glance; `count` says how many there were. */
  latest: DigestEntry[];
}

export interface DigestProductGroup {
  /** Null for events about no product (a product type, a mention outside products…). */
  product: string | null;
  count: number;
  types: DigestTypeGroup[];
}

export interface DigestContent {
  /** `hourly:…` or `daily:…`. */
  window: string;
  total: number;
  products: DigestProductGroup[];
}

const LATEST_PER_TYPE = 5;

/** The events each digest delivery carries, grouped by product then type, with counts. */
export async function loadDigestContents(db: Executor, digestIds: readonly string[]): Promise<Map<string, DigestContent>> {
  const contents = new Map<string, DigestContent>();
  if (digestIds.length === 0) return contents;
  const rows = await db.execute<{ digest_id: string; window: string; product: string | null; type: string; title: string; url: string | null }>(sql`
    select j.digest_id::text as digest_id, g.digest_window as window, p.name as product, e.type, e.title, e.url
    from deliveries j
    join deliveries g on g.id = j.digest_id
    join notification_events e on e.id = j.event_id
    left join products p on p.id = e.product_id
    where j.digest_id = any(${`{${digestIds.join(',')}}`}::uuid[])
      -- Access checked again at send time: only the events the user may still see.
      and ${stillVisibleSql(sql`g.user_id`)}
    order by p.name nulls last, e.type, e.id desc`);
  for (const row of rows) {
    let content = contents.get(row.digest_id);
    if (!content) contents.set(row.digest_id, (content = { window: row.window, total: 0, products: [] }));
    content.total += 1;
    let product = content.products.find((p) => p.product === row.product);
    if (!product) content.products.push((product = { product: row.product, count: 0, types: [] }));
    product.count += 1;
    let type = product.types.find((t) => t.type === row.type);
    if (!type) product.types.push((type = { type: row.type, count: 0, latest: [] }));
    type.count += 1;
    if (type.latest.length < LATEST_PER_TYPE) type.latest.push({ title: row.title, url: row.url });
  }
  return contents;
}
