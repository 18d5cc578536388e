// `npm run bench -- bell`: event → bell latency with 1,000 authenticated sockets on one sidecar,
// beside the sidecar alone and a bare NOTIFY → socket relay measured in the same run; then one
// sidecar ramped to 10,000 sockets for its memory per socket.
// Then the bell's own reads (unread count, latest 10) with a million alerts in the table.
//   options: --clients 1000 --events 500 --ramp 10000
//            --prefill N     N older alerts of other users in the table first (the sidecar finds an event's alerts by event_id)
//            --via api|notify  how events are posted (default api: POST /api/v2/events on `next start`, which
//                            needs `npm run build`; without a build it falls back to notify() and says so)
//            --rows 1000000 --samples 2000   the bell's reads: table size, samples
//            --only latency|queries          one half only
// Through the API, the figure starts at the HTTP request: token auth, parsing, the fan-out
// transaction, the commit, the NOTIFY, the sidecar's query and the socket. Through notify() it
// starts at the call, skipping the HTTP request.
import fs from 'node:fs';
import os from 'node:os';
import { sql as drizzleSql } from 'drizzle-orm';
import { io as connectRelay, type Socket } from 'socket.io-client';
import { createApiToken } from '../../lib/auth/api-tokens';
import { db, sqlClient, closeDb } from '../../lib/db/client';
import { EVENTS_CHANNEL } from '../../lib/realtime/channels';
import { notify } from '../../lib/notifications/notify';
import { connect, SECRET, sessionCookie, type ClientSocket } from '../support/realtime';
import { freePort, spawnScript, spawnSidecar, type SidecarProcess } from '../support/realtime-process';
import { scratchDatabase } from './bell-database';
import { benchBellQueries } from './bell-queries';
import { hasBuild, startWeb, type WebProcess } from './web-process';

/** Lets the bench read the sidecar's socket count on /healthz. */
const HEALTH_SECRET = 'bench-health-secret';

const RELAY_CHANNEL = 'tocsin_bench_raw';

interface Options {
  clients: number;
  events: number;
  ramp: number;
  products: number;
  prefill: number;
  via: 'api' | 'notify';
  rows: number;
  samples: number;
  only?: 'latency' | 'queries';
}

function parseOptions(args: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const text = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const only = text('only');
  return { clients: value('clients', 1000), events: value('events', 500), ramp: value('ramp', 10_000), products: 20, prefill: value('prefill', 0),
    via: text('via') === 'notify' ? 'notify' : 'api',
    rows: value('rows', 1_000_000), samples: value('samples', 2000), only: only === 'latency' || only === 'queries' ? only : undefined };
}

/** One measurement in flight: whose receipts count, since when, how many are expected. */
interface Sample {
  tag: string;
  t0: number;
  expected: number;
  received: number;
  latencies: number[];
}
let current: Sample | undefined;

function receive(tag: string): void {
  if (current?.tag !== tag) return;
  current.latencies.push(performance.now() - current.t0);
  current.received++;
}

async function measure(tag: string, expected: number, fire: () => Promise<unknown>, into: number[]): Promise<number> {
  current = { tag, t0: performance.now(), expected, received: 0, latencies: [] };
  await fire();
  const deadline = performance.now() + 5000;
  while (current.received < expected && performance.now() < deadline) await new Promise((r) => setImmediate(r));
  into.push(...current.latencies);
  const lost = expected - current.received;
  current = undefined;
  return lost;
}

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const database = await scratchDatabase();
  process.env.DATABASE_URL = database.url;
  try {
    if (options.only !== 'queries') await runLatency(options);
    if (options.only !== 'latency') console.log(await benchBellQueries(sqlClient(), { rows: options.rows, samples: options.samples }, log));
  } finally {
    await closeDb();
    await database.drop();
  }
}

/** How each measured event is posted: the API (with its HTTP request in the figure) or notify(). */
type Poster = (event: { title: string; product: number }) => Promise<number>;

