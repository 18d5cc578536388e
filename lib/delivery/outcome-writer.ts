// The writes of many concurrent sends' outcomes coalesced into few statements.
import type { Executor } from '../db/client';
import { recordOutcomes, type Outcome } from './queue';

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
          const written = await recordOutcomes(
            this.db,
            waiting.flatMap((w) => w.outcomes),
          );
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
