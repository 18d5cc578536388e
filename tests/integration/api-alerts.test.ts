// The alerts API over real HTTP: a user lists, reads and deletes only their own alerts (another
// user's id answers exactly as an unknown one), pages by cursor, gets 400s for bad input, and
// every read or delete reaches their other tabs through the realtime sidecar.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { alerts, notificationEvents } from '@/lib/db/schema';
import { encodeCursor } from '@/lib/notifications/alerts';
import type { EventType } from '@/lib/core/event-catalog';
import { sessionCookieFor, startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { makeUser, type User } from '../support/fixtures';
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

interface AlertSpec {
  title?: string;
  type?: EventType;
  read?: boolean;
  url?: string | null;
}

/** Alerts for a user, written straight to the table in the order given (the last is the newest). */
async function giveAlerts(user: User, specs: AlertSpec[]): Promise<number[]> {
  const [event] = await db().insert(notificationEvents).values({ type: 'other', title: 'Fixture' }).returning();
  const ids: number[] = [];
  for (const [i, spec] of specs.entries()) {
    const [row] = await db()
      .insert(alerts)
      .values({
        userId: user.id,
        eventId: event!.id,
        eventType: spec.type ?? 'other',
        title: spec.title ?? `Alert ${i + 1}`,
        description: `Description ${i + 1}`,
        url: spec.url === undefined ? `/findings/${i + 1}` : spec.url,
        readAt: spec.read ? new Date() : null,
      })
      .returning({ id: alerts.id });
    ids.push(row!.id);
  }
  return ids;
}

const many = (n: number, spec: AlertSpec = {}) => Array.from({ length: n }, (_, i) => ({ title: `Alert ${i + 1}`, ...spec }));
const titles = (body: { results: { title: string }[] }) => body.results.map((r) => r.title);
const unreadOf = async (user: User) =>
  (
    await db()
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.userId, user.id), isNull(alerts.readAt)))
  ).length;

describe('GET /alerts', () => {
  it("lists only the caller's alerts, newest first, in the bell's shape, with the unread count", async () => {
    const [first, second] = await giveAlerts(alice, [
      { title: 'Engagement added', type: 'engagement_added', url: '/engagements/4' },
      { title: 'Mentioned', type: 'user_mentioned', read: true, url: null },
    ]);
    await giveAlerts(bob, [{ title: "Bob's secret" }]);

    const response = await asAlice.get('/alerts');
    expect(response.status).toBe(200);
    // What every alert also says (DESIGN §4b): why, how severe, how many events; these fixtures are bare.
    const noise = {
      reason: 'system',
      reason_label: 'sent to all users',
      settings_url: '/settings/notifications',
      severity: null,
      count: 1,
      event_ids: [],
      product: null,
      finding: null,
      archived: false,
      snoozed_until: null,
    };
    expect(response.body).toEqual({
      count: 2,
      results: [
        {
          id: second,
          event: 'user_mentioned',
          title: 'Mentioned',
          description: 'Description 2',
          url: null,
          created: expect.any(String),
          read: true,
          ...noise,
        },
        {
          id: first,
          event: 'engagement_added',
          title: 'Engagement added',
          description: 'Description 1',
          url: '/engagements/4',
          created: expect.any(String),
          read: false,
          ...noise,
        },
      ],
      next: null,
      previous: null,
      unread_count: 1,
    });
    expect(new Date(response.body.results[0].created).toISOString()).toBe(response.body.results[0].created);
    expect(titles((await asBob.get('/alerts')).body)).toEqual(["Bob's secret"]);
  });

  it('pages by an opaque cursor, keyset on id: no duplicates or gaps when alerts arrive between pages', async () => {
    await giveAlerts(alice, many(25));
    const page1 = await asAlice.get('/alerts?limit=10');
    expect(titles(page1.body)).toEqual(many(10).map((_, i) => `Alert ${25 - i}`));
    expect(page1.body.next).toEqual(expect.any(String));
    expect(page1.body.next).not.toMatch(/^\d+$/);

    await giveAlerts(alice, [{ title: 'Newer' }]); // arrives while the user pages
    const page2 = await asAlice.get(`/alerts?limit=10&cursor=${page1.body.next}`);
    expect(titles(page2.body)).toEqual(many(10).map((_, i) => `Alert ${15 - i}`));
    const page3 = await asAlice.get(`/alerts?limit=10&cursor=${page2.body.next}`);
    expect(titles(page3.body)).toEqual(['Alert 5', 'Alert 4', 'Alert 3', 'Alert 2', 'Alert 1']);
    expect(page3.body.next).toBeNull();
    expect(page3.body.unread_count).toBe(26);

    // Exactly `limit` left: the last page says so, rather than offering an empty one.
    const exact = await asAlice.get(`/alerts?limit=5&cursor=${page2.body.next}`);
    expect(exact.body.next).toBeNull();
    expect((await asAlice.get('/alerts')).body.results).toHaveLength(20); // the default page
  });

  it('filters by read state and event type; the unread count ignores the filters', async () => {
    await giveAlerts(alice, [
      { title: 'old scan', type: 'scan_added', read: true },
      { title: 'new scan', type: 'scan_added' },
      { title: 'sla', type: 'sla_breach' },
      { title: 'read sla', type: 'sla_breach', read: true },
    ]);
    expect(titles((await asAlice.get('/alerts?unread=true')).body)).toEqual(['sla', 'new scan']);
    expect(titles((await asAlice.get('/alerts?unread=false')).body)).toEqual(['read sla', 'old scan']);
    expect(titles((await asAlice.get('/alerts?type=scan_added')).body)).toEqual(['new scan', 'old scan']);
    const both = await asAlice.get('/alerts?type=sla_breach&unread=false');
    expect(titles(both.body)).toEqual(['read sla']);
    expect(both.body.unread_count).toBe(2);

    const filteredPage = await asAlice.get('/alerts?type=scan_added&limit=1');
    expect(titles((await asAlice.get(`/alerts?type=scan_added&limit=1&cursor=${filteredPage.body.next}`)).body)).toEqual(['old scan']);
  });

  it('a bad query is a 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['unread=yes', 'unread'],
      ['type=nope', 'type'],
      ['cursor=12', 'cursor'],
      ['cursor=%00', 'cursor'],
      [`cursor=${Buffer.from('a-1').toString('base64url')}`, 'cursor'],
      [`cursor=${'A'.repeat(200)}`, 'cursor'],
    ];
    for (const [query, field] of cases) {
      const response = await asAlice.get(`/alerts?${query}`);
      expect(response.status, query).toBe(400);
      expect(Object.keys(response.body.errors), query).toEqual([field]);
    }
    // Another user's cursor only says where to start: it never reveals their alerts.
    const [bobs] = await giveAlerts(bob, [{ title: 'x' }]);
    expect((await asAlice.get(`/alerts?cursor=${encodeCursor(bobs! + 1)}`)).body.results).toEqual([]);
  });

  it("needs credentials; the browser's session cookie works too", async () => {
    expect((await t.api.get('/alerts')).status).toBe(401);
    await giveAlerts(alice, [{ title: 'Via cookie' }]);
    const viaCookie = await t.api.as({ cookie: await sessionCookieFor(alice.id) }).get('/alerts?limit=10');
    expect(viaCookie.status).toBe(200);
    expect(titles(viaCookie.body)).toEqual(['Via cookie']);
  });
});

