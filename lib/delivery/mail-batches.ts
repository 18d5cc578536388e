// Grouping due emails into Resend batches (≤ 100 per request) so that a batch is never sent twice:
// its members are written down before it leaves and, while its outcome is unknown, sent again only
// together, in the same order (see mailBatchMembers).
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { batchIdempotencyKey, MAX_BATCH } from './senders/mail';
import type { ClaimedJob } from './queue';
import type { DeliveryMessage } from './types';

export interface MailJob {
  job: ClaimedJob;
  message: DeliveryMessage<'mail'>;
}

/** One Resend request: a batch (`key` set, members in order) or a single email (its own key). */
export interface MailUnit {
  batchKey: string | null;
  members: MailJob[];
}

export interface MailPlan {
  units: MailUnit[];
  /** Members of a batch whose other members another worker holds: give them back to the queue. */
  giveBack: MailJob[];
}

interface Membership {
  batch_key: string;
  position: number;
  delivery_id: string;
  /** The member is still to be sent (pending, or sending under someone's lease). */
  open: boolean;
}

/**
 * Plans the Resend requests for claimed mail jobs: batches already written down are kept as they
 * were (all members claimed) or given back (some held elsewhere); the remaining jobs are cut into
 * new batches of up to 100, written down before anything is sent. A lone job goes as a single email.
 */
export async function planMailUnits(db: Executor, jobs: readonly MailJob[]): Promise<MailPlan> {
  if (jobs.length === 0) return { units: [], giveBack: [] };
  const byId = new Map(jobs.map((j) => [j.job.id, j]));
  const members = await db.execute<Membership & Record<string, unknown>>(sql`
    select m.batch_key, m.position, m.delivery_id, d.status in ('pending', 'sending') as open
    from mail_batch_members m join deliveries d on d.id = m.delivery_id
    where m.batch_key in (select batch_key from mail_batch_members where delivery_id = any(${uuidArray(byId.keys())}))
    order by m.batch_key, m.position`);

  const units: MailUnit[] = [];
  const giveBack: MailJob[] = [];
  const grouped = new Set<string>();
  const dissolved: string[] = [];
  for (const [batchKey, group] of groupBy(members, (m) => m.batch_key)) {
    const inHand = group.map((m) => byId.get(m.delivery_id));
    for (const m of group) grouped.add(m.delivery_id);
    if (inHand.every((j) => j !== undefined)) {
      units.push({ batchKey, members: inHand as MailJob[] });
    } else if (group.some((m, i) => m.open && inHand[i] === undefined)) {
      giveBack.push(...inHand.filter((j) => j !== undefined));
    } else {
      // The missing members are settled (an admin retried some members of a batch alone): the batch
      // cannot be repeated as it was, so its claimed members start over in a new one.
      dissolved.push(batchKey);
      for (const m of group) grouped.delete(m.delivery_id);
    }
  }
  if (dissolved.length > 0) await forgetBatches(db, dissolved);

  const fresh = jobs.filter((j) => !grouped.has(j.job.id));
  const newBatches: MailUnit[] = [];
  for (let start = 0; start < fresh.length; start += MAX_BATCH) {
    const chunk = fresh.slice(start, start + MAX_BATCH);
    if (chunk.length === 1) units.push({ batchKey: null, members: chunk });
    else newBatches.push({ batchKey: batchIdempotencyKey(chunk.map((j) => j.job.id)), members: chunk });
  }
  await rememberBatches(db, newBatches);
  return { units: [...units, ...newBatches], giveBack };
}

/** Writes the new batches' members down, in one statement, before any of them is sent. */
async function rememberBatches(db: Executor, batches: readonly MailUnit[]): Promise<void> {
  const rows = batches.flatMap((b) => b.members.map((m, position) => ({ delivery_id: m.job.id, batch_key: b.batchKey, position })));
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into mail_batch_members (delivery_id, batch_key, position)
    select delivery_id, batch_key, position
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r (delivery_id uuid, batch_key text, position int)
    on conflict (delivery_id) do nothing`);
}

/** The batches' outcomes are known: their members may later be grouped afresh. */
export async function forgetBatches(db: Executor, batchKeys: readonly string[]): Promise<void> {
  if (batchKeys.length === 0) return;
  await db.execute(sql`delete from mail_batch_members where batch_key = any(${textArray(batchKeys)})`);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const uuidArray = (ids: Iterable<string>) => sql`${`{${[...ids].join(',')}}`}::uuid[]`;
// Batch keys are `batch-<hex>`: nothing to quote inside the array literal.
const textArray = (values: readonly string[]) => sql`${`{${values.join(',')}}`}::text[]`;