async function apiPoster(web: WebProcess, adminId: number): Promise<Poster> {
  const created = await createApiToken(db(), adminId, { name: 'bench' });
  if (!created.ok) throw new Error('could not create the bench token');
  const headers = { authorization: `Token ${created.value.key}`, 'content-type': 'application/json' };
  return async ({ title, product }) => {
    const response = await fetch(`${web.url}/api/v2/events`, { method: 'POST', headers, body: JSON.stringify({ type: 'engagement_added', title, product }) });
    if (response.status !== 202) throw new Error(`POST /api/v2/events: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: number }).id;
  };
}

const notifyPoster: Poster = async ({ title, product }) => (await notify({ type: 'engagement_added', title, product })).eventId;

async function runLatency(options: Options): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const sockets: ClientSocket[] = [];
  const relayClients: Socket[] = [];
  let sidecar: SidecarProcess | undefined;
  let relay: SidecarProcess | undefined;
  let web: WebProcess | undefined;
  try {
    const { userIds, membersOf, productIds, adminId } = await seed(options);
    let post = notifyPoster;
    let via = 'notify() → commit';
    if (options.via === 'api' && !hasBuild()) log('no production build (`npm run build`): posting events through notify() instead of the API');
    if (options.via === 'api' && hasBuild()) {
      log('starting the web app (next start) for POST /api/v2/events…');
      web = await startWeb({ DATABASE_URL: process.env.DATABASE_URL!, NEXTAUTH_SECRET: SECRET });
      post = await apiPoster(web, adminId);
      via = 'POST /api/v2/events → commit';
    }
    sidecar = await spawnSidecar({ REALTIME_HEALTH_SECRET: HEALTH_SECRET });
    const relayPort = await freePort();
    relay = await spawnScript('tests/bench/bell-relay.ts', relayPort, { RELAY_PORT: String(relayPort), RELAY_CHANNEL });
    await settle();
    const rssIdle = rssOf(sidecar);

    log(`connecting ${options.clients} authenticated sockets to one sidecar…`);
    sockets.push(...(await connectAll(sidecar.port, userIds.slice(0, options.clients))));
    for (const socket of sockets) socket.on('alert:new', ({ alert }) => receive(alert.title));
    const relaySize = Math.round(options.clients / options.products) * 2; // as many sockets as an event reaches
    for (let i = 0; i < relaySize; i++) {
      const socket = connectRelay(`http://127.0.0.1:${relayPort}`, { transports: ['websocket'], forceNew: true });
      socket.on('raw', (payload: string) => receive(payload));
      relayClients.push(socket);
    }
    await waitUntil(() => relayClients.every((s) => s.connected));
    // Warm the path (the web app's first requests, the sidecar's prepared statements): not measured.
    for (let k = 0; k < 20; k++) await post({ title: `warm-up ${k}`, product: productIds[k % productIds.length]! });
    await settle();
    const rssAtClients = rssOf(sidecar);

    log(`${options.events} events, each measured three ways…`);
    const viaPost: number[] = [];
    const viaSidecar: number[] = [];
    const viaRelay: number[] = [];
    let lost = 0;
    const started = performance.now();
    for (let k = 0; k < options.events; k++) {
      const productId = productIds[k % productIds.length]!;
      const tag = `bench ${k}`;
      let eventId = 0;
      lost += await measure(tag, membersOf.get(productId)!, async () => {
        eventId = await post({ title: tag, product: productId });
      }, viaPost);
      lost += await measure(tag, membersOf.get(productId)!, () => sqlClient()`select pg_notify(${EVENTS_CHANNEL}, ${String(eventId)})`, viaSidecar);
      lost += await measure(`raw ${k}`, relaySize, () => sqlClient()`select pg_notify(${RELAY_CHANNEL}, ${`raw ${k}`})`, viaRelay);
    }
    const seconds = (performance.now() - started) / 1000;
    const pushMs = sidecar.logs.filter((l) => l.msg === 'pushed' && typeof l.ms === 'number').map((l) => l.ms as number);

    log(`ramping the sidecar to ${options.ramp} sockets…`);
    sockets.push(...(await connectAll(sidecar.port, userIds.slice(options.clients, options.ramp))));
    await settle();
    const rssAtRamp = rssOf(sidecar);
    const health = (await (await fetch(`http://127.0.0.1:${sidecar.port}/healthz`, { headers: { authorization: `Bearer ${HEALTH_SECRET}` } })).json()) as { sockets: number };

    report({ load: [loadBefore, os.loadavg()[0]!], options, via, viaPost, viaSidecar, viaRelay, lost, seconds, pushMs, relaySize, rssIdle, rssAtClients, rssAtRamp, rampSockets: health.sockets });
  } finally {
    for (const socket of [...sockets, ...relayClients]) socket.close();
    await Promise.all([sidecar?.stop(), relay?.stop(), web?.stop()]);
  }
}

/** Users, products of one type, and each of the first `clients` users a Reader of two products. */
async function seed(options: Options) {
  const sql = sqlClient();
  const [type] = await sql<{ id: number }[]>`insert into product_types (name) values ('Bench') returning id`;
  const products = await sql<{ id: number }[]>`
    insert into products (name, prod_type_id) select 'Bench ' || i, ${type!.id} from generate_series(1, ${options.products}) i returning id`;
  const productIds = products.map((p) => p.id);
  const users = await sql<{ id: number }[]>`
    insert into users (username, email, password_hash)
    select 'bench' || i, 'bench' || i || '@example.com', 'unused' from generate_series(1, ${Math.max(options.ramp, options.clients)}) i
    returning id`;
  const userIds = users.map((u) => u.id).sort((a, b) => a - b);
  const memberships = userIds.slice(0, options.clients).flatMap((userId, i) => {
    const first = i % productIds.length;
    const second = (first + 1 + ((i * 13) % (productIds.length - 1))) % productIds.length; // never `first`
    return [first, second].map((p) => ({ product_id: productIds[p]!, user_id: userId, role: 'Reader' }));
  });
  await sql`insert into product_members ${sql(memberships)}`;
  const counts = await sql<{ productId: number; members: number }[]>`
    select product_id as "productId", count(*)::int as members from product_members group by product_id`;
  if (options.prefill > 0) await prefill(options.prefill, userIds.slice(options.clients));
  // Posts the events through the API: a superuser may post about anything.
  const [admin] = await sql<{ id: number }[]>`
    insert into users (username, email, password_hash, is_superuser) values ('bench-admin', 'bench-admin@example.com', 'unused', true) returning id`;
  await db().execute(drizzleSql`analyze`);
  return { userIds, productIds, membersOf: new Map(counts.map((c) => [c.productId, c.members])), adminId: admin!.id };
}

