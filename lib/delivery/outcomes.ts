// From send results to written outcomes: the retry policy decides each one (the only place that
// decides), and the writes of many concurrent sends are coalesced into few statements.
import type { Executor } from '../db/client';
import { decideAfterAttempt, type RetryPolicy } from './retry-policy';
import { recordOutcomes, type ClaimedJob, type Outcome } from './queue';
import type { SendResult } from './types';

export interface Tally {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  /** Given back unattempted, to be sent at their pacing slot. */
  deferred: number;
  /** Kept in the local outbox: no Resend key. */
  outbox: number;
  /** Not sent: the user may no longer see the subject. */
  suppressed: number;
}

export const emptyTally = (claimed = 0): Tally => ({ claimed, sent: 0, retried: 0, dead: 0, deferred: 0, outbox: 0, suppressed: 0 });

export function addTally(into: Tally, from: Tally): void {
  into.claimed += from.claimed;
  into.sent += from.sent;
  into.retried += from.retried;
  into.dead += from.dead;
  into.deferred += from.deferred;
  into.outbox += from.outbox;
  into.suppressed += from.suppressed;
}

/** The policy's decision for one attempt, as the outcome to write. */
export function outcomeOf(job: ClaimedJob, result: SendResult, policy: RetryPolicy, attempts = job.attempts, random?: () => number): Outcome {
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

export function count(tally: Tally, outcomes: readonly Outcome[], written: Set<string>): void {
  for (const o of outcomes) {
    if (!written.has(o.id)) continue;
    if (o.kind === 'sent') tally.sent += 1;
    else if (o.kind === 'retry') tally.retried += 1;
    else if (o.kind === 'dead') tally.dead += 1;
    else if (o.kind === 'outbox') tally.outbox += 1;
    else if (o.kind === 'suppressed') tally.suppressed += 1;
    else tally.deferred += 1;
  }
}

/** Coalesces outcome writes: while one statement runs, the outcomes arriving meanwhile wait for the next. */
export class OutcomeWriter {
  private queue: { outcomes: readonly Outcome[]; done: (written: Set<string>) => void; failed: (error: unknown) => void }[] = [];
  private running = false;

  constructor(private readonly db: Executor) {}

  write(outcomes: readonly Outcome[]): Promise<Set<string>> {
    if (outcomes.length === 0) return Promise.resolve(new Set());
    return new Promise((done, failed) => {
      this.queue.push({ outcomes, done, failed });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const waiting = this.queue;
        this.queue = [];
        try {
          const written = await recordOutcomes(this.db, waiting.flatMap((w) => w.outcomes));
          for (const w of waiting) w.done(written);
        } catch (error) {
          for (const w of waiting) w.failed(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

