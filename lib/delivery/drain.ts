// One bounded drain of the queue, for platforms that run background work by HTTP cron
// (POST /api/internal/deliveries/drain): the same claim and dispatcher as the worker.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Executor } from '../db/client';
import { Dispatcher } from './dispatcher';
import { deliveryOptionsFromConfig, type DeliveryOptions } from './options';
import type { Tally } from './delivery-tally';
import { claimDueDeliveries } from './queue';
import { MAX_BATCH } from './senders/mail';

// Kept for the life of the process, like a worker's: pacing slots and Slack lookups carry over between drains.
let shared: { options: DeliveryOptions; dispatcher: Dispatcher } | null = null;

/** Claims up to `limit` Slack, Teams and webhook jobs and one Resend batch of mail, sends them, and says what happened. */
export async function drainDeliveries(db: Executor, options?: DeliveryOptions, limit?: number): Promise<Tally> {
  if (!shared || (options && options !== shared.options)) {
    const resolved = options ?? deliveryOptionsFromConfig();
    shared = { options: resolved, dispatcher: new Dispatcher(db, resolved) };
  }
  const { dispatcher, options: used } = shared;
  const jobs = await claimDueDeliveries(db, {
    mail: MAX_BATCH,
    other: limit ?? used.batchSize,
    leaseMs: used.leaseMs,
    maxAttempts: used.retryPolicy.maxAttempts,
  });
  return dispatcher.process(jobs);
}

/** `Authorization: Bearer <CRON_SECRET>`, compared in constant time (over digests, so lengths leak nothing either). */
export function isCronAuthorized(authorization: string | null, secret: string): boolean {
  const match = authorization?.match(/^Bearer\s+(.+)$/);
  if (!match || !secret) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(match[1]!.trim()), digest(secret));
}