describe('POST /alerts/read', () => {
  it('marks the ids given read and answers the new unread count; marking again changes nothing', async () => {
    const [a, b, c] = await giveAlerts(alice, many(3));
    const response = await asAlice.post('/alerts/read', { ids: [a, b] });
    expect(response).toMatchObject({ status: 200, body: { unread_count: 1 } });
    const rows = await db()
      .select()
      .from(alerts)
      .where(inArray(alerts.id, [a!, b!, c!]))
      .orderBy(alerts.id);
    expect(rows.map((r) => r.readAt !== null)).toEqual([true, true, false]);
    const readAt = rows[0]!.readAt;

    expect((await asAlice.post('/alerts/read', { ids: [a] })).body).toEqual({ unread_count: 1 });
    const [again] = await db().select().from(alerts).where(eq(alerts.id, a!));
    expect(again!.readAt).toEqual(readAt);
  });

  it("{all: true} marks every unread alert of the caller read, and no one else's", async () => {
    await giveAlerts(alice, many(4));
    await giveAlerts(bob, many(2));
    expect((await asAlice.post('/alerts/read', { all: true })).body).toEqual({ unread_count: 0 });
    expect(await unreadOf(alice)).toBe(0);
    expect(await unreadOf(bob)).toBe(2);
  });

  it('a bad body is a 400', async () => {
    const [a] = await giveAlerts(alice, many(1));
    const cases: [unknown, string][] = [
      [{}, 'non_field_errors'],
      [{ ids: [a], all: true }, 'non_field_errors'],
      [{ all: false }, 'all'],
      [{ ids: [] }, 'ids'],
      [{ ids: [a, a] }, 'ids'],
      [{ ids: ['1'] }, 'ids.0'],
      [{ ids: [0] }, 'ids.0'],
      [{ ids: [1.5] }, 'ids.0'],
      [{ ids: Array.from({ length: 1001 }, (_, i) => i + 1) }, 'ids'],
      [[a], 'non_field_errors'],
    ];
    for (const [body, field] of cases) {
      const response = await asAlice.post('/alerts/read', body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(Object.keys(response.body.errors), JSON.stringify(body).slice(0, 80)).toEqual([field]);
    }
    expect(await unreadOf(alice)).toBe(1);
  });

  it('refuses a cross-site request made with the session cookie', async () => {
    const [a] = await giveAlerts(alice, many(1));
    const response = await t.api
      .as({ cookie: await sessionCookieFor(alice.id) })
      .request('POST', '/alerts/read', { ids: [a] }, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(await unreadOf(alice)).toBe(1);
  });
});

describe('deleting', () => {
  it('DELETE /alerts/{id} deletes one alert of the caller', async () => {
    const [a, b] = await giveAlerts(alice, many(2));
    expect((await asAlice.delete(`/alerts/${a}`)).status).toBe(204);
    expect((await asAlice.get('/alerts')).body.results.map((r: { id: number }) => r.id)).toEqual([b]);
    expect((await asAlice.delete(`/alerts/${a}`)).status).toBe(404);
    for (const id of ['x', '0', '-1', '1.5', '1234567890123456']) expect((await asAlice.delete(`/alerts/${id}`)).status, id).toBe(400);
  });

  it('POST /alerts/delete deletes the ids given and answers the unread count', async () => {
    const [a, b, c] = await giveAlerts(alice, many(3));
    expect((await asAlice.post('/alerts/delete', { ids: [a, c] })).body).toEqual({ unread_count: 1 });
    expect((await asAlice.get('/alerts')).body.results.map((r: { id: number }) => r.id)).toEqual([b]);
    expect((await asAlice.post('/alerts/delete', {})).status).toBe(400);
  });

  it("DELETE /alerts clears all of the caller's alerts and nobody else's", async () => {
    await giveAlerts(alice, many(3));
    await giveAlerts(bob, many(2));
    expect((await asAlice.delete('/alerts')).status).toBe(204);
    expect((await asAlice.get('/alerts')).body).toEqual({ count: 0, results: [], next: null, previous: null, unread_count: 0 });
    expect((await asBob.get('/alerts')).body.results).toHaveLength(2);
  });
});

describe("another user's alerts (IDOR)", () => {
  it("every verb answers 404 for another user's id, exactly as for an unknown one, and changes nothing", async () => {
    const [victim] = await giveAlerts(bob, [{ title: 'Bob only' }]);
    const [own] = await giveAlerts(alice, [{ title: 'Alice' }]);
    const unknown = victim! + 1000;
    for (const id of [victim, unknown]) {
      const probes = [
        await asAlice.post('/alerts/read', { ids: [id] }),
        await asAlice.post('/alerts/read', { ids: [own, id] }), // mixed with one of her own: all or nothing
        await asAlice.delete(`/alerts/${id}`),
        await asAlice.post('/alerts/delete', { ids: [own, id] }),
      ];
      for (const probe of probes) expect(probe).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    }
    await asAlice.post('/alerts/read', { all: true });
    await asAlice.delete('/alerts');

    const [row] = await db().select().from(alerts).where(eq(alerts.id, victim!));
    expect(row).toMatchObject({ userId: bob.id, title: 'Bob only', readAt: null });
    expect((await asBob.get('/alerts')).body).toMatchObject({ unread_count: 1, results: [{ id: victim, read: false }] });
  });
});

describe('other tabs follow', () => {
  let sidecar: Awaited<ReturnType<typeof startSidecar>>;
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    sidecar = await startSidecar();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await sidecar?.close();
  });

  it("reads and deletes made through the API reach the caller's sockets, and only theirs", async () => {
    const [a, b, c] = await giveAlerts(alice, many(3));
    const tab = await connect(sidecar.port, { cookie: await sessionCookie(alice.id) });
    const bobTab = await connect(sidecar.port, { cookie: await sessionCookie(bob.id) });
    sockets.push(tab, bobTab);
    const [reads, counts, bobCounts] = [record(tab, 'alert:read'), record(tab, 'alerts:count'), record(bobTab, 'alerts:count')];

    await asAlice.post('/alerts/read', { ids: [a] });
    await waitFor(() => counts.length === 1, 5000, 'the count after a read');
    expect(reads).toEqual([{ ids: [a] }]);
    expect(counts).toEqual([{ unread_count: 2 }]);

    await asAlice.delete(`/alerts/${b}`);
    await waitFor(() => counts.length === 2, 5000, 'the count after a delete');
    expect(reads[1]).toEqual({ ids: [b], deleted: true });
    expect(counts[1]).toEqual({ unread_count: 1 });

    await asAlice.post('/alerts/read', { all: true });
    await waitFor(() => counts.length === 3, 5000, 'the count after mark all read');
    expect(reads[2]).toEqual({ ids: [c] });
    expect(counts[2]).toEqual({ unread_count: 0 });

    // A refused request publishes nothing.
    await asAlice.post('/alerts/read', { ids: [999_999] });
    await new Promise((r) => setTimeout(r, 300));
    expect(counts).toHaveLength(3);
    expect(bobCounts).toEqual([]);
  });
});
