// The delivery worker: claims due jobs whenever it has room, hands them to the dispatcher, and
// otherwise sleeps until the engine's NOTIFY, a finished send, or the next job falling due.
import { setMaxListeners } from 'node:events';
import type postgres from 'postgres';
import type { Executor } from '../db/client';
import { DELIVERIES_CHANNEL, EVENTS_CHANNEL } from '../core/pg-channels';
import { Dispatcher } from '../delivery/dispatcher';
import type { DeliveryOptions } from '../delivery/options';
import { addTally, emptyTally, type Tally } from '../delivery/delivery-tally';
import { claimDueDeliveries, nextDueAt, type ClaimedJob, type Outcome } from '../delivery/queue';
import { MAX_BATCH } from '../delivery/senders/mail';
import type { Channel } from '../delivery/types';
import { errorText } from '../db/error-text';

const OTHER_CHANNELS: Channel[] = ['slack', 'msteams', 'webhooks'];
/** The longest sleep without looking at the queue (a NOTIFY lost while reconnecting, a clock jump). */
const MAX_SLEEP_MS = 30_000;
/** The shortest: jobs falling due within it are taken together. */
const MIN_SLEEP_MS = 20;
const REPORT_EVERY_MS = 10_000;
const MAIL_BATCHES_AHEAD = 5;

export interface WorkerDeps {
  db: Executor;
  /** The raw client, for LISTEN (one dedicated connection); without it the worker only uses its timer. */
  sql?: postgres.Sql;
  options: DeliveryOptions;
  log?: (line: string) => void;
}

