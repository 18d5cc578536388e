// The queue's own rules, statement by statement: what is due, the lease, and the fencing of outcomes.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { claimDueDeliveries, nextDueAt, recordOutcomes } from '@/lib/delivery/queue';
import { resetWorld } from '../support/notifications';

beforeEach(resetWorld);

/** `count` pending jobs of `channel`, one per event, due now, in creation order. */
async function jobs(count: number, channel: 'mail' | 'slack' = 'slack'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [row] = await db().execute<{ id: string }>(sql`
      with event as (insert into notification_events (type, title) values ('other', 'Queue') returning id)
      insert into deliveries (event_id, channel, kind, addresses) select id, ${channel}::delivery_channel, 'shared', array['C0'] from event
      returning id`);
    ids.push(row!.id);
  }
  return ids;
}

const lease = { leaseMs: 60_000 };

describe('the delivery queue', () => {
  it("claims due jobs oldest first, up to each lane's limit, leased and counting an attempt", async () => {
    const ids = await jobs(5);
    await db().execute(
      sql`update deliveries set next_attempt_at = now() - (interval '1 minute' * (${ids.length} - array_position(${`{${ids.join(',')}}`}::uuid[], id)))`,
    );
    await db().execute(sql`update deliveries set next_attempt_at = now() + interval '1 hour' where id = ${ids[4]!}`);

    const claimed = await claimDueDeliveries(db(), { mail: 100, other: 2, ...lease });
    expect(claimed.map((j) => j.id)).toEqual(ids.slice(0, 2));
    expect(claimed.every((j) => j.attempts === 1 && j.lease.length > 0)).toBe(true);
    const again = await claimDueDeliveries(db(), { mail: 100, other: 10, ...lease });
    expect(again.map((j) => j.id).sort()).toEqual(ids.slice(2, 4).sort()); // not the leased ones, nor the one due in an hour
    const rows = await db().execute<{ status: string; leased: boolean }>(sql`
      select status::text, locked_until > now() + interval '59 seconds' and next_attempt_at = locked_until as leased from deliveries where id = ${ids[0]!}`);
    expect(rows).toEqual([{ status: 'sending', leased: true }]);
  });

  it("takes a job back from a worker whose lease ran out, and ignores that worker's late outcome", async () => {
    const [id] = await jobs(1);
    const [first] = await claimDueDeliveries(db(), { mail: 0, other: 1, leaseMs: 1_000 });
    expect(await claimDueDeliveries(db(), { mail: 0, other: 1, leaseMs: 1_000 })).toEqual([]);
    await db().execute(sql`update deliveries set locked_until = now() - interval '1 ms', next_attempt_at = now() - interval '1 ms'`); // time passes

    const [second] = await claimDueDeliveries(db(), { mail: 0, other: 1, ...lease });
    expect(second).toMatchObject({ id, attempts: 2 });
    // The first worker wakes up and reports: its lease is no longer the row's, nothing is written.
    expect(await recordOutcomes(db(), [{ id: id!, lease: first!.lease, kind: 'dead', error: 'stale', statusCode: 500 }])).toEqual(
      new Set(),
    );
    expect(await recordOutcomes(db(), [{ id: id!, lease: second!.lease, kind: 'sent' }])).toEqual(new Set([id]));
    const [row] = await db().execute(sql`select status::text, attempts, last_error, locked_until from deliveries`);
    expect(row).toEqual({ status: 'sent', attempts: 2, last_error: null, locked_until: null });
  });

  it('writes retries, deaths and deferrals in one statement; a deferral gives back its attempt', async () => {
    await jobs(3);
    const [a, b, c] = await claimDueDeliveries(db(), { mail: 0, other: 3, ...lease });
    const at = new Date(Date.now() + 30_000);
    const written = await recordOutcomes(db(), [
      { id: a!.id, lease: a!.lease, kind: 'retry', at, error: 'Slack answered HTTP 503', statusCode: 503 },
      { id: b!.id, lease: b!.lease, kind: 'dead', error: 'Slack channel_not_found', statusCode: 200 },
      { id: c!.id, lease: c!.lease, kind: 'deferred', at },
    ]);
    expect(written.size).toBe(3);
    const rows = await db().execute<{ id: string }>(sql`
      select id, status::text, attempts, last_error, last_status_code, next_attempt_at = ${at.toISOString()}::timestamptz as at, locked_until from deliveries`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a!.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'Slack answered HTTP 503',
      last_status_code: 503,
      at: true,
      locked_until: null,
    });
    expect(byId.get(b!.id)).toMatchObject({ status: 'dead', attempts: 1, last_error: 'Slack channel_not_found' });
    expect(byId.get(c!.id)).toMatchObject({ status: 'pending', attempts: 0, last_error: null, at: true });
    expect((await nextDueAt(db(), ['slack']))?.getTime()).toBe(at.getTime());
    expect(await nextDueAt(db(), ['mail'])).toBeNull();
  });

  it("claims a Resend batch's other members with any of them, even past the mail limit", async () => {
    const ids = await jobs(4, 'mail');
    await db().execute(sql`insert into mail_batch_members (delivery_id, batch_key, position)
      select id, 'batch-x', row_number() over () from deliveries where id = any(${`{${ids.slice(0, 3).join(',')}}`}::uuid[])`);
    await db().execute(
      sql`update deliveries set next_attempt_at = now() + interval '1 hour' where id = any(${`{${ids.slice(1).join(',')}}`}::uuid[])`,
    );

    const claimed = await claimDueDeliveries(db(), { mail: 1, other: 0, ...lease });
    expect(claimed.map((j) => j.id).sort()).toEqual(ids.slice(0, 3).sort());
  });
});
