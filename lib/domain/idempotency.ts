// `Idempotency-Key` for API posts: a retry with the same key gets the first answer back instead of
// doing the work again, for 24 hours. The key is claimed in the work's own transaction, so two
// concurrent requests with one key do the work once: the second waits on the first's claim and
// then reads its answer; if the first fails, its claim rolls back with it and the second proceeds.
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { idempotencyKeys } from '../db/schema';
import { conflict, NON_FIELD, ok, type Result } from '../core/result';
import { inTransaction } from '../core/transaction';

export const IDEMPOTENCY_HOURS = 24;

/** Stripe's and the IETF draft's limits: up to 255 printable ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .min(1, 'An Idempotency-Key may not be blank.')
  .max(255, 'An Idempotency-Key has at most 255 characters.')
  .regex(/^[\x21-\x7e]+$/, 'An Idempotency-Key is printable ASCII without spaces.')
  .meta({ description: `Send the same key to retry a request safely: within ${IDEMPOTENCY_HOURS} h it answers as the first time.` });

export interface IdempotentRequest {
  userId: number;
  key: string;
  /** What makes two requests "the same": the endpoint and the parsed body. */
  request: unknown;
}

const expired = sql`now() - make_interval(hours => ${IDEMPOTENCY_HOURS})`;

/**
 * Runs `work` once per (user, key): the first call does it and stores its answer; later calls with
 * the same request get that answer; with another request, a 409. A failed `work` stores nothing.
 * The answer must be JSON.
 */
export async function idempotently<T>(
  db: Executor,
  claim: IdempotentRequest,
  work: (tx: Executor) => Promise<Result<T>>,
): Promise<Result<T>> {
  await purgeExpiredKeys(db);
  const requestHash = hashOf(claim.request);
  const mine = and(eq(idempotencyKeys.userId, claim.userId), eq(idempotencyKeys.key, claim.key));
  return inTransaction(db, async (tx) => {
    // Insert-or-wait: a concurrent holder of the key blocks this statement until it commits (then
    // nothing is inserted) or rolls back (then this claims it). A key past its 24 h is taken over.
    const claimed = await tx.execute(sql`
      insert into idempotency_keys (user_id, key, request_hash) values (${claim.userId}, ${claim.key}, ${requestHash})
      on conflict (user_id, key) do update set request_hash = excluded.request_hash, response = null, created_at = now()
        where idempotency_keys.created_at < ${expired}
      returning 1`);
    if (claimed.length === 0) {
      const [first] = await tx.select().from(idempotencyKeys).where(mine);
      if (first!.requestHash !== requestHash) {
        return conflict({
          [NON_FIELD]: [
            `This Idempotency-Key was already used, within ${IDEMPOTENCY_HOURS} h, for a different request. Use a new key for a new request.`,
          ],
        });
      }
      return ok(first!.response as T);
    }
    const result = await work(tx);
    if (result.ok)
      await tx
        .update(idempotencyKeys)
        .set({ response: result.value as object })
        .where(mine);
    return result;
  });
}

/** Keys past their 24 h, deleted on the way (its own short statement, so no request waits on it). */
export async function purgeExpiredKeys(db: Executor): Promise<void> {
  await db.execute(sql`delete from idempotency_keys where created_at < ${expired}`);
}

function hashOf(value: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
