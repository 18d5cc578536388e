// Archive, restore, snooze and mark unread over real HTTP: only the caller's alerts change (another
// user's id is a 404 and nothing changes), the bell's list and unread count leave out archived and
// still-snoozed alerts, ?archived=true and ?snoozed=true list them, a snooze ends unread on top,
// "mark all read" follows the filters, and each change reaches the user's other tabs live.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db, sqlClient } from '@/lib/db/client';
import { alerts, notificationEvents } from '@/lib/db/schema';
import { wakeDueSnoozes } from '@/lib/realtime/snooze-waker';
import { startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { addProductTypeMember, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';
import { connect, record, sessionCookie, startSidecar, waitFor, type ClientSocket } from '../support/realtime';

let t: ApiApp;
let alice: User;
let bob: User;
let asAlice: ApiClient;
let asBob: ApiClient;

beforeAll(async () => {
  t = await startApiApp();
  [alice, bob] = [await makeUser(), await makeUser()];
  asAlice = t.api.as({ token: await tokenFor(alice.id) });
  asBob = t.api.as({ token: await tokenFor(bob.id) });
});
afterAll(async () => t?.stop());
beforeEach(async () => {
  await db().delete(alerts);
});

async function giveAlerts(
  user: User,
  n: number,
  event?: { productId?: number; findingId?: number; severity?: 'Critical' | 'Low' },
): Promise<number[]> {
  const [row] = await db()
    .insert(notificationEvents)
    .values({ type: 'other', title: 'Fixture', ...event })
    .returning();
  const ids: number[] = [];
  for (let i = 1; i <= n; i++) {
    const [alert] = await db()
      .insert(alerts)
      .values({
        userId: user.id,
        eventId: row!.id,
        eventType: 'other',
        title: `Alert ${i}`,
        description: '',
        url: null,
        severity: event?.severity ?? null,
      })
      .returning({ id: alerts.id });
    ids.push(alert!.id);
  }
  return ids;
}

const idsOf = (body: { results: { id: number }[] }) => body.results.map((r) => r.id);
const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

describe('archive and unarchive', () => {
  it('archived alerts leave the list and the unread count, are listed with ?archived=true, and come back restored', async () => {
    const [a1, a2, a3] = await giveAlerts(alice, 3);
    const archived = await asAlice.post('/alerts/archive', { ids: [a1, a3] });
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual({ unread_count: 1 });

    const inbox = await asAlice.get('/alerts');
    expect(idsOf(inbox.body)).toEqual([a2]);
    expect(inbox.body.unread_count).toBe(1);
    expect(inbox.body.count).toBe(1);
    const box = await asAlice.get('/alerts?archived=true');
    expect(idsOf(box.body)).toEqual([a3, a1]);
    expect(box.body.results[0].archived).toBe(true);

    expect((await asAlice.post('/alerts/unarchive', { ids: [a1] })).body).toEqual({ unread_count: 2 });
    expect(idsOf((await asAlice.get('/alerts')).body)).toEqual([a2, a1]);
    expect((await asAlice.post('/alerts/unarchive', { all: true })).body).toEqual({ unread_count: 3 });
    expect(idsOf((await asAlice.get('/alerts?archived=true')).body)).toEqual([]);
  });

  it("{all: true} archives every alert of the caller and nobody else's", async () => {
    await giveAlerts(alice, 2);
    const [bobs] = await giveAlerts(bob, 1);
    expect((await asAlice.post('/alerts/archive', { all: true })).body).toEqual({ unread_count: 0 });
    expect(idsOf((await asAlice.get('/alerts')).body)).toEqual([]);
    expect(idsOf((await asBob.get('/alerts')).body)).toEqual([bobs]);
  });

  it("another user's id is a 404 and nothing changes", async () => {
    const [mine] = await giveAlerts(alice, 1);
    const [bobs] = await giveAlerts(bob, 1);
    for (const path of ['/alerts/archive', '/alerts/unarchive', '/alerts/unread']) {
      expect((await asAlice.post(path, { ids: [mine, bobs] })).status).toBe(404);
    }
    expect((await asAlice.post('/alerts/snooze', { ids: [bobs], until: inAMinute() })).status).toBe(404);
    const rows = await db().select().from(alerts);
    expect(rows.every((r) => r.archivedAt === null && r.snoozedUntil === null && r.readAt === null)).toBe(true);
  });

  it('bad bodies are 400s with messages for people', async () => {
    const both = await asAlice.post('/alerts/archive', { ids: [1], all: true });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('Give either ids or all: true.');
    expect((await asAlice.post('/alerts/unarchive', {})).status).toBe(400);
    const past = await asAlice.post('/alerts/snooze', { ids: [1], until: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body)).toContain('Pick a time in the future.');
    const notDate = await asAlice.post('/alerts/snooze', { ids: [1], until: 'tomorrow' });
    expect(notDate.status).toBe(400);
    expect(JSON.stringify(notDate.body)).toContain('ISO 8601');
    expect((await asAlice.post('/alerts/unread', { ids: [] })).status).toBe(400);
    expect((await asAlice.get('/alerts?archived=true&snoozed=true')).status).toBe(400);
  });
});

describe('snooze', () => {
  it('a snoozed alert leaves the list and the count, is listed with ?snoozed=true, then comes back unread on top', async () => {
    const [old, newer] = await giveAlerts(alice, 2);
    await asAlice.post('/alerts/read', { ids: [old] });
    const until = inAMinute();
    expect((await asAlice.post('/alerts/snooze', { ids: [old], until })).body).toEqual({ unread_count: 1 });
    expect(idsOf((await asAlice.get('/alerts')).body)).toEqual([newer]);
    const snoozed = await asAlice.get('/alerts?snoozed=true');
    expect(idsOf(snoozed.body)).toEqual([old]);
    expect(snoozed.body.results[0].snoozed_until).toBe(new Date(until).toISOString());

    expect(await wakeDueSnoozes(sqlClient())).toBe(0); // not due yet
    await db()
      .update(alerts)
      .set({ snoozedUntil: new Date(Date.now() - 1000) })
      .where(eq(alerts.id, old!));
    expect(await wakeDueSnoozes(sqlClient())).toBe(1);
    const after = await asAlice.get('/alerts');
    expect(after.body.results.map((r: { title: string; read: boolean }) => [r.title, r.read])).toEqual([
      ['Alert 1', false],
      ['Alert 2', false],
    ]);
    expect(after.body.results[0].id).toBeGreaterThan(newer!);
    expect(after.body.unread_count).toBe(2);
    expect(idsOf((await asAlice.get('/alerts?snoozed=true')).body)).toEqual([]);
  });
});

describe('mark unread, and mark all read with filters', () => {
  it('marks the named alerts unread again', async () => {
    const [a1, a2] = await giveAlerts(alice, 2);
    await asAlice.post('/alerts/read', { all: true });
    expect((await asAlice.post('/alerts/unread', { ids: [a1] })).body).toEqual({ unread_count: 1 });
    const list = (await asAlice.get('/alerts')).body.results as { id: number; read: boolean }[];
    expect(list.map((r) => [r.id, r.read])).toEqual([
      [a2, true],
      [a1, false],
    ]);
  });

  it("{all: true} with a product marks only that product's alerts read; the filters and the total agree", async () => {
    const type = await makeProductType();
    await addProductTypeMember(type.id, alice.id, 'Reader'); // alerts show only while their subject is visible
    const [payments, billing] = [await makeProgram(type.id, 'Critical'), await makeProgram(type.id, 'Low')];
    await giveAlerts(alice, 2, { productId: payments.product.id, findingId: payments.finding.id, severity: 'Critical' });
    await giveAlerts(alice, 3, { productId: billing.product.id, findingId: billing.finding.id, severity: 'Low' });
    const filtered = await asAlice.get(`/alerts?product=${payments.product.id}`);
    expect(filtered.body.count).toBe(2);
    expect(filtered.body.results[0].product).toEqual({ id: payments.product.id, name: payments.product.name });
    // A severity filter keeps that severity and above.
    expect((await asAlice.get('/alerts?severity=Critical')).body.count).toBe(2);
    expect((await asAlice.get('/alerts?severity=Low')).body.count).toBe(5);

    const read = await asAlice.post('/alerts/read', { all: true, product: payments.product.id });
    expect(read.body).toEqual({ unread_count: 3 });
    expect((await asAlice.post('/alerts/read', { ids: [1], product: 1 })).status).toBe(400);
  });

  it('pages both ways with previous and next, and the total on each', async () => {
    await giveAlerts(alice, 7);
    const first = (await asAlice.get('/alerts?limit=3')).body;
    expect(first.previous).toBeNull();
    const second = (await asAlice.get(`/alerts?limit=3&cursor=${first.next}`)).body;
    expect(second.count).toBe(7);
    const back = (await asAlice.get(`/alerts?limit=3&cursor=${second.previous}`)).body;
    expect(idsOf(back)).toEqual(idsOf(first));
    expect(back.previous).toBeNull();
    expect(back.next).toBe(first.next);
  });
});

describe("live to the user's other tabs", () => {
  let sidecar: Awaited<ReturnType<typeof startSidecar>>;
  let tab: ClientSocket;
  beforeAll(async () => {
    sidecar = await startSidecar({ snoozeCheckMs: 500 });
    tab = await connect(sidecar.port, { cookie: await sessionCookie(alice.id) });
  });
  afterAll(async () => {
    tab?.close();
    await sidecar?.close();
  });

  it('archive, unarchive, unread and snooze are pushed, each with the count; a snooze ends live with alert:new', async () => {
    const [a1, a2] = await giveAlerts(alice, 2);
    const removed = record(tab, 'alert:removed');
    const back = record(tab, 'alert:new');
    const unread = record(tab, 'alert:unread');
    const counts = record(tab, 'alerts:count');

    await asAlice.post('/alerts/archive', { ids: [a1] });
    await waitFor(() => removed.length === 1 && counts.length === 1, 5000, 'the archive');
    expect(removed[0]).toEqual({ ids: [a1], reason: 'archived' });
    expect(counts[0]).toEqual({ unread_count: 1 });

    await asAlice.post('/alerts/unarchive', { ids: [a1] });
    await waitFor(() => back.length === 1, 5000, 'the restore');
    expect(back[0]).toMatchObject({ alert: { id: a1, archived: false }, unread_count: 2, back: 'unarchived' });

    await asAlice.post('/alerts/read', { ids: [a2] });
    await asAlice.post('/alerts/unread', { ids: [a2] });
    await waitFor(() => unread.length === 1, 5000, 'the unread');
    expect(unread[0]).toEqual({ ids: [a2] });

    await asAlice.post('/alerts/snooze', { ids: [a2], until: new Date(Date.now() + 1500).toISOString() });
    await waitFor(() => removed.length === 2, 5000, 'the snooze');
    expect(removed[1]).toEqual({ ids: [a2], reason: 'snoozed' });
    await waitFor(() => back.length === 2, 8000, 'the snooze to end');
    expect(back[1]).toMatchObject({ alert: { title: 'Alert 2', read: false, snoozed_until: null }, unread_count: 2, back: 'snooze_ended' });
    expect(back[1]!.alert.id).toBeGreaterThan(a2!);
  });
});
