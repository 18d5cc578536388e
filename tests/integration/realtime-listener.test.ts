// The sidecar's one LISTEN connection survives PostgreSQL dropping it, even while the database
// refuses connections for a while; meanwhile /healthz says the sidecar is deaf.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sqlClient } from '@/lib/db/client';
import { notify } from '@/lib/notifications/notify';
import { addProductMember, makeProduct, makeProductType, makeUser, type User } from '../support/fixtures';
import { connect, memoryLogger, record, sessionCookie, startSidecar, waitFor, type ClientSocket } from '../support/realtime';

const HEARTBEAT_MS = 200;
const log = memoryLogger();
let sidecar: Awaited<ReturnType<typeof startSidecar>>;
let member: User;
let productId: number;
let socket: ClientSocket;

const health = async () => (await fetch(`http://127.0.0.1:${sidecar.port}/healthz`)).status;

/** Ends the sidecar's LISTEN connection from the server side, as a restart or failover would. */
async function killListenConnection(): Promise<void> {
  const killed = await sqlClient()`
    select pg_terminate_backend(pid) from pg_stat_activity
    where datname = current_database() and application_name = 'tocsin-realtime-listen'`;
  expect(killed.length).toBeGreaterThan(0);
}

/** Exactly once: a listener registered twice would push everything twice. */
async function expectAlertToArrive(title: string): Promise<void> {
  const seen = record(socket, 'alert:new');
  await notify({ type: 'product_added', title, product: productId });
  await waitFor(() => seen.some((s) => s.alert.title === title), 5000, `the alert "${title}"`);
  await new Promise((r) => setTimeout(r, 300));
  expect(seen.filter((s) => s.alert.title === title)).toHaveLength(1);
}

beforeAll(async () => {
  sidecar = await startSidecar({ log, heartbeatMs: HEARTBEAT_MS });
  productId = (await makeProduct((await makeProductType()).id)).id;
  member = await makeUser();
  await addProductMember(productId, member.id, 'Reader');
  socket = await connect(sidecar.port, { cookie: await sessionCookie(member.id) });
});
afterAll(async () => {
  socket?.close();
  await sidecar?.close();
});

describe('the LISTEN connection', () => {
  it('is one per sidecar, whatever the number of sockets', async () => {
    const more = await Promise.all([1, 2, 3].map(async () => connect(sidecar.port, { cookie: await sessionCookie(member.id) })));
    const [row] = await sqlClient()<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'tocsin-realtime-listen'`;
    expect(row!.n).toBe(1);
    for (const s of more) s.close();
  });

  it('is reopened when PostgreSQL drops it', async () => {
    await killListenConnection();
    await waitFor(() => log.lines.some((l) => l.msg.startsWith('listener reconnected')), 5000, 'the reconnect');
    await expectAlertToArrive('After a dropped connection');
  });

  it('is reopened after an outage longer than one reconnect, and /healthz reports it meanwhile', async () => {
    const database = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`alter database "${database}" allow_connections false`); // no new connection, even to reconnect
      await killListenConnection();
      await waitFor(() => log.lines.some((l) => l.msg.startsWith('listener deaf')), 5000, 'the heartbeat to notice');
      expect(await health()).toBe(503);
      await new Promise((r) => setTimeout(r, 3000)); // several of postgres.js's reconnect attempts fail meanwhile
    } finally {
      await admin.unsafe(`alter database "${database}" allow_connections true`);
      await admin.end();
    }
    await waitFor(() => log.lines.some((l) => l.msg === 'listener hears again'), 10_000, 'listening again');
    await expectAlertToArrive('After an outage');
    const [row] = await sqlClient()<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'tocsin-realtime-listen'`;
    expect(row!.n).toBe(1);
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = await health();
      if (status !== 200) await new Promise((r) => setTimeout(r, HEARTBEAT_MS));
    }
    expect(status).toBe(200);
  });
});