/** Older alerts, half of them read, for users who take no part in the measurement. */
async function prefill(count: number, userIds: number[]): Promise<void> {
  log(`prefilling ${count} alerts…`);
  const sql = sqlClient();
  const [event] = await sql<{ id: string }[]>`insert into notification_events (type, title) values ('other', 'Older') returning id`;
  await sql`
    insert into alerts (user_id, event_id, event_type, title, description, read_at, created_at)
    select (${userIds}::int[])[1 + g % ${userIds.length}], ${event!.id}, 'other', 'Older', '',
      case when g % 2 = 0 then now() end, now() - interval '1 day'
    from generate_series(1, ${count}) g`;
}

async function connectAll(port: number, userIds: number[], concurrency = 50): Promise<ClientSocket[]> {
  const connected: ClientSocket[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < userIds.length) {
      const userId = userIds[next++]!;
      connected.push(await connect(port, { cookie: await sessionCookie(userId) }));
    }
  }));
  return connected;
}

function rssOf(process: SidecarProcess): number {
  const status = fs.readFileSync(`/proc/${process.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

const settle = () => new Promise((r) => setTimeout(r, 2000));
const log = (line: string) => console.log(`[bench bell] ${line}`);

async function waitUntil(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Figures {
  /** The machine's 1-minute load average before and after: the figures are only comparable at similar load. */
  load: [number, number];
  options: Options;
  /** How events were posted, for the first row's label. */
  via: string;
  viaPost: number[];
  viaSidecar: number[];
  viaRelay: number[];
  lost: number;
  seconds: number;
  pushMs: number[];
  relaySize: number;
  rssIdle: number;
  rssAtClients: number;
  rssAtRamp: number;
  rampSockets: number;
}

function report(f: Figures): void {
  const row = (label: string, values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    const ms = (v: number) => v.toFixed(1).padStart(7);
    return `${label.padEnd(60)} ${String(s.length).padStart(7)} ${ms(percentile(s, 50))} ${ms(percentile(s, 95))} ${ms(percentile(s, 99))} ${ms(s.at(-1) ?? NaN)}`;
  };
  const p99 = percentile([...f.viaPost].sort((a, b) => a - b), 99);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const perSocket = (from: number, to: number, sockets: number) => `${((to - from) / sockets / 1024).toFixed(1)} kB`;
  console.log(`
Event → bell, ${f.options.clients} authenticated sockets on one sidecar, ${f.options.events} events (${f.seconds.toFixed(1)} s)${f.options.prefill ? `, ${f.options.prefill} older alerts in the table` : ''}
${'path (ms from the call to receipt at a client)'.padEnd(60)} ${'samples'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}
${row(`${f.via} → NOTIFY → sidecar → socket`, f.viaPost)}
${row('NOTIFY tocsin_events → sidecar → socket', f.viaSidecar)}
${row(`raw NOTIFY → bare relay → ${f.relaySize} sockets (baseline)`, f.viaRelay)}
${row("sidecar's query + emits per batch (its log)", f.pushMs)}
machine: ${os.cpus().length} cores, load average ${f.load[0].toFixed(1)} → ${f.load[1].toFixed(1)}    receipts lost: ${f.lost}    target p99 < 100 ms: ${p99 < 100 ? 'met' : 'NOT met'} (${p99.toFixed(1)} ms, ${(p99 / percentile([...f.viaRelay].sort((a, b) => a - b), 99)).toFixed(1)}× the baseline's p99)

Memory of one sidecar (RSS of its process; clients live in the bench process)
  idle: ${mb(f.rssIdle)}    ${f.options.clients} sockets: ${mb(f.rssAtClients)}    ${f.rampSockets} sockets: ${mb(f.rssAtRamp)}
  per socket: ${perSocket(f.rssAtClients, f.rssAtRamp, f.rampSockets - f.options.clients)} (from ${f.options.clients} to ${f.rampSockets}), ${perSocket(f.rssIdle, f.rssAtRamp, f.rampSockets)} (from idle)
`);
}
