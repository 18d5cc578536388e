// Sends claimed jobs: each through its channel's sender, at its provider's pace, a bounded number
// at once, and records what became of it. The worker and the drain route both run it.
import type { Executor } from '../db/client';
import { recordEndpointAttempts } from './endpoint-health';
import { prepareJobs, type PreparedJob, type StoredMailConfig } from './job-messages';
import { forgetMembers, isSingle, planMailUnits, type MailJob, type MailUnit } from './mail-batches';
import { holdLimitMs, leaseMarginMs, type DeliveryOptions } from './options';
import { count, emptyTally, type Tally } from './delivery-tally';
import { outcomeOf, sharedOutcomes } from './outcome-decision';
import { OutcomeWriter } from './outcome-writer';
import { thrownFailure } from './http-failure';
import { LOCAL_OUTBOX_NOTICE, storeInLocalOutbox } from './outbox-store';
import { Semaphore } from './pacing';
import { KeyedQueue } from './keyed-queue';
import { secretHash, SharedPacer, type KeyRate } from './shared-pacer';
import type { ClaimedJob, Outcome } from './queue';
import { SenderRegistry } from './sender-registry';
import type { MailSender } from './senders/mail';
import type { DeliveryMessage, SendResult } from './types';
import { queryFailureText } from '../db/error-text';

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
  private readonly pacer: SharedPacer;
  /** Units without a slot (mail) wait for the shared gate one per key here; the others queue behind. */
  private readonly gateQueue = new KeyedQueue();
  private readonly holdMs: number;
  private readonly margin: number;
  private toldOfOutbox = false;
  /** When this process last dropped idle rate-limit keys (hourly). */
  private forgotIdleAt = 0;

  constructor(
    private readonly db: Executor,
    private readonly options: DeliveryOptions,
    private readonly log: Log = (line) => console.log(`[worker] ${line}`),
  ) {
    this.holdMs = holdLimitMs(options);
    this.margin = leaseMarginMs(options);
    this.senders = new SenderRegistry(options, (token, method) => this.methodTurn(token, method));
    this.writer = new OutcomeWriter(db);
    this.requests = new Semaphore(options.concurrency);
    this.pacer = new SharedPacer(db);
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
      await this.settle(
        tally,
        jobs.map((job) => outcomeOf(job, failure, this.options.retryPolicy)),
        control,
      );
      return tally;
    }
    const tasks: Promise<void>[] = [];
    const mail: MailJob[] = [];
    let storedMail: StoredMailConfig | undefined;
    const slots = await this.reserveSlots(prepared.filter((p): p is Sendable => 'message' in p && p.message.channel !== 'mail'));
    for (const p of prepared) {
      if ('failure' in p) tasks.push(this.settle(tally, [outcomeOf(p.job, p.failure, this.options.retryPolicy)], control));
      else if ('suppressed' in p)
        tasks.push(this.settle(tally, [{ id: p.job.id, lease: p.job.lease, kind: 'suppressed', error: p.suppressed }], control));
      else if (p.message.channel === 'mail') {
        mail.push({ job: p.job, message: p.message as DeliveryMessage<'mail'> });
        storedMail = p.mail;
      } else tasks.push(this.sendOne(tally, p, slots.get(p.job.id) ?? null, control));
    }
    if (mail.length > 0) tasks.push(this.sendMail(tally, mail, storedMail, control));
    await Promise.all(
      tasks.map((task) =>
        task.catch((error: unknown) => this.log(`a send failed unexpectedly; its jobs return when their lease ends: ${describe(error)}`)),
      ),
    );
    return tally;
  }

  private async sendOne(tally: Tally, p: Sendable, slot: number | null, control: DispatchControl): Promise<void> {
    const { job, message } = p;
    const keys = this.limitsOf(p);
    const result = await this.paced(job, keys.length > 0 ? { keys, slot } : null, control, async () => {
      // A sender that throws (a bug, its SDK) fails this job's attempt alone, retried as any other.
      const sent = await this.sendWith(p).catch((error: unknown) => thrownFailure(`the ${message.channel} sender`, error));
      // A 429 pauses its limit for every worker at once, before anything else is written.
      await this.obeyRetryAfter(
        !sent.ok && sent.limitedMethod ? this.slackMethodLimits(p.slackToken ?? '', sent.limitedMethod) : keys,
        sent,
      );
      return sent;
    });
    if ('deferUntil' in result) {
      const deferred: Outcome = {
        id: job.id,
        lease: job.lease,
        kind: 'deferred',
        at: new Date(result.deferUntil),
        ...(result.slot && { slot: new Date(result.slot) }),
      };
      return this.settle(tally, [deferred], control);
    }
    if (!result.ok && result.deferMs !== undefined) {
      return this.settle(tally, [{ id: job.id, lease: job.lease, kind: 'deferred', at: new Date(Date.now() + result.deferMs) }], control);
    }
    await this.settle(tally, [outcomeOf(job, result, this.options.retryPolicy)], control);
    if (message.channel === 'webhooks' && job.webhookEndpointId !== null) {
      await recordEndpointAttempts(this.db, [
        result.ok
          ? { endpointId: job.webhookEndpointId, ok: true }
          : {
              endpointId: job.webhookEndpointId,
              ok: false,
              error: result.error,
              statusCode: result.statusCode ?? null,
              disable: result.disableEndpoint === true,
            },
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
      return this.settle(
        tally,
        jobs.map(({ job }): Outcome => {
          const failure = failed.get(job.id);
          return failure ? outcomeOf(job, failure, policy) : { id: job.id, lease: job.lease, kind: 'outbox' };
        }),
        control,
      );
    }
    const plan = await planMailUnits(this.db, jobs);
    const soon = Date.now() + 500 + Math.random() * 1500;
    const tasks = [
      this.settle(
        tally,
        plan.giveBack.map(({ job }) => ({ id: job.id, lease: job.lease, kind: 'deferred', at: new Date(soon) })),
        control,
      ),
    ];
    const key = this.resendLimit(stored);
    // A unit given back to wait for its slot keeps it (on its members' rows); the others reserve theirs now.
    const held = (unit: MailUnit) => unit.members.map((m) => m.job.paceSlot).find((at) => at !== null) ?? null;
    const fresh = plan.units.filter((u) => held(u) === null);
    const reserved = (await this.reserveOrNone([{ ...key, count: fresh.length }])).get(key.key) ?? [];
    for (const unit of plan.units) {
      const kept = held(unit);
      const slot = kept !== null ? Date.parse(kept) : (reserved[fresh.indexOf(unit)] ?? null);
      tasks.push(this.sendMailUnit(tally, unit, resend, key, slot, control));
    }
    await Promise.all(tasks);
  }

  private async sendMailUnit(
    tally: Tally,
    unit: MailUnit,
    resend: MailSender,
    key: KeyRate,
    slot: number | null,
    control: DispatchControl,
  ): Promise<void> {
    const jobs = unit.members.map((m) => m.job);
    const pacing = { keys: [key], slot };
    const earliest = Math.min(...jobs.map((j) => j.claimedAt));
    await resend.prerender(unit.members.map((m) => m.message));
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
      const held = sent.slot ? { slot: new Date(sent.slot) } : {};
      return this.settle(
        tally,
        jobs.map((job) => ({ id: job.id, lease: job.lease, kind: 'deferred', at, ...held })),
        control,
      );
    }
    const results = sent as SendResult[];
    // One request, one answer's headers: every result of a batch carries the same.
    await this.obeyResendLimits(key, results.find((r) => r.rateLimit || (!r.ok && r.statusCode === 429)) ?? results[0]!);
    const policy = this.options.retryPolicy;
    // Sent or refused for good: decided one by one. Retryable: the request failed as a whole and
    // Resend may have done it, so one decision for all, and they stay one unit (same members, same
    // order, same key) until Resend answers.
    // A member that never went (it could not be rendered) leaves the unit, to be sent in another.
    const unsettled = jobs.filter((_, i) => {
      const r = results[i]!;
      return !r.ok && r.retryable && !r.notAttempted;
    });
    const settled = jobs.filter((job) => !unsettled.includes(job));
    const retry = unsettled.length > 0 ? sharedOutcomes(unsettled, results[jobs.indexOf(unsettled[0]!)]!, policy) : [];
    const outcomes = [...settled.map((job) => outcomeOf(job, results[jobs.indexOf(job)]!, policy)), ...retry];
    await this.settle(tally, outcomes, control);
    // Members dead after unknown outcomes stay written down: an admin's retry sends them as this unit again.
    await forgetMembers(
      this.db,
      settled.map((j) => j.id),
    );
  }

  /**
   * Runs `send` at the unit's pacing slot, as one of the requests in flight, once the shared gate of
   * its keys lets it go. A slot later than the hold limit, a shutdown while waiting, or too little of
   * the lease left to send within it (after waiting for a free request) gives the unit back instead,
   * unattempted (`deferUntil`), keeping its reserved `slot` for whoever claims it next.
   */
  private async paced<T>(
    job: { claimedAt: number },
    pacing: { keys: KeyRate[]; slot: number | null } | null,
    control: DispatchControl,
    send: () => Promise<T>,
  ): Promise<T | { deferUntil: number; slot?: number }> {
    // Without a slot (mail), one unit per key at a time takes turns at the gate; the rest queue here.
    const leave = pacing && pacing.slot === null ? await this.gateQueue.enter(pacing.keys[0]!.key) : () => {};
    try {
      return await this.pacedTurn(job, pacing, control, send, leave);
    } finally {
      leave();
    }
  }

  private async pacedTurn<T>(
    job: { claimedAt: number },
    pacing: { keys: KeyRate[]; slot: number | null } | null,
    control: DispatchControl,
    send: () => Promise<T>,
    leave: () => void,
  ): Promise<T | { deferUntil: number; slot?: number }> {
    const sendBy = job.claimedAt + this.options.leaseMs - this.options.sendTimeoutMs - this.margin;
    const slot = pacing?.slot ?? null;
    let at = slot ?? Date.now();
    for (;;) {
      const now = Date.now();
      // Given back to come due a little before its slot: claimed and ready, it then leaves on time.
      if (at > Math.min(now + this.holdMs, sendBy)) {
        return { deferUntil: Math.max(now, at - this.holdMs / 2), ...(slot !== null && at === slot && { slot }) };
      }
      if (at > now && !(await sleep(at - now, control.signal))) return { deferUntil: at, ...(slot !== null && { slot }) };
      const result = await this.requests.run(async (): Promise<{ sent: T } | { late: true } | { wait: number }> => {
        // Past this, another worker could take the job while its request is still in flight.
        if (Date.now() > sendBy) return { late: true };
        // The shared gate: another worker (or unit) may have used the keys' turn meanwhile.
        const wait = pacing
          ? await this.pacer.acquire(pacing.keys).catch((error: unknown) => {
              this.log(`could not take a pacing turn (trying again shortly): ${describe(error)}`);
              return 500;
            })
          : 0;
        if (wait > 0) return { wait };
        leave();
        const sent = await send();
        if (pacing) await this.pacer.answered(pacing.keys).catch(() => {});
        return { sent };
      });
      if ('late' in result) return { deferUntil: Date.now() };
      if ('sent' in result) return result.sent;
      at = Date.now() + result.wait;
    }
  }

  /** Reserves the slots of the claim's Slack, Teams and webhook jobs (one statement); jobs holding one keep it. */
  private async reserveSlots(jobs: readonly Sendable[]): Promise<Map<string, number>> {
    const byJob = new Map<string, number>();
    const wanting = new Map<string, { rate: KeyRate; jobs: string[] }>();
    for (const p of jobs) {
      if (p.job.paceSlot) byJob.set(p.job.id, Date.parse(p.job.paceSlot));
      const [primary] = this.limitsOf(p);
      if (p.job.paceSlot || !primary) continue;
      const entry = wanting.get(primary.key) ?? { rate: primary, jobs: [] };
      entry.jobs.push(p.job.id);
      wanting.set(primary.key, entry);
    }
    const slots = await this.reserveOrNone([...wanting.values()].map((w) => ({ ...w.rate, count: w.jobs.length })));
    for (const [key, w] of wanting)
      w.jobs.forEach((id, i) => {
        const at = slots.get(key)?.[i];
        if (at !== undefined) byJob.set(id, at);
      });
    return byJob;
  }

  /** Slots are an optimisation (the gate keeps the limit): a failure to reserve sends on the gate alone. */
  private async reserveOrNone(requests: Parameters<SharedPacer['reserve']>[0]): Promise<Map<string, number[]>> {
    if (Date.now() - this.forgotIdleAt > 60 * 60 * 1000) {
      this.forgotIdleAt = Date.now();
      void this.pacer.forgetIdle().catch(() => {});
    }
    try {
      return await this.pacer.reserve(requests.filter((r) => r.count > 0));
    } catch (error) {
      this.log(`could not reserve pacing slots (sending on the shared gate alone): ${describe(error)}`);
      return new Map();
    }
  }

  /** The limits a job's request counts against: its own key first (slots are reserved on it), then shared ones. */
  private limitsOf(p: Sendable): KeyRate[] {
    const { pacing } = this.options;
    if (!p.paceKey) return [];
    switch (p.message.channel) {
      case 'slack':
        // The workspace key only carries pauses: a 429 anywhere in the workspace holds every channel.
        return [
          { key: p.paceKey, perSecond: pacing.slackMessagesPerSecondPerChannel, fromAnswer: true },
          this.slackWorkspace(p.slackToken ?? ''),
        ];
      case 'msteams':
        return [{ key: p.paceKey, perSecond: pacing.teamsRequestsPerSecondPerUrl, fromAnswer: true }];
      case 'webhooks':
        return [{ key: p.paceKey, perSecond: pacing.webhookRequestsPerSecondPerEndpoint ?? DEFAULT_WEBHOOK_RATE }];
      default:
        return [];
    }
  }

  private slackWorkspace(token: string): KeyRate {
    return { key: `slack:${secretHash(token)}:workspace`, perSecond: 0 };
  }

  private slackMethodLimits(token: string, method: string): KeyRate[] {
    const perSecond = (this.options.pacing.slackLookupsPerMinute ?? DEFAULT_SLACK_LOOKUPS_PER_MINUTE) / 60;
    return [{ key: `slack:${secretHash(token)}:${method}`, perSecond }, this.slackWorkspace(token)];
  }

  /**
   * A turn of a Slack method the sender calls before posting (users.lookupByEmail, conversations.open:
   * Tier 3, ~50 a minute per workspace), shared by every worker. False when none comes soon enough:
   * the job is then retried later rather than holding a request.
   */
  private async methodTurn(token: string, method: string): Promise<boolean> {
    const keys = this.slackMethodLimits(token, method);
    const deadline = Date.now() + Math.min(this.holdMs, this.options.sendTimeoutMs);
    for (;;) {
      const wait = await this.pacer.acquire(keys);
      if (wait === 0) return true;
      if (Date.now() + wait > deadline) return false;
      await sleep(wait);
    }
  }

  /** Resend's account: the key in use (an admin's stored one, else the environment's). */
  private resendLimit(stored: StoredMailConfig | undefined): KeyRate {
    const apiKey = stored?.apiKey ?? this.options.resendApiKey ?? '';
    return { key: `resend:${secretHash(apiKey)}`, perSecond: this.options.pacing.resendRequestsPerSecond, learns: true };
  }

  /** A 429's Retry-After (1 s when it gave none) pauses every key the request counted against, for every worker. */
  private async obeyRetryAfter(keys: KeyRate[], result: SendResult): Promise<void> {
    if (result.ok || result.statusCode !== 429) return;
    await this.pacer
      .pause(keys, (result.retryAfterSeconds ?? 1) * 1000)
      .catch((error: unknown) => this.log(`could not record a pause: ${describe(error)}`));
  }

  /** Resend announces its window in ratelimit-* headers: pace every worker to its limit, wait out an exhausted window. */
  private async obeyResendLimits(key: KeyRate, result: SendResult): Promise<void> {
    try {
      if (result.rateLimit) {
        await this.pacer.learn(key, result.rateLimit.limit);
        // The reset is rounded up to whole seconds: one second less is a wait it certainly needs.
        if (result.rateLimit.remaining <= 0) await this.pacer.pause([key], Math.max(0, result.rateLimit.resetSeconds - 1) * 1000);
      }
    } catch (error) {
      this.log(`could not record Resend's rate limit: ${describe(error)}`);
    }
    await this.obeyRetryAfter([key], result);
  }

  private async settle(tally: Tally, outcomes: Outcome[], control: DispatchControl): Promise<void> {
    const written = await this.writer.write(outcomes);
    count(tally, outcomes, written);
    control.onSettled?.(outcomes);
  }
}

const DEFAULT_WEBHOOK_RATE = 10;
/** users.lookupByEmail and conversations.open are Slack's Tier 3 (50+ a minute each), with a margin. */
const DEFAULT_SLACK_LOOKUPS_PER_MINUTE = 45;

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
  return queryFailureText(error) ?? (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
