// From a send result to the outcome to write: the retry policy decides each one (the only place
// that decides).
import { decideAfterAttempt, type RetryPolicy } from './retry-policy';
import type { ClaimedJob, Outcome } from './queue';
import type { SendResult } from './types';

/** The policy's decision for one attempt, as the outcome to write. */
export function outcomeOf(
  job: ClaimedJob,
  result: SendResult,
  policy: RetryPolicy,
  attempts = job.attempts,
  random?: () => number,
): Outcome {
  const decision = decideAfterAttempt({ attempts, result, now: new Date() }, policy, random);
  const { id, lease } = job;
  if (decision.action === 'sent') return { id, lease, kind: 'sent' };
  const failure = result.ok ? { error: '', statusCode: undefined } : result;
  const statusCode = failure.statusCode ?? null;
  if (decision.action === 'dead') return { id, lease, kind: 'dead', error: failure.error, statusCode };
  return { id, lease, kind: 'retry', at: decision.at, error: failure.error, statusCode };
}

/**
 * One attempt that covered several jobs at once (a Resend batch whose outcome is unknown): one
 * decision for all, from the most attempted member, so they stay due together and travel together.
 */
export function sharedOutcomes(jobs: readonly ClaimedJob[], result: SendResult, policy: RetryPolicy): Outcome[] {
  const attempts = Math.max(...jobs.map((j) => j.attempts));
  const roll = Math.random();
  return jobs.map((job) => outcomeOf(job, result, policy, attempts, () => roll));
}
