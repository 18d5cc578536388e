// Sending at a provider's pace rather than discovering it by 429s: per key (Resend, a Slack channel,
// a Teams flow) requests are spaced at the key's rate, planned ahead by reserving slots, and
// suspended while the provider asked us to wait (Retry-After, an exhausted rate-limit window).

interface KeyState {
  intervalMs: number;
  /** The next slot not yet reserved. */
  nextSlot: number;
  /** When a request with this key last actually left. */
  lastSent: number;
  pausedUntil: number;
}

/**
 * Spacing 5 % above 1/rate: requests leave on time but arrive with the network's and the provider's
 * jitter, and a provider counting in fixed one-second windows would see two close arrivals as two in
 * one second.
 */
const SAFETY = 1.05;

export class Pacer {
  private readonly keys = new Map<string, KeyState>();
  private readonly reservations = new Map<string, { key: string; at: number }>();

  constructor(
    private readonly defaultPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * When the unit (a delivery, a batch) may be sent: the slot it reserved before, if it was given
   * back to the queue until then, else the key's next free slot, which it now holds.
   */
  reserve(key: string, unitId: string): number {
    const state = this.state(key);
    const held = this.reservations.get(unitId);
    if (held?.key === key) return Math.max(held.at, state.pausedUntil);
    const at = Math.max(this.now(), state.nextSlot, state.pausedUntil);
    state.nextSlot = at + state.intervalMs;
    if (this.reservations.size >= 50_000) this.prune();
    this.reservations.set(unitId, { key, at });
    return at;
  }

  /** How long to wait now before sending, so that actual sends keep their spacing even when some ran late. */
  delayBeforeSend(key: string): number {
    const state = this.state(key);
    const now = this.now();
    return Math.max(0, state.lastSent + state.intervalMs - now, state.pausedUntil - now);
  }

  /** The unit is being sent now: its slot is used. */
  sent(key: string, unitId: string): void {
    this.state(key).lastSent = this.now();
    this.reservations.delete(unitId);
  }

  /** The unit will not be sent (it failed before sending): forget its slot. */
  release(unitId: string): void {
    this.reservations.delete(unitId);
  }

  /** No request with this key before `until` (ms since the epoch). */
  pause(key: string, until: number): void {
    const state = this.state(key);
    state.pausedUntil = Math.max(state.pausedUntil, until);
    state.nextSlot = Math.max(state.nextSlot, state.pausedUntil);
  }

  /** The provider announced its limit (Resend's ratelimit-limit): never pace faster than it, nor than configured. */
  limitTo(key: string, perSecond: number): void {
    if (!(perSecond > 0)) return;
    const state = this.state(key);
    state.intervalMs = Math.max(this.intervalFor(this.defaultPerSecond), this.intervalFor(perSecond));
  }

  private intervalFor(perSecond: number): number {
    return (1000 / perSecond) * SAFETY;
  }

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      if (this.keys.size >= 10_000) this.prune();
      state = { intervalMs: this.intervalFor(this.defaultPerSecond), nextSlot: 0, lastSent: 0, pausedUntil: 0 };
      this.keys.set(key, state);
    }
    return state;
  }

  /** Drops keys idle for a minute and reservations nobody came back for. */
  private prune(): void {
    const stale = this.now() - 60_000;
    for (const [key, state] of this.keys) if (Math.max(state.nextSlot, state.lastSent, state.pausedUntil) < stale) this.keys.delete(key);
    for (const [unit, held] of this.reservations) if (held.at < stale) this.reservations.delete(unit);
  }
}

/** At most `limit` tasks at once; the others wait their turn in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its place straight to the next in line, so none can slip in between.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
