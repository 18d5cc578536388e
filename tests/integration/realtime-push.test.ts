// What the sidecar pushes: each committed event's alerts to exactly their users, with exact
// unread counts; reads and deletes published by the web to every socket of that user.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { alerts } from '@/lib/db/schema';
import { notify } from '@/lib/notifications/notify';
import { MAX_PAYLOAD_BYTES } from '@/lib/core/pg-channels';
import { publishAlertsChanged } from '@/lib/notifications/publish-alerts-changed';
import { addProductMember, makeProduct, makeProductType, makeUser, type User } from '../support/fixtures';
import { connect, record, sessionCookie, sleep, startSidecar, waitFor, type ClientSocket } from '../support/realtime';

let sidecar: Awaited<ReturnType<typeof startSidecar>>;
let member: User;
let otherMember: User;
let outsider: User;
let productId: number;
let productName: string;
const sockets: ClientSocket[] = [];

async function socketOf(user: User): Promise<ClientSocket> {
  const socket = await connect(sidecar.port, { cookie: await sessionCookie(user.id) });
  sockets.push(socket);
  return socket;
}

const unreadIdsOf = async (user: User) =>
  (
    await db()
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.userId, user.id), isNull(alerts.readAt)))
  ).map((r) => r.id);

beforeAll(async () => {
  sidecar = await startSidecar();
  const productType = await makeProductType();
  ({ id: productId, name: productName } = await makeProduct(productType.id));
  [member, otherMember, outsider] = [await makeUser(), await makeUser(), await makeUser()];
  await addProductMember(productId, member.id, 'Reader');
  await addProductMember(productId, otherMember.id, 'Writer');
});
beforeEach(async () => {
  await db().delete(alerts);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await sidecar?.close();
});

// Events about nothing below: repeated events about one subject would be grouped into one alert (§4b.5).
describe('alert:new', () => {
  it('reaches every user who can see the product, in every tab, and nobody else', async () => {
    const [tab1, tab2, other, out] = [
      await socketOf(member),
      await socketOf(member),
      await socketOf(otherMember),
      await socketOf(outsider),
    ];
    const [seen1, seen2, seenOther, seenOut] = [
      record(tab1, 'alert:new'),
      record(tab2, 'alert:new'),
      record(other, 'alert:new'),
      record(out, 'alert:new'),
    ];

    const { eventId } = await notify({
      type: 'product_added',
      title: 'Product added',
      description: 'A product',
      url: `/product/${productId}`,
      product: productId,
    });
    await waitFor(() => seen1.length === 1 && seen2.length === 1 && seenOther.length === 1, 5000, 'the alerts');
    await sleep(200);

    const [alert] = await db().select().from(alerts).where(eq(alerts.userId, member.id));
    expect(seen1).toEqual([
      {
        alert: {
          id: alert!.id,
          event: 'product_added',
          title: 'Product added',
          description: 'A product',
          url: `/product/${productId}`,
          created: alert!.createdAt.toISOString(),
          read: false,
          archived: false,
          snoozed_until: null,
          reason: 'system',
          reason_label: 'sent to all users',
          settings_url: '/settings/notifications',
          severity: null,
          count: 1,
          event_ids: [eventId],
          product: { id: productId, name: productName },
          finding: null,
        },
        unread_count: 1,
      },
    ]);
    expect(seen2).toEqual(seen1);
    expect(seenOther[0]!.alert.id).not.toBe(alert!.id);
    expect(seenOut).toEqual([]);
  });

  it("carries the user's unread count as the sidecar pushes it", async () => {
    const socket = await socketOf(member);
    const seen = record(socket, 'alert:new');
    await notify({ type: 'other', title: 'One' });
    await waitFor(() => seen.length === 1, 5000, 'the first alert');
    await notify({ type: 'other', title: 'Two' });
    await waitFor(() => seen.length === 2, 5000, 'two alerts');
    await db().update(alerts).set({ readAt: new Date() }).where(eq(alerts.id, seen[0]!.alert.id));
    await notify({ type: 'other', title: 'Three' });
    await waitFor(() => seen.length === 3, 5000, 'the third alert');
    expect(seen.map((s) => [s.alert.title, s.unread_count])).toEqual([
      ['One', 1],
      ['Two', 2],
      ['Three', 2],
    ]);
  });

  // Events committed close together are loaded in one query: each count is then the exact count
  // when that query ran, which may already include the next alerts of the batch.
  it('arrives in commit order with never-decreasing counts during a burst', async () => {
    const socket = await socketOf(member);
    const seen = record(socket, 'alert:new');
    await Promise.all(
      Array.from({ length: 5 }, async (_, worker) => {
        for (let i = 0; i < 6; i++) await notify({ type: 'other', title: `Burst ${worker}.${i}` });
      }),
    );
    await waitFor(() => seen.length === 30, 10_000, 'thirty alerts');
    const counts = seen.map((s) => s.unread_count);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(30);
    for (let worker = 0; worker < 5; worker++) {
      const mine = seen.map((s) => s.alert.title).filter((t) => t.startsWith(`Burst ${worker}.`));
      expect(mine).toEqual(Array.from({ length: 6 }, (_, i) => `Burst ${worker}.${i}`));
    }
  });

  it('is not pushed when the event rolls back', async () => {
    const socket = await socketOf(member);
    const seen = record(socket, 'alert:new');
    await expect(
      db().transaction(async (tx) => {
        await notify({ type: 'other', title: 'Rolled back' }, tx);
        throw new Error('the mutation failed');
      }),
    ).rejects.toThrow('the mutation failed');
    await notify({ type: 'other', title: 'Committed' });
    await waitFor(() => seen.length >= 1, 5000, 'the committed alert');
    await sleep(200);
    expect(seen.map((s) => s.alert.title)).toEqual(['Committed']);
  });
});

