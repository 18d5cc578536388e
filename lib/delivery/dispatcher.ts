// Sends claimed jobs: each through its channel's sender, at its provider's pace, a bounded number
// at once, and records what became of it. The worker and the drain route both run it.
import type { Executor } from '../db/client';
import { recordEndpointAttempts } from './endpoint-health';
import { prepareJobs, type PreparedJob, type StoredMailConfig } from './job-messages';
import { forgetMembers, isSingle, planMailUnits, type MailJob, type MailUnit } from './mail-batches';
import { holdLimitMs, leaseMarginMs, type DeliveryOptions } from './options';
import { count, emptyTally, OutcomeWriter, outcomeOf, sharedOutcomes, type Tally } from './outcomes';
import { thrownFailure } from './http-failure';
import { LOCAL_OUTBOX_NOTICE, storeInLocalOutbox } from './outbox-store';
import { Pacer, Semaphore } from './pacing';
import type { ClaimedJob, Outcome } from './queue';
import { SenderRegistry } from './sender-registry';
import type { MailSender } from './senders/mail';
import type { DeliveryMessage, SendResult } from './types';

type Sendable = Extract<PreparedJob, { message: DeliveryMessage }>;
type Log = (line: string) => void;

export interface DispatchControl {
  /** Aborts waits for pacing slots (shutdown): those jobs are given back at once. */
  signal?: AbortSignal;
  /** Told of outcomes as they are written, so a caller can count what is still in hand. */
  onSettled?: (outcomes: readonly Outcome[]) => void;
}

export class Dispatcher {
  private readonly senders: SenderRegistry;
  private readonly writer: OutcomeWriter;
  private readonly requests: Semaphore;
  private readonly pacers: { resend: Pacer; slack: Pacer; msteams: Pacer };
  private readonly holdMs: number;
  private readonly margin: number;
  private toldOfOutbox = false;

  constructor(
    private readonly db: Executor,
    private readonly options: DeliveryOptions,
    private readonly log: Log = (line) => console.log(`[worker] ${line}`),
  ) {
    this.holdMs = holdLimitMs(options);
    this.margin = leaseMarginMs(options);
    this.senders = new SenderRegistry(options);
    this.writer = new OutcomeWriter(db);
    this.requests = new Semaphore(options.concurrency);
    this.pacers = {
      resend: new Pacer(options.pacing.resendRequestsPerSecond),
      slack: new Pacer(options.pacing.slackMessagesPerSecondPerChannel),
      msteams: new Pacer(options.pacing.teamsRequestsPerSecondPerUrl),
    };
  }

  /** Sends the jobs and records every outcome; resolves when all are recorded (or left to their lease). */
  async process(jobs: readonly ClaimedJob[], control: DispatchControl = {}): Promise<Tally> {
    const tally = emptyTally(jobs.length);
    if (jobs.length === 0) return tally;
    let prepared: PreparedJob[];
    try {
      prepared = await prepareJobs(this.db, jobs, this.options);
    } catch (error) {
      // The batch's messages could not be loaded at all: a failed attempt for each, retried as any other.
      const failure = thrownFailure('loading the messages', error);
      await this.settle(tally, jobs.map((job) => outcomeOf(job, failure, this.options.retryPolicy)), control);
      return tally;
    }
    const tasks: Promise<void>[] = [];
    const mail: MailJob[] = [];
    let storedMail: StoredMailConfig | undefined;
    for (const p of prepared) {
      if ('failure' in p) tasks.push(this.settle(tally, [outcomeOf(p.job, p.failure, this.options.retryPolicy)], control));
      else if ('suppressed' in p) tasks.push(this.settle(tally, [{ id: p.job.id, lease: p.job.lease, kind: 'suppressed', error: p.suppressed }], control));
      else if (p.message.channel === 'mail') {
        mail.push({ job: p.job, message: p.message as DeliveryMessage<'mail'> });
        storedMail = p.mail;
      }
      else tasks.push(this.sendOne(tally, p, control));
    }
    if (mail.length > 0) tasks.push(this.sendMail(tally, mail, storedMail, control));
    await Promise.all(tasks.map((task) => task.catch((error: unknown) => this.log(`a send failed unexpectedly; its jobs return when their lease ends: ${describe(error)}`))));
    return tally;
  }

