// Providers' rate limits shared by every worker and every web instance draining the queue, kept in
// PostgreSQL (delivery_rate_limits, one row per key), which all of them have: the limit is the
// provider's, not the process's.
//
// Two mechanisms: *slots*, reserved ahead for the jobs of a claim (one statement), so that each job
// knows when to go and one whose slot is far off can wait in the queue instead of in a worker; and
// the *gate*, taken just before a request leaves (one statement, the key's row locked), which lets it
// go only if the key's previous turn was due at least one interval ago and no pause (a 429's
// Retry-After, an exhausted window) holds it. The gate alone keeps the limit; slots keep it busy.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

/**
 * Spacing from departures is 5 % above 1/rate: requests leave on time but arrive with the network's
 * and the provider's jitter, and a provider counting in fixed one-second windows would see two close
 * arrivals as two in one second. Spacing from answers needs no margin: the next request leaves a
 * full interval after the previous one was answered, so after it arrived, however long it travelled.
 */
export const SAFETY = 1.05;

/**
 * How late a departure may be without pushing the next one back (ms). The gate counts each turn
 * from when the previous one was *due*, not from when it left, so that a sleep's or the event loop's
 * lateness is not added to every later request, but never from more than this before now. Any n+1
 * requests still span at least n × interval − this, and with the 5 % margin (50 ms a second) a fixed
 * one-second window sees no more than the limit while this plus the network's jitter stays under 50 ms.
 */
export const FORGIVEN_LATENESS_MS = 25;

export const intervalFor = (perSecond: number, fromAnswer = false) => (perSecond > 0 ? (1000 / perSecond) * (fromAnswer ? 1 : SAFETY) : 0);

/** A key's name for a secret (a Resend key, a Slack token, a Teams URL): stable, short, not reversible. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 16);

export interface KeyRate {
  key: string;
  /** The key's default rate, used until a provider announces its own (learn). 0: only pauses apply. */
  perSecond: number;
  /**
   * Space requests from the previous one's *answer*, not its departure (Slack's ~1/s per channel):
   * a request delayed on its way then cannot arrive within a second of the next one.
   */
  fromAnswer?: boolean;
  /**
   * The provider announces its own rate (Resend's ratelimit-limit): until one answer has, no slots
   * are reserved ahead at the starting rate (they would keep their slow spacing after it is known),
   * and requests go by the gate alone.
   */
  learns?: boolean;
}

export class SharedPacer {
  /** Keys this process has made sure exist; rows idle for a day are dropped by `forgetIdle`. */
  private readonly known = new Set<string>();

  constructor(private readonly db: Executor) {}

  /**
   * Reserves `count` consecutive slots per key, in one statement; returns each key's slots as local
   * times (ms since the epoch), earliest first.
   */
  async reserve(requests: readonly (KeyRate & { count: number })[]): Promise<Map<string, number[]>> {
    const slots = new Map<string, number[]>();
    if (requests.length === 0) return slots;
    await this.ensure(requests);
    const rows = await this.db.execute<{ key: string; first_ms: number; interval_ms: number; n: number }>(sql`
      update delivery_rate_limits r
      set next_slot = greatest(r.next_slot, now(), r.paused_until) + r.interval_ms * k.n * interval '1 millisecond'
      from jsonb_to_recordset(${JSON.stringify(requests.map((r) => ({ key: r.key, n: r.count, learns: r.learns === true })))}::jsonb)
        as k (key text, n int, learns boolean)
      where r.key = k.key and (r.learned or not k.learns)
      returning r.key, extract(epoch from (r.next_slot - now())) * 1000 - r.interval_ms * k.n as first_ms, r.interval_ms, k.n`);
    const now = Date.now();
    for (const row of rows) {
      const first = now + Math.max(0, Number(row.first_ms));
      slots.set(
        row.key,
        Array.from({ length: row.n }, (_, i) => first + i * Number(row.interval_ms)),
      );
    }
    // A key whose row was dropped meanwhile: made again next time; its requests rely on the gate (as
    // do those of a key whose rate is still to be learned).
    for (const r of requests) if (!slots.has(r.key) && !r.learns) this.known.delete(r.key);
    return slots;
  }

