// Retention of alerts: older than the retention days go, each user keeps at most the cap (the
// newest), in bounded batches that leave the table usable, and users' open tabs hear of it.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { alerts, notificationEvents, systemSettings } from '@/lib/db/schema';
import { purgeAlerts, retentionSettings } from '@/lib/notifications/retention';
import { makeUser, type User } from '../support/fixtures';
import { connect, record, sessionCookie, startSidecar, waitFor } from '../support/realtime';

const NOW = new Date('2026-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

let alice: User;
let bob: User;
let eventId: number;

beforeAll(async () => {
  [alice, bob] = [await makeUser(), await makeUser()];
  const [event] = await db().insert(notificationEvents).values({ type: 'other', title: 'Fixture' }).returning();
  eventId = event!.id;
});
beforeEach(async () => {
  await db().delete(alerts);
  await db().delete(systemSettings);
});

/** Alerts for a user, created the given numbers of days before NOW, inserted in that order. */
async function alertsAged(user: User, ages: number[], read = false): Promise<number[]> {
  const rows = await db()
    .insert(alerts)
    .values(
      ages.map((age) => ({
        userId: user.id,
        eventId,
        eventType: 'other',
        title: `${age} days old`,
        description: '',
        createdAt: daysAgo(age),
        readAt: read ? NOW : null,
      })),
    )
    .returning({ id: alerts.id });
  return rows.map((r) => r.id);
}

const remaining = async (user: User) =>
  (await db().select({ title: alerts.title }).from(alerts).where(eq(alerts.userId, user.id)).orderBy(alerts.id)).map((r) => r.title);

async function setRetention(values: { alertRetentionDays?: number; maxAlertsPerUser?: number }) {
  await db()
    .insert(systemSettings)
    .values({ id: 1, ...values });
}

describe('settings', () => {
  it('default to 90 days and 999 alerts per user, with or without the settings row', async () => {
    expect(await retentionSettings(db())).toEqual({ retentionDays: 90, maxPerUser: 999 });
    await db().insert(systemSettings).values({ id: 1 });
    expect(await retentionSettings(db())).toEqual({ retentionDays: 90, maxPerUser: 999 });
  });
});

describe('purgeAlerts', () => {
  it('deletes alerts older than the retention days, read or not, of every user', async () => {
    // In the order they would have been created.
    await alertsAged(alice, [200]);
    await alertsAged(bob, [120, 100], true);
    await alertsAged(alice, [91, 90.5, 89]);
    await alertsAged(bob, [3]);
    await alertsAged(alice, [1]);
    const result = await purgeAlerts(db(), NOW);
    expect(result).toMatchObject({ expired: 5, overCap: 0 });
    expect(await remaining(alice)).toEqual(['89 days old', '1 days old']);
    expect(await remaining(bob)).toEqual(['3 days old']);
  });

  it('follows the retention days set by an admin; 0 keeps everything', async () => {
    await setRetention({ alertRetentionDays: 7 });
    await alertsAged(alice, [30, 8, 6]);
    await purgeAlerts(db(), NOW);
    expect(await remaining(alice)).toEqual(['6 days old']);

    await db().update(systemSettings).set({ alertRetentionDays: 0 });
    await alertsAged(alice, [5000]);
    expect((await purgeAlerts(db(), NOW)).expired).toBe(0);
  });

  it("keeps each user's newest alerts up to the cap, and leaves users under it alone", async () => {
    await setRetention({ maxAlertsPerUser: 3 });
    await alertsAged(alice, [10, 9, 8, 7, 6, 5]);
    await alertsAged(bob, [10, 9, 8]);
    const result = await purgeAlerts(db(), NOW);
    expect(result).toMatchObject({ expired: 0, overCap: 3 });
    expect(await remaining(alice)).toEqual(['7 days old', '6 days old', '5 days old']);
    expect(await remaining(bob)).toEqual(['10 days old', '9 days old', '8 days old']);
  });

  it('works in batches of the size given, however many alerts go', async () => {
    await setRetention({ maxAlertsPerUser: 5 });
    await alertsAged(
      alice,
      Array.from({ length: 23 }, () => 100),
    ); // expired
    await alertsAged(
      alice,
      Array.from({ length: 12 }, () => 2),
    ); // 7 over the cap
    await alertsAged(
      bob,
      Array.from({ length: 4 }, () => 2),
    );
    const result = await purgeAlerts(db(), NOW, { batchSize: 5 });
    expect(result).toEqual({ expired: 23, overCap: 7, batches: Math.ceil(24 / 5) + Math.ceil(8 / 5) });
    expect(await remaining(alice)).toHaveLength(5);
    expect(await remaining(bob)).toHaveLength(4);
    expect(await purgeAlerts(db(), NOW, { batchSize: 5 })).toEqual({ expired: 0, overCap: 0, batches: 1 });
  });

  it("catches an expired alert inserted after newer ones (a long transaction's) on a later run", async () => {
    await alertsAged(alice, [100, 10]);
    await alertsAged(alice, [95]); // a higher id than a kept alert
    await purgeAlerts(db(), NOW);
    expect(await remaining(alice)).toEqual(['10 days old', '95 days old']);
    await db().delete(alerts).where(eq(alerts.title, '10 days old')); // time passes: the 10-day-old one goes too
    await purgeAlerts(db(), NOW);
    expect(await remaining(alice)).toEqual([]);
  });

  it('leaves the table writable and readable while it runs: each batch locks only its own rows', async () => {
    await alertsAged(
      alice,
      Array.from({ length: 3000 }, () => 100),
    );
    const purge = purgeAlerts(db(), NOW, { batchSize: 500 });
    // Meanwhile notify() inserts and the bell reads, each well within a lock timeout of its own.
    const meanwhile = db().transaction(async (tx) => {
      await tx.execute(sql`set local lock_timeout = '2s'`);
      await tx.insert(alerts).values({ userId: bob.id, eventId, eventType: 'other', title: 'new', description: '' });
      return tx.execute(sql`select count(*)::int as n from alerts where user_id = ${alice.id} and read_at is null`);
    });
    const [, [count]] = await Promise.all([purge, meanwhile]);
    expect(count).toBeDefined();
    expect(await remaining(alice)).toEqual([]);
    expect(await remaining(bob)).toEqual(['new']);
  });
});

describe('open tabs', () => {
  it('hear which alerts were purged and their new unread count', async () => {
    const sidecar = await startSidecar();
    try {
      await alertsAged(alice, [100], true);
      const [expiredUnread] = await alertsAged(alice, [100]);
      await alertsAged(alice, [1]);
      const tab = await connect(sidecar.port, { cookie: await sessionCookie(alice.id) });
      const [reads, counts] = [record(tab, 'alert:read'), record(tab, 'alerts:count')];
      await purgeAlerts(db(), NOW);
      await waitFor(() => counts.length === 1, 5000, 'the count');
      expect(reads).toEqual([{ ids: [expiredUnread! - 1, expiredUnread], deleted: true }]);
      expect(counts).toEqual([{ unread_count: 1 }]);
      tab.close();
    } finally {
      await sidecar.close();
    }
  });
});