  private async sendOne(tally: Tally, p: Sendable, control: DispatchControl): Promise<void> {
    const { job, message } = p;
    const pacer = p.paceKey ? this.pacers[message.channel as 'slack' | 'msteams'] : undefined;
    const result = await this.paced(job, pacer && p.paceKey ? { pacer, key: p.paceKey, unit: job.id } : null, control, () => {
      // A sender that throws (a bug, its SDK) fails this job's attempt alone, retried as any other.
      return this.sendWith(p).catch((error: unknown) => thrownFailure(`the ${message.channel} sender`, error));
    });

    if ('deferUntil' in result) return this.settle(tally, [{ id: job.id, lease: job.lease, kind: 'deferred', at: new Date(result.deferUntil) }], control);
    if (pacer && p.paceKey) this.obeyRetryAfter(pacer, p.paceKey, result);
    await this.settle(tally, [outcomeOf(job, result, this.options.retryPolicy)], control);
    if (message.channel === 'webhooks' && job.webhookEndpointId !== null) {
      await recordEndpointAttempts(this.db, [
        result.ok
          ? { endpointId: job.webhookEndpointId, ok: true }
          : { endpointId: job.webhookEndpointId, ok: false, error: result.error, statusCode: result.statusCode ?? null, disable: result.disableEndpoint === true },
      ]);
    }
  }

  private async sendWith(p: Sendable): Promise<SendResult> {
    const { message } = p;
    switch (message.channel) {
      case 'slack':
        return this.senders.slack(p.slackToken ?? '', p.slackIdentity).send(message as DeliveryMessage<'slack'>);
      case 'msteams':
        return this.senders.teams.send(message as DeliveryMessage<'msteams'>);
      default:
        return this.senders.webhooks.send(message as DeliveryMessage<'webhooks'>);
    }
  }

  /** `stored`: the Resend key and sender an admin saved, read once for the whole claim. */
  private async sendMail(tally: Tally, jobs: MailJob[], stored: StoredMailConfig | undefined, control: DispatchControl): Promise<void> {
    const resend = this.senders.mail(stored);
    if (!resend) {
      if (!this.toldOfOutbox) this.log(LOCAL_OUTBOX_NOTICE);
      this.toldOfOutbox = true;
      const failed = await storeInLocalOutbox(this.db, jobs, { from: stored?.from ?? this.options.mailFrom, appUrl: this.options.appUrl });
      const policy = this.options.retryPolicy;
      return this.settle(tally, jobs.map(({ job }): Outcome => {
        const failure = failed.get(job.id);
        return failure ? outcomeOf(job, failure, policy) : { id: job.id, lease: job.lease, kind: 'outbox' };
      }), control);
    }
    const plan = await planMailUnits(this.db, jobs);
    const soon = Date.now() + 500 + Math.random() * 1500;
    const tasks = [this.settle(tally, plan.giveBack.map(({ job }) => ({ id: job.id, lease: job.lease, kind: 'deferred', at: new Date(soon) })), control)];
    for (const unit of plan.units) tasks.push(this.sendMailUnit(tally, unit, resend, control));
    await Promise.all(tasks);
  }

