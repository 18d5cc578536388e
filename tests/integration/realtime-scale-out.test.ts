// Several sidecars on one Redis (the machine's, REDIS_URL): they share rooms through the socket.io
// Redis adapter, and exactly one of them handles each NOTIFY, so a user hears each alert once
// whichever sidecar their sockets landed on.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { notify } from '@/lib/notifications/notify';
import { publishAlertsChanged } from '@/lib/notifications/publish-alerts-changed';
import { addProductMember, makeProduct, makeProductType, makeUser, type User } from '../support/fixtures';
import { connect, record, sessionCookie, sleep, waitFor, type ClientSocket } from '../support/realtime';
import { spawnSidecar, type SidecarProcess } from '../support/realtime-process';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Our own namespace in a Redis other test runs may share: rooms and election keys of this run only.
const REDIS_KEY_PREFIX = `tocsin-test-${crypto.randomBytes(6).toString('hex')}`;

let sidecarA: SidecarProcess;
let sidecarB: SidecarProcess;
let member: User;
let productId: number;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  [sidecarA, sidecarB] = await Promise.all([spawnSidecar({ REDIS_URL, REDIS_KEY_PREFIX }), spawnSidecar({ REDIS_URL, REDIS_KEY_PREFIX })]);
  productId = (await makeProduct((await makeProductType()).id)).id;
  member = await makeUser();
  await addProductMember(productId, member.id, 'Reader');
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all([sidecarA?.stop(), sidecarB?.stop()]);
});

async function socketOn(sidecar: SidecarProcess, user: User): Promise<ClientSocket> {
  const socket = await connect(sidecar.port, { cookie: await sessionCookie(user.id) });
  sockets.push(socket);
  return socket;
}

describe('two sidecar processes on one Redis', () => {
  it('a user on sidecar B receives each alert exactly once while sidecar A also runs', async () => {
    const onB = await socketOn(sidecarB, member);
    const seen = record(onB, 'alert:new');
    await sleep(200); // the room subscription reaches Redis

    const events = 20;
    // Events about nothing: never grouped (DESIGN §4b.5), so each is its own alert.
    for (let i = 0; i < events; i++) await notify({ type: 'other', title: `Event ${i}` });
    await waitFor(() => seen.length >= events, 10_000, 'the alerts');
    await sleep(1000); // a window for any duplicate

    expect(seen).toHaveLength(events);
    expect(new Set(seen.map((s) => s.alert.id)).size).toBe(events);
    expect(seen.map((s) => s.alert.title).sort()).toEqual(Array.from({ length: events }, (_, i) => `Event ${i}`).sort());
  });

  it('a user with a tab on each sidecar gets each alert once in each tab', async () => {
    const [onA, onB] = [await socketOn(sidecarA, member), await socketOn(sidecarB, member)];
    const [seenA, seenB] = [record(onA, 'alert:new'), record(onB, 'alert:new')];
    await sleep(200);
    for (let i = 0; i < 10; i++) await notify({ type: 'other', title: `Tab ${i}` });
    await waitFor(() => seenA.length >= 10 && seenB.length >= 10, 10_000, 'the alerts in both tabs');
    await sleep(1000);
    expect(seenA).toHaveLength(10);
    expect(seenB).toHaveLength(10);
    // The same ten, once each; not necessarily in the same order, since different sidecars emitted them.
    const ids = (seen: typeof seenA) => seen.map((s) => s.alert.id).sort((a, b) => a - b);
    expect(new Set(ids(seenA)).size).toBe(10);
    expect(ids(seenB)).toEqual(ids(seenA));
  });

  it('a read in one tab reaches the tab on the other sidecar once', async () => {
    const onA = await socketOn(sidecarA, member);
    const [read, count] = [record(onA, 'alert:read'), record(onA, 'alerts:count')];
    await sleep(200);
    await publishAlertsChanged(db(), member.id, { readIds: [123456] });
    await waitFor(() => count.length >= 1, 5000, 'the count');
    await sleep(1000);
    expect(read).toEqual([{ ids: [123456] }]);
    expect(count).toHaveLength(1);
  });

  it('each event was handled by exactly one of them', async () => {
    const { eventId } = await notify({ type: 'product_added', title: 'Last', product: productId });
    const handledBy = (s: SidecarProcess) =>
      s.logs.filter((l) => l.msg === 'pushed' && typeof l.events === 'string').flatMap((l) => String(l.events).split(',').map(Number));
    await waitFor(() => [...handledBy(sidecarA), ...handledBy(sidecarB)].includes(eventId), 5000, 'the last event');
    const all = [...handledBy(sidecarA), ...handledBy(sidecarB)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: eventId }, (_, i) => i + 1));
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await sidecarA.stop()).toBe(0);
    expect(sidecarA.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['stopping', 'stopped']));
  });
});