describe('alert:read and alerts:count', () => {
  async function threeAlerts(): Promise<number[]> {
    for (const title of ['a', 'b', 'c']) await notify({ type: 'other', title });
    return unreadIdsOf(member);
  }

  it("reading in one tab updates the user's other tabs, not other users", async () => {
    const ids = await threeAlerts();
    const [tab1, tab2, other] = [await socketOf(member), await socketOf(member), await socketOf(otherMember)];
    const [read1, read2, readOther] = [record(tab1, 'alert:read'), record(tab2, 'alert:read'), record(other, 'alert:read')];
    const [count1, count2, countOther] = [record(tab1, 'alerts:count'), record(tab2, 'alerts:count'), record(other, 'alerts:count')];

    await db().transaction(async (tx) => {
      await tx
        .update(alerts)
        .set({ readAt: new Date() })
        .where(inArray(alerts.id, [ids[0]!, ids[1]!]));
      await publishAlertsChanged(tx, member.id, { readIds: [ids[0]!, ids[1]!] });
    });
    await waitFor(() => count1.length === 1 && count2.length === 1, 5000, 'the counts');
    await sleep(200);

    expect(read1).toEqual([{ ids: [ids[0], ids[1]] }]);
    expect(read2).toEqual(read1);
    expect(count1).toEqual([{ unread_count: 1 }]);
    expect(count2).toEqual(count1);
    expect([...readOther, ...countOther]).toEqual([]);
  });

  it('deleting tells the other tabs which alerts are gone', async () => {
    const ids = await threeAlerts();
    const tab = await socketOf(member);
    const [read, count] = [record(tab, 'alert:read'), record(tab, 'alerts:count')];
    await db().transaction(async (tx) => {
      await tx.delete(alerts).where(eq(alerts.id, ids[2]!));
      await publishAlertsChanged(tx, member.id, { deletedIds: [ids[2]!] });
    });
    await waitFor(() => count.length === 1, 5000, 'the count');
    expect(read).toEqual([{ ids: [ids[2]], deleted: true }]);
    expect(count).toEqual([{ unread_count: 2 }]);
  });

  it('is not pushed when the change rolls back', async () => {
    const ids = await threeAlerts();
    const tab = await socketOf(member);
    const [read, count] = [record(tab, 'alert:read'), record(tab, 'alerts:count')];
    await expect(
      db().transaction(async (tx) => {
        await publishAlertsChanged(tx, member.id, { readIds: ids });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await publishAlertsChanged(db(), member.id, { readIds: [] }); // nothing changed: nothing sent
    await sleep(300);
    expect([...read, ...count]).toEqual([]);
  });

  it('a large "mark all read" is split under the payload limit and every id arrives', async () => {
    const tab = await socketOf(member);
    const [read, count] = [record(tab, 'alert:read'), record(tab, 'alerts:count')];
    const ids = Array.from({ length: 3000 }, (_, i) => 1_000_000_000 + i); // ~11 bytes each: ~33 kB in all
    await publishAlertsChanged(db(), member.id, { readIds: ids });
    await waitFor(() => read.flatMap((r) => r.ids).length === ids.length, 5000, 'every id');
    expect(read.length).toBeGreaterThanOrEqual(Math.ceil((ids.length * 11) / MAX_PAYLOAD_BYTES));
    expect(read.flatMap((r) => r.ids)).toEqual(ids);
    await waitFor(() => count.length === read.length, 2000, 'one count per notification');
  });
});

describe('shutdown', () => {
  it('closes its sockets and its HTTP server', async () => {
    const own = await startSidecar();
    const socket = await connect(own.port, { cookie: await sessionCookie(member.id) });
    let reason = '';
    socket.on('disconnect', (r) => (reason = r));
    await own.close();
    await waitFor(() => reason !== '', 2000, 'the disconnect');
    expect(reason).toBe('transport close'); // the client reconnects, to another sidecar behind the balancer
    await expect(fetch(`http://127.0.0.1:${own.port}/healthz`)).rejects.toThrow();
  });
});
