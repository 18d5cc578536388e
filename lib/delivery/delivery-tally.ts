// What a batch of deliveries came to (sent, retried, dead, deferred, outbox, suppressed), added up
// per batch and per worker run.
import type { Outcome } from './queue';

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

/** Adds the written outcomes to the tally (an outcome not written, its lease lost, counts for nothing). */
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