  /**
   * The gate: takes a turn of every key at once (a Slack channel and its workspace) if all are free
   * now, and returns 0; otherwise takes nothing and returns how long to wait (ms) before trying again.
   */
  async acquire(keys: readonly KeyRate[]): Promise<number> {
    await this.ensure(keys);
    // Keys with a rate are taken (their rows locked, in key order); pause-only keys (a Slack
    // workspace) are only read, so that they never serialize every worker's requests on one row.
    const turns = keys.filter((k) => k.perSecond > 0).map((k) => k.key);
    const holds = keys.filter((k) => !(k.perSecond > 0)).map((k) => k.key);
    const [row] = await this.db.execute<{ go: boolean; wait_ms: number | null }>(sql`
      with cur as (
        -- Never infinite (a new key's last_sent and paused_until are -infinity): clamped to the last hour.
        select r.key, greatest(r.last_sent + r.interval_ms * interval '1 millisecond', r.paused_until, now() - interval '1 hour') as ready
        from delivery_rate_limits r where r.key = any(${textArray(turns)})
        order by r.key for update
      ),
      held as (
        select greatest(max(paused_until), now() - interval '1 hour') as until
        from delivery_rate_limits where key = any(${textArray(holds)})
      ),
      verdict as (
        select count(*) = ${turns.length}::int and coalesce(bool_and(ready <= now()), true)
            and coalesce((select until from held) <= now(), true) as go,
          greatest(max(ready), (select until from held), now() - interval '1 hour') as ready
        from cur
      ),
      took as (
        update delivery_rate_limits r
        set last_sent = greatest(r.last_sent + r.interval_ms * interval '1 millisecond',
          now() - ${FORGIVEN_LATENESS_MS}::float8 * interval '1 millisecond')
        where r.key in (select key from cur) and (select go from verdict)
        returning 1
      )
      select v.go, extract(epoch from (v.ready - now())) * 1000 as wait_ms, (select count(*) from took) as took from verdict v`);
    if (row?.go) return 0;
    if (row?.wait_ms === null || row?.wait_ms === undefined) {
      for (const k of keys) this.known.delete(k.key);
      return 10;
    }
    return Math.max(1, Math.ceil(Number(row.wait_ms)));
  }

  /** A request of these keys was answered: where spacing counts from answers, the next waits from now. */
  async answered(keys: readonly KeyRate[]): Promise<void> {
    const spaced = keys.filter((k) => k.fromAnswer);
    if (spaced.length === 0) return;
    await this.db.execute(sql`
      update delivery_rate_limits set last_sent = greatest(last_sent, now()) where key = any(${textArray(spaced.map((k) => k.key))})`);
  }

  /** No request with these keys for `ms` (a 429's Retry-After, an exhausted window), across every worker. */
  async pause(keys: readonly KeyRate[], ms: number): Promise<void> {
    if (keys.length === 0 || !(ms > 0)) return;
    await this.ensure(keys);
    await this.db.execute(sql`
      update delivery_rate_limits set
        paused_until = greatest(paused_until, now() + ${ms}::float8 * interval '1 millisecond'),
        next_slot = greatest(next_slot, now() + ${ms}::float8 * interval '1 millisecond')
      where key = any(${textArray(keys.map((k) => k.key))})`);
  }

  /** The provider announced its limit (Resend's ratelimit-limit): every worker paces to it from now on. */
  async learn(key: KeyRate, perSecond: number): Promise<void> {
    if (!(perSecond > 0)) return;
    await this.ensure([key]);
    await this.db.execute(sql`
      update delivery_rate_limits set interval_ms = ${intervalFor(perSecond)}::float8, learned = true
      where key = ${key.key} and (not learned or interval_ms <> ${intervalFor(perSecond)}::float8)`);
  }

  /** Drops the rows of keys idle for a day (DM channels of users who left, endpoints deleted). */
  async forgetIdle(): Promise<number> {
    const rows = await this.db.execute<{ key: string }>(sql`
      delete from delivery_rate_limits where greatest(next_slot, last_sent, paused_until) < now() - interval '1 day' returning key`);
    for (const r of rows) this.known.delete(r.key);
    return rows.length;
  }

  private async ensure(keys: readonly KeyRate[]): Promise<void> {
    const missing = keys.filter((k) => !this.known.has(k.key));
    if (missing.length === 0) return;
    await this.db.execute(sql`
      insert into delivery_rate_limits (key, interval_ms)
      select key, interval_ms from jsonb_to_recordset(${JSON.stringify(missing.map((k) => ({ key: k.key, interval_ms: intervalFor(k.perSecond, k.fromAnswer) })))}::jsonb)
        as k (key text, interval_ms float8)
      on conflict (key) do update set interval_ms = excluded.interval_ms
        where not delivery_rate_limits.learned and delivery_rate_limits.interval_ms <> excluded.interval_ms`);
    if (this.known.size > 20_000) this.known.clear();
    for (const k of missing) this.known.add(k.key);
  }
}

// Keys are built by us from ids and hashes (no commas or quotes); quoted anyway for the array literal.
const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, '')}"`).join(',')}}`}::text[]`;
