// The sidecar's read of a batch of events reads only the alerts of the users with a socket, on an
// index, however many users the events reached. On `alerts (event_id)` alone it read every
// recipient's row or every alert of the users online, and during the storm bench, its statistics
// lagging behind the growing table, the planner scanned all of it for each batch (0.8 s, then 6 s).
// When the events wrote fewer alerts than there are (event, user online) pairs (an event reaching
// 1,000 of 10,000 users online), it reads each event's alerts rather than looking up every pair.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlClient } from '@/lib/db/client';
import { alertsOfEvents } from '@/lib/realtime/alerts-query';

const EVENTS = 200;
const USERS = 300;
let sql: postgres.Sql;
let captured: { query: string; params: unknown[] } | undefined;
let eventIds: number[];
let online: number[];
let everyone: number[];

beforeAll(async () => {
  sql = postgres(process.env.DATABASE_URL!, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, params) => {
      if (query.includes('with batch')) captured = { query, params: params as unknown[] };
    },
  });
  const users = await sql<{ id: number }[]>`
    insert into users (username, email, password_hash)
    select 'plan' || i, 'plan' || i || '@example.com', 'unused' from generate_series(1, ${USERS}) i returning id`;
  const events = await sql<{ id: string }[]>`
    insert into notification_events (type, title) select 'other', 'Storm ' || i from generate_series(1, ${EVENTS}) i returning id`;
  eventIds = events.map((e) => Number(e.id)).sort((a, b) => a - b);
  // Every event reached every user: 60,000 alerts, as an SLA storm writes them.
  await sql`insert into alerts (user_id, event_id, event_type, title, description)
    select u, e, 'other', 'Storm', '' from unnest(${users.map((u) => u.id)}::int[]) u, unnest(${eventIds}::bigint[]) e`;
  everyone = users.map((u) => u.id);
  online = everyone.slice(0, 10);
  // And the users online have been around: 2,000 older alerts each, read.
  const [older] = await sql<{ id: string }[]>`insert into notification_events (type, title) values ('other', 'Older') returning id`;
  await sql`insert into alerts (user_id, event_id, event_type, title, description, read_at)
    select u, ${older!.id}, 'other', 'Older', '', now() from unnest(${online}::int[]) u, generate_series(1, 2000)`;
  await sql`analyze alerts`;
});
afterAll(async () => {
  await sql?.end();
});

describe("the sidecar's read of a batch", () => {
  it('returns each online user their alert of each event, and nobody else', async () => {
    const batch = eventIds.slice(-50);
    const rows: { userId: number; eventId: number; unreadCount: number }[] = [];
    const total = await alertsOfEvents(sql, batch, { userIds: online, pageSize: 100 }, (page) => rows.push(...page));
    expect(total).toBe(50 * online.length);
    expect(new Set(rows.map((r) => r.userId))).toEqual(new Set(online));
    expect(new Set(rows.map((r) => r.eventId))).toEqual(new Set(batch));
    expect(rows.every((r) => r.unreadCount === EVENTS)).toBe(true); // events without a subject: everyone's to see
  });

  it('finds them on alerts_event_user_idx, without scanning the table', async () => {
    captured = undefined;
    await alertsOfEvents(sql, eventIds.slice(-50), { userIds: online, pageSize: 2000 }, () => {});
    expect(captured).toBeDefined();
    const plan = (await sql.unsafe(`explain ${captured!.query}`, captured!.params as never[]))
      .map((row) => String(row['QUERY PLAN']))
      .join('\n');
    expect(plan).not.toMatch(/Seq Scan on alerts/);
    expect(plan).toMatch(/alerts_event_user_idx/);
    expect(plan).toMatch(/Index Cond: \(\(event_id = ev\.id\) AND \(user_id = us\.id\)\)/);
  });

  it('when the events wrote fewer alerts than there are (event, user online) pairs, reads each event’s alerts instead', async () => {
    const batch = eventIds.slice(-2);
    const read = async (written?: number) => {
      const rows: { userId: number; eventId: number; unreadCount: number }[] = [];
      await alertsOfEvents(sql, batch, { userIds: everyone, pageSize: 2000, written }, (page) => rows.push(...page));
      return rows.map((r) => `${r.eventId}:${r.userId}:${r.unreadCount}`).sort();
    };
    const byPairs = await read();
    captured = undefined;
    const byEvent = await read(2 * USERS);
    expect(byEvent).toHaveLength(2 * USERS);
    expect(byEvent).toEqual(byPairs);
    const plan = (await sql.unsafe(`explain ${captured!.query}`, captured!.params as never[]))
      .map((row) => String(row['QUERY PLAN']))
      .join('\n');
    expect(plan).not.toMatch(/Seq Scan on alerts/);
    expect(plan).toMatch(/Index Cond: \(event_id = ev\.id\)/);
    expect(plan).toMatch(/Filter: \(\(user_id \+ 0\) = ANY/);
  });

  it("on the sidecar's own client, counts each user's unread alerts with one key lookup of each alert's event, however small the events table", async () => {
    captured = undefined;
    await alertsOfEvents(sql, eventIds.slice(-1), { userIds: online, pageSize: 2000 }, () => {});
    const sidecar = openSqlClient(process.env.DATABASE_URL!, { keyedReads: true });
    try {
      const plan = (await sidecar.unsafe(`explain ${captured!.query}`, captured!.params as never[]))
        .map((row) => String(row['QUERY PLAN']))
        .join('\n');
      // 201 events, a few pages: with PostgreSQL's default costs each of the 2,000 unread alerts'
      // events was found by reading the table from its start.
      expect(plan).not.toMatch(/Seq Scan on notification_events/);
      expect(plan).toMatch(/Index Scan using notification_events_pkey on notification_events e_1/);
    } finally {
      await sidecar.end();
    }
  });
});