  private async sendMailUnit(tally: Tally, unit: MailUnit, resend: MailSender, control: DispatchControl): Promise<void> {
    const jobs = unit.members.map((m) => m.job);
    const pacing = { pacer: this.pacers.resend, key: 'resend', unit: unit.key };
    const earliest = Math.min(...jobs.map((j) => j.claimedAt));
    const sent = await this.paced({ claimedAt: earliest }, pacing, control, async (): Promise<SendResult[]> => {
      try {
        return isSingle(unit) ? [await resend.send(unit.members[0]!.message)] : await resend.sendBatch(unit.members.map((m) => m.message));
      } catch (error) {
        // Whether Resend got the request is unknown: one retryable failure for the unit, which stays whole.
        const failure = thrownFailure('the Resend sender', error);
        return unit.members.map(() => failure);
      }
    });
    if ('deferUntil' in sent) {
      const at = new Date(sent.deferUntil);
      return this.settle(tally, jobs.map((job) => ({ id: job.id, lease: job.lease, kind: 'deferred', at })), control);
    }
    const results = sent as SendResult[];
    // One request, one answer's headers: every result of a batch carries the same.
    this.obeyResendLimits(results.find((r) => r.rateLimit || (!r.ok && r.statusCode === 429)) ?? results[0]!);
    const policy = this.options.retryPolicy;
    // Sent or refused for good: decided one by one. Retryable: the request failed as a whole and
    // Resend may have done it, so one decision for all, and they stay one unit (same members, same
    // order, same key) until Resend answers.
    // A member that never went (it could not be rendered) leaves the unit, to be sent in another.
    const unsettled = jobs.filter((_, i) => { const r = results[i]!; return !r.ok && r.retryable && !r.notAttempted; });
    const settled = jobs.filter((job) => !unsettled.includes(job));
    const retry = unsettled.length > 0 ? sharedOutcomes(unsettled, results[jobs.indexOf(unsettled[0]!)]!, policy) : [];
    const outcomes = [...settled.map((job) => outcomeOf(job, results[jobs.indexOf(job)]!, policy)), ...retry];
    await this.settle(tally, outcomes, control);
    // Members dead after unknown outcomes stay written down: an admin's retry sends them as this unit again.
    await forgetMembers(this.db, settled.map((j) => j.id));
  }

  /**
   * Runs `send` at the unit's pacing slot, as one of the requests in flight. A slot later than the
   * hold limit, a shutdown while waiting, or too little of the lease left to send within it (after
   * waiting for a free request) gives the unit back instead, unattempted (`deferUntil`).
   */
  private async paced<T>(
    job: { claimedAt: number },
    pacing: { pacer: Pacer; key: string; unit: string } | null,
    control: DispatchControl,
    send: () => Promise<T>,
  ): Promise<T | { deferUntil: number }> {
    const sendBy = job.claimedAt + this.options.leaseMs - this.options.sendTimeoutMs - this.margin;
    let at = pacing ? pacing.pacer.reserve(pacing.key, pacing.unit) : Date.now();
    for (;;) {
      const now = Date.now();
      // Given back to come due a little before its slot: claimed and ready, it then leaves on time.
      if (at > Math.min(now + this.holdMs, sendBy)) return { deferUntil: Math.max(now, at - this.holdMs / 2) };
      if (at > now && !(await sleep(at - now, control.signal))) return { deferUntil: at };
      const result = await this.requests.run(async (): Promise<{ sent: T } | { late: true } | null> => {
        // Past this, another worker could take the job while its request is still in flight.
        if (Date.now() > sendBy) return { late: true };
        // Another unit of this key may have gone while this one waited for a free request.
        if (pacing && pacing.pacer.delayBeforeSend(pacing.key) > 0) return null;
        pacing?.pacer.sent(pacing.key, pacing.unit);
        return { sent: await send() };
      });
      if (result && 'late' in result) return { deferUntil: Date.now() };
      if (result) return result.sent;
      at = Date.now() + pacing!.pacer.delayBeforeSend(pacing!.key);
    }
  }

  private obeyRetryAfter(pacer: Pacer, key: string, result: SendResult): void {
    if (!result.ok && result.statusCode === 429) pacer.pause(key, Date.now() + (result.retryAfterSeconds ?? 1) * 1000);
  }

  /** Resend announces its window in ratelimit-* headers: pace to its limit, wait out an exhausted window. */
  private obeyResendLimits(result: SendResult): void {
    const pacer = this.pacers.resend;
    if (result.rateLimit) {
      pacer.limitTo('resend', result.rateLimit.limit);
      // The reset is rounded up to whole seconds: one second less is a wait it certainly needs.
      if (result.rateLimit.remaining <= 0) pacer.pause('resend', Date.now() + Math.max(0, result.rateLimit.resetSeconds - 1) * 1000);
    }
    this.obeyRetryAfter(pacer, 'resend', result);
  }

  private async settle(tally: Tally, outcomes: Outcome[], control: DispatchControl): Promise<void> {
    const written = await this.writer.write(outcomes);
    count(tally, outcomes, written);
    control.onSettled?.(outcomes);
    for (const o of outcomes) {
      if (o.kind !== 'deferred') this.forgetSlot(o.id);
    }
  }

  private forgetSlot(unit: string): void {
    for (const pacer of Object.values(this.pacers)) pacer.release(unit);
  }
}

/** Resolves true after `ms`, or false at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