export class DeliveryWorker {
  /** Everything this worker did since it started. */
  readonly totals: Tally = emptyTally();
  private readonly dispatcher: Dispatcher;
  private readonly log: (line: string) => void;
  private readonly shutdown = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly inHand = { mail: 0, other: 0 };
  private readonly otherCapacity: number;
  private loopDone: Promise<void> = Promise.resolve();
  private unlisten: (() => Promise<void>) | null = null;
  private stopping = false;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  /** When the loop's current sleep ends (Infinity while it is awake). */
  private wakeAt = Infinity;
  /** Lanes that could not claim for lack of room at the last look: a finished job there is worth a look. */
  private readonly full = { mail: false, other: false };
  private reportTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: WorkerDeps) {
    this.log = deps.log ?? ((line) => console.log(`[worker] ${line}`));
    this.dispatcher = new Dispatcher(deps.db, deps.options, this.log);
    // Room for jobs waiting for their pacing slot (about two per busy Slack channel) besides those sending.
    this.otherCapacity = Math.max(4 * deps.options.concurrency, 4 * deps.options.batchSize);
    // Every job waiting for its pacing slot listens for the shutdown.
    setMaxListeners(0, this.shutdown.signal);
  }

  async start(): Promise<void> {
    if (this.deps.sql) {
      // postgres.js re-listens after a reconnect and calls onlisten again: look at the queue then too.
      const events = await this.deps.sql.listen(
        EVENTS_CHANNEL,
        () => this.wake(),
        () => this.wake(),
      );
      const retries = await this.deps.sql.listen(
        DELIVERIES_CHANNEL,
        () => this.wake(),
        () => this.wake(),
      );
      this.unlisten = async () => void (await Promise.all([events.unlisten(), retries.unlisten()]));
    }
    let reported = emptyTally();
    this.reportTimer = setInterval(() => {
      const t = this.totals;
      const delta = { sent: t.sent - reported.sent, retried: t.retried - reported.retried, dead: t.dead - reported.dead };
      if (delta.sent + delta.retried + delta.dead > 0)
        this.log(`last ${REPORT_EVERY_MS / 1000} s: sent ${delta.sent}, retried ${delta.retried}, dead ${delta.dead}`);
      reported = { ...t };
    }, REPORT_EVERY_MS);
    this.reportTimer.unref();
    this.loopDone = this.loop();
  }

  /** Stops claiming, gives back jobs still waiting for a pacing slot, and lets in-flight sends finish. */
  async stop(): Promise<void> {
    if (this.stopping) return this.loopDone;
    this.stopping = true;
    this.shutdown.abort();
    this.wake();
    await this.loopDone;
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.reportTimer) clearInterval(this.reportTimer);
    await this.unlisten?.().catch(() => {});
  }

  /** Something may be due: a NOTIFY, a finished send, a stop. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    const { db, options } = this.deps;
    while (!this.stopping) {
      this.woken = false;
      // Mail is claimed a Resend batch at a time, a few batches ahead of the one being sent, so
      // that loading and rendering the next ones never keeps Resend's slots waiting.
      const mailLimit = this.inHand.mail <= MAIL_BATCHES_AHEAD * MAX_BATCH ? MAX_BATCH : 0;
      const otherLimit = Math.min(options.batchSize, this.otherCapacity - this.inHand.other);
      this.full.mail = mailLimit <= 0;
      this.full.other = otherLimit <= 0;
      let jobs: ClaimedJob[] = [];
      try {
        jobs = await claimDueDeliveries(db, {
          mail: mailLimit,
          other: otherLimit,
          leaseMs: options.leaseMs,
          maxAttempts: options.retryPolicy.maxAttempts,
        });
      } catch (error) {
        this.log(`could not claim deliveries (retrying in 5 s): ${errorText(error)}`);
        await this.rest(5_000);
        continue;
      }
      if (jobs.length > 0) this.dispatch(jobs);
      const mailClaimed = jobs.filter((j) => j.channel === 'mail').length;
      const otherClaimed = jobs.length - mailClaimed;
      // A lane that got all it asked for may have more due: look again at once.
      if ((mailLimit > 0 && mailClaimed >= mailLimit) || (otherLimit > 0 && otherClaimed >= otherLimit)) continue;
      await this.rest(await this.sleepFor([...(mailLimit > 0 ? (['mail'] as Channel[]) : []), ...(otherLimit > 0 ? OTHER_CHANNELS : [])]));
    }
  }

  /** Until the next job of the lanes with room falls due (capped); lanes without room wait for a finished send. */
  private async sleepFor(channels: Channel[]): Promise<number> {
    if (channels.length === 0) return MAX_SLEEP_MS;
    try {
      const next = await nextDueAt(this.deps.db, channels);
      if (!next) return MAX_SLEEP_MS;
      return Math.min(MAX_SLEEP_MS, Math.max(MIN_SLEEP_MS, next.getTime() - Date.now()));
    } catch {
      return 5_000;
    }
  }

  private async rest(ms: number): Promise<void> {
    if (this.woken || this.stopping) return;
    this.wakeAt = Date.now() + ms;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = null;
    this.wakeAt = Infinity;
  }

  private dispatch(jobs: ClaimedJob[]): void {
    const channelOf = new Map(jobs.map((j) => [j.id, j.channel]));
    const lane = (channel: Channel | undefined) => (channel === 'mail' ? 'mail' : 'other');
    for (const job of jobs) this.inHand[lane(job.channel)] += 1;
    // Worth a look at the queue: room freed in a full lane, or a job due before the loop's sleep ends.
    const release = (outcomes: readonly Outcome[]) => {
      let look = false;
      for (const o of outcomes) {
        const channel = channelOf.get(o.id);
        if (!channel) continue;
        channelOf.delete(o.id);
        this.inHand[lane(channel)] -= 1;
        if (this.full[lane(channel)] || ('at' in o && o.at.getTime() < this.wakeAt)) look = true;
      }
      if (look) this.wake();
    };
    const done = this.dispatcher
      .process(jobs, { signal: this.shutdown.signal, onSettled: release })
      .then((tally) => addTally(this.totals, tally))
      .catch((error: unknown) => this.log(`a batch failed; its jobs return when their lease ends: ${errorText(error)}`))
      .finally(() => {
        // Jobs left without an outcome (an error) stay leased in the database: no longer in hand here.
        for (const channel of channelOf.values()) this.inHand[lane(channel)] -= 1;
        if (channelOf.size > 0) this.wake();
        channelOf.clear();
        this.running.delete(done);
      });
    this.running.add(done);
  }
}
