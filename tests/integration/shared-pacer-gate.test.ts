// The shared gate counts a key's turns from when each was due, not from when it left: a request that
// leaves a little late (a sleep, a busy event loop) does not push every later one back by as much.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { FORGIVEN_LATENESS_MS, intervalFor, SharedPacer } from '@/lib/delivery/shared-pacer';

const key = { key: 'test:gate', perSecond: 10 };
const interval = intervalFor(key.perSecond);

/** Makes the key's previous turn `ms` ago, and takes the next; returns how long before now that turn now counts from. */
async function takeTurnAfter(pacer: SharedPacer, ms: number): Promise<number> {
  await db().execute(
    sql`update delivery_rate_limits set last_sent = now() - ${ms}::float8 * interval '1 millisecond' where key = ${key.key}`,
  );
  expect(await pacer.acquire([key])).toBe(0);
  const [row] = await db().execute<{ ago: number }>(sql`
    select extract(epoch from (now() - last_sent)) * 1000 as ago from delivery_rate_limits where key = ${key.key}`);
  return Number(row!.ago);
}

beforeEach(async () => {
  await db().execute(sql`delete from delivery_rate_limits where key = ${key.key}`);
});

describe('the shared gate', () => {
  it('lets the next turn go an interval after the previous one was due, and not before', async () => {
    const pacer = new SharedPacer(db());
    expect(await pacer.acquire([key])).toBe(0);
    const wait = await pacer.acquire([key]);
    // A new key's first turn counts as having been due the forgiven lateness ago.
    expect(wait).toBeGreaterThan(interval - FORGIVEN_LATENESS_MS - 15);
    expect(wait).toBeLessThanOrEqual(Math.ceil(interval));
    expect(await pacer.acquire([key])).toBeGreaterThan(0);
  });

  it('counts a turn taken 15 ms late from when it was due, so the next is not 15 ms later too', async () => {
    const pacer = new SharedPacer(db());
    await pacer.acquire([key]);
    const ago = await takeTurnAfter(pacer, interval + 15);
    // Counted from its due time, 15 ms before it left (the old gate counted from leaving: 0).
    expect(ago).toBeGreaterThan(10);
    expect(ago).toBeLessThanOrEqual(15 + 5);
  });

  it(`forgives no more than ${FORGIVEN_LATENESS_MS} ms: after an idle key, the next turn is nearly a full interval away`, async () => {
    const pacer = new SharedPacer(db());
    await pacer.acquire([key]);
    const ago = await takeTurnAfter(pacer, 60_000);
    expect(ago).toBeGreaterThanOrEqual(FORGIVEN_LATENESS_MS - 1);
    expect(ago).toBeLessThan(FORGIVEN_LATENESS_MS + 10);
    const wait = await pacer.acquire([key]);
    expect(wait).toBeGreaterThan(interval - FORGIVEN_LATENESS_MS - 15);
  });

  it('reserves no slots for a key whose rate is still to be learned, then slots at the learned spacing', async () => {
    const pacer = new SharedPacer(db());
    const resend = { key: key.key, perSecond: 2, learns: true };
    expect((await pacer.reserve([{ ...resend, count: 6 }])).get(key.key)).toBeUndefined();
    await pacer.learn(resend, 5);
    const slots = (await pacer.reserve([{ ...resend, count: 6 }])).get(key.key)!;
    expect(slots).toHaveLength(6);
    expect(slots[5]! - slots[0]!).toBeCloseTo(5 * intervalFor(5), 0);
    // A key that does not learn reserves at its own rate from the start.
    await db().execute(sql`delete from delivery_rate_limits`);
    expect((await new SharedPacer(db()).reserve([{ ...key, count: 2 }])).get(key.key)).toHaveLength(2);
  });
});
