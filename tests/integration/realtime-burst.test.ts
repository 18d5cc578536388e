// The sidecar's memory under a burst: alerts read only for users with a socket, streamed in pages,
// and a bounded queue whose overflow, or whose backlog once too old, collapses into one
// alerts:count refresh per connected user.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { alertsChangedPayloads } from '@/lib/core/pg-channels';
import { makeUser, type User } from '../support/fixtures';
import {
  connect,
  memoryLogger,
  record,
  sessionCookie,
  sleep,
  startSidecar,
  waitFor,
  type ClientSocket,
  type LogLine,
} from '../support/realtime';

const sockets: ClientSocket[] = [];
const sidecars: Awaited<ReturnType<typeof startSidecar>>[] = [];
let users: User[];

beforeAll(async () => {
  users = [];
  for (let i = 0; i < 12; i++) users.push(await makeUser());
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all(sidecars.map((s) => s.close()));
});

async function sidecarWith(limits: { pageSize?: number; maxQueue?: number; maxAgeMs?: number }) {
  const log = memoryLogger();
  const sidecar = await startSidecar({ log, pushLimits: limits });
  sidecars.push(sidecar);
  return { sidecar, lines: log.lines };
}

async function socketOf(port: number, user: User): Promise<ClientSocket> {
  const socket = await connect(port, { cookie: await sessionCookie(user.id) });
  sockets.push(socket);
  return socket;
}

/** An event with an alert for each of these users, written without NOTIFY: the test tells the sidecar itself. */
async function eventFor(recipients: User[], title: string): Promise<number> {
  const [event] = await db().execute<{ id: string }>(
    sql`insert into notification_events (type, title) values ('other', ${title}) returning id`,
  );
  await db().execute(sql`insert into alerts (user_id, event_id, event_type, title, description)
    select u, ${event!.id}, 'other', ${title}, '' from unnest(${`{${recipients.map((u) => u.id).join(',')}}`}::int[]) u`);
  return Number(event!.id);
}

const pushed = (lines: LogLine[]) => lines.filter((l) => l.msg === 'pushed' && 'events' in l);

describe('a burst on the sidecar', () => {
  it('reads the alerts of users with a socket only', async () => {
    const { sidecar, lines } = await sidecarWith({});
    const [online, alsoOnline] = [users[0]!, users[1]!];
    const seen = [record(await socketOf(sidecar.port, online), 'alert:new'), record(await socketOf(sidecar.port, alsoOnline), 'alert:new')];
    const eventId = await eventFor(users, 'Twelve recipients, two online');
    sidecar.pusher.eventCommitted(eventId);
    await waitFor(() => seen.every((s) => s.length === 1), 5000, 'both alerts');
    await sidecar.pusher.idle();
    expect(pushed(lines).at(-1)).toMatchObject({ events: String(eventId), alerts: 2 });
  });

  it('pushes nothing and reads nothing when nobody is connected', async () => {
    const { sidecar, lines } = await sidecarWith({});
    sidecar.pusher.eventCommitted(await eventFor(users, 'Nobody online'));
    await sidecar.pusher.idle();
    expect(pushed(lines).at(-1)).toMatchObject({ alerts: 0, pages: 0 });
  });

  it('streams a large batch in pages of the given size, and every connected user gets every alert', async () => {
    const { sidecar, lines } = await sidecarWith({ pageSize: 5 });
    const seen = await Promise.all(users.map(async (u) => record(await socketOf(sidecar.port, u), 'alert:new')));
    const eventId = await eventFor(users, 'Twelve, in pages of five');
    sidecar.pusher.eventCommitted(eventId);
    await waitFor(() => seen.every((s) => s.length === 1), 5000, 'twelve alerts');
    await sidecar.pusher.idle();
    expect(pushed(lines).at(-1)).toMatchObject({ alerts: 12, pages: 3 });
    expect(seen.map((s) => s[0]!.alert.title)).toEqual(Array(12).fill('Twelve, in pages of five'));
  });

  it('a queue overflow collapses into one alerts:count per connected user, with the exact count', async () => {
    const { sidecar, lines } = await sidecarWith({ maxQueue: 3 });
    const user = users[2]!;
    const socket = await socketOf(sidecar.port, user);
    const [alertsNew, counts] = [record(socket, 'alert:new'), record(socket, 'alerts:count')];
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(await eventFor([user], `Burst ${i}`));
    const [{ unread }] = (await db().execute<{ unread: number }>(sql`
      select count(*)::int as unread from alerts where user_id = ${user.id} and read_at is null`)) as unknown as [{ unread: number }];
    // All at once: the first starts the drain, three wait in the queue, the other six overflow.
    for (const id of ids) sidecar.pusher.eventCommitted(id);
    await waitFor(() => counts.length === 1, 5000, 'the count refresh');
    await sidecar.pusher.idle();
    await sleep(200);
    expect(alertsNew.map((a) => a.alert.title)).toEqual(['Burst 0', 'Burst 1', 'Burst 2', 'Burst 3']);
    expect(counts).toEqual([{ unread_count: unread }]);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'push queue full: later notifications collapse into a count refresh', queue: 3 }),
        expect.objectContaining({ msg: 'refreshed counts', dropped: 6, users: 1 }),
      ]),
    );
  });

  it('new alerts that waited longer than the age bound collapse into one alerts:count; changes to alerts still go out', async () => {
    const { sidecar, lines } = await sidecarWith({ maxAgeMs: 30 });
    const user = users[3]!;
    const socket = await socketOf(sidecar.port, user);
    const [alertsNew, counts, read] = [record(socket, 'alert:new'), record(socket, 'alerts:count'), record(socket, 'alert:read')];
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await eventFor([user], `Late ${i}`));
    await db().execute(sql`update alerts set read_at = now() where event_id = ${ids[5]!}`);
    const [readAlert] = await db().execute<{ id: number }>(sql`select id from alerts where event_id = ${ids[5]!}`);
    const [{ unread }] = (await db().execute<{ unread: number }>(sql`
      select count(*)::int as unread from alerts where user_id = ${user.id} and read_at is null`)) as unknown as [{ unread: number }];

    // The first starts the drain; the others wait behind it while this thread is kept busy past the bound.
    for (const id of ids) sidecar.pusher.eventCommitted(id);
    const busyUntil = performance.now() + 80;
    while (performance.now() < busyUntil);
    for (const change of alertsChangedPayloads(user.id, { readIds: [readAlert!.id] })) sidecar.pusher.alertsChanged(change);
    await sidecar.pusher.idle();
    await waitFor(() => counts.length === 2, 5000, "the change's count and the refresh");
    await sleep(200);
    expect(alertsNew.map((a) => a.alert.title)).toEqual(['Late 0']);
    expect(read).toEqual([{ ids: [readAlert!.id] }]);
    expect(counts).toEqual([{ unread_count: unread }, { unread_count: unread }]);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'push queue behind: older notifications collapse into a count refresh', dropped: 5, maxAgeMs: 30 }),
        expect.objectContaining({ msg: 'refreshed counts', dropped: 5, users: 1 }),
      ]),
    );
  });
});
