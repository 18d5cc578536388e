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

/**
 * One Resend request, written down before it is first sent: a batch (`batch-…`, members in order,
 * sent with sendBatch) or a single email (`single-<delivery id>`, sent alone with the delivery id as
 * its key). Whatever happens, it is sent again the same way until its outcome is known.
 */
export interface MailUnit {
  key: string;
  members: MailJob[];
}

export const isSingle = (unit: MailUnit) => unit.key.startsWith('single-');

export interface MailPlan {
  units: MailUnit[];
  /** Members of a unit whose other members another worker holds: give them back to the queue. */
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
      units.push({ key: batchKey, members: inHand as MailJob[] });
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
  const newUnits: MailUnit[] = [];
  for (let start = 0; start < fresh.length; start += MAX_BATCH) {
    const chunk = fresh.slice(start, start + MAX_BATCH);
    const key = chunk.length === 1 ? `single-${chunk[0]!.job.id}` : batchIdempotencyKey(chunk.map((j) => j.job.id));
    newUnits.push({ key, members: chunk });
  }
  await rememberUnits(db, newUnits);
  return { units: [...units, ...newUnits], giveBack };
}

/** Writes the new units' members down, in one statement, before any of them is sent. */
async function rememberUnits(db: Executor, units: readonly MailUnit[]): Promise<void> {
  const rows = units.flatMap((u) => u.members.map((m, position) => ({ delivery_id: m.job.id, batch_key: u.key, position })));
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into mail_batch_members (delivery_id, batch_key, position)
    select delivery_id, batch_key, position
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r (delivery_id uuid, batch_key text, position int)
    on conflict (delivery_id) do nothing`);
}

/**
 * These members' outcomes are known (sent, or refused for good): they leave their unit, which the
 * others, still unknown, keep. (A member never in the request, refused before sending, leaves it
 * unchanged: the request is rebuilt from the same members in the same order.)
 */
export async function forgetMembers(db: Executor, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await db.execute(sql`delete from mail_batch_members where delivery_id = any(${uuidArray(deliveryIds)})`);
}

/** The units' outcomes are known: their members may later be grouped afresh. */
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
// Unit keys are `batch-<hex>` or `single-<uuid>`: nothing to quote inside the array literal.
const textArray = (values: readonly string[]) => sql`${`{${values.join(',')}}`}::text[]`;
