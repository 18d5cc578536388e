// `npm run bench -- bell`: event → bell latency with 1,000 then 10,000 authenticated sockets on one
// sidecar, beside the sidecar alone and a bare NOTIFY → socket relay measured in the same run (its
// p99 as a ratio to the relay's), and the sidecar's memory per socket.
// Then the bell's own reads (unread count, latest 10) with a million alerts in the table, and retention.
//   options: --clients 1000,10000   socket counts, measured one after the other (the connected users the only members)
//            --events 300            events per socket count
//            --smoke                 40 sockets, 10 events, 20,000 rows: fails when it cannot run or measures nothing
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
import { EVENTS_CHANNEL, eventsPayload } from '../../lib/core/pg-channels';
import { notify } from '../../lib/notifications/notify';
import { connect, SECRET, sessionCookie, type ClientSocket } from '../support/realtime';
import { spawnScript, spawnSidecar, type SidecarProcess } from '../support/realtime-process';
import { freePort } from '../support/free-port';
import { scratchDatabase } from './bell-database';
import { benchBellQueries } from './bell-queries';
import { hasBuild, startWeb, type WebProcess } from './web-process';

/** Lets the bench read the sidecar's socket count on /healthz. */
const HEALTH_SECRET = 'bench-health-secret';

const RELAY_CHANNEL = 'tocsin_bench_raw';

interface Options {
  /** Socket counts to measure at, one after the other on the same sidecar. */
  levels: number[];
  /** Events per level. */
  events: number;
  products: number;
  prefill: number;
  via: 'api' | 'notify';
  rows: number;
  samples: number;
  only?: 'latency' | 'queries';
  /** Small and fast, for CI: fails when it cannot run or measures nothing. */
  smoke: boolean;
}

function parseOptions(args: string[]): Options {
  const text = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const value = (name: string, fallback: number) => (text(name) === undefined ? fallback : Number(text(name)));
  const smoke = args.includes('--smoke');
  const only = text('only');
  const levels = (text('clients') ?? (smoke ? '40' : '1000,10000')).split(',').map(Number);
  if (levels.some((n) => !Number.isInteger(n) || n < 20)) throw new Error('--clients: socket counts of at least 20, comma-separated');
  return {
    levels,
    events: value('events', smoke ? 10 : 300),
    products: 20,
    prefill: value('prefill', 0),
    via: text('via') === 'notify' ? 'notify' : 'api',
    rows: value('rows', smoke ? 20_000 : 1_000_000),
    samples: value('samples', smoke ? 100 : 2000),
    only: only === 'latency' || only === 'queries' ? only : undefined,
    smoke,
  };
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
    if (options.smoke) console.log('bell smoke: ok');
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
    const response = await fetch(`${web.url}/api/v2/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'engagement_added', title, product }),
    });
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
    const { userIds, productIds, adminId } = await seed(options);
    let post = notifyPoster;
    let via = 'notify() → commit';
    if (options.via === 'api' && !hasBuild())
      log('no production build (`npm run build`): posting events through notify() instead of the API');
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

    const levels: Level[] = [];
    for (const clients of options.levels) {
      log(`${clients} sockets: memberships, connecting…`);
      const membersOf = await setMembers(userIds.slice(0, clients), productIds);
      const fresh = await connectAll(sidecar.port, userIds.slice(sockets.length, clients));
      for (const socket of fresh) socket.on('alert:new', ({ alert }) => receive(alert.title));
      sockets.push(...fresh);
      const relaySize = Math.round(clients / options.products) * 2; // as many sockets as an event reaches
      while (relayClients.length < relaySize) {
        const socket = connectRelay(`http://127.0.0.1:${relayPort}`, { transports: ['websocket'], forceNew: true });
        socket.on('raw', (payload: string) => receive(payload));
        relayClients.push(socket);
      }
      await waitUntil(() => relayClients.every((s) => s.connected));
      // Warm the path (the web app's first requests, the sidecar's prepared statements): not measured.
      for (let k = 0; k < 20; k++) await post({ title: `warm-up ${clients} ${k}`, product: productIds[k % productIds.length]! });
      await settle();
      const logsBefore = sidecar.logs.length;

      log(`${clients} sockets: ${options.events} events, each measured three ways…`);
      const level: Level = {
        clients,
        relaySize,
        viaPost: [],
        answerMs: [],
        viaSidecar: [],
        viaRelay: [],
        lost: 0,
        seconds: 0,
        pushMs: [],
        rss: 0,
      };
      const started = performance.now();
      for (let k = 0; k < options.events; k++) {
        const productId = productIds[k % productIds.length]!;
        const tag = `bench ${clients} ${k}`;
        let eventId = 0;
        level.lost += await measure(
          tag,
          membersOf.get(productId)!,
          async () => {
            const called = performance.now();
            eventId = await post({ title: tag, product: productId });
            level.answerMs.push(performance.now() - called);
          },
          level.viaPost,
        );
        level.lost += await measure(
          tag,
          membersOf.get(productId)!,
          () => sqlClient()`select pg_notify(${EVENTS_CHANNEL}, ${eventsPayload({ eventId, alerts: membersOf.get(productId)! })})`,
          level.viaSidecar,
        );
        level.lost += await measure(
          `raw ${clients} ${k}`,
          relaySize,
          () => sqlClient()`select pg_notify(${RELAY_CHANNEL}, ${`raw ${clients} ${k}`})`,
          level.viaRelay,
        );
      }
      level.seconds = (performance.now() - started) / 1000;
      level.pushMs = sidecar.logs
        .slice(logsBefore)
        .filter((l) => l.msg === 'pushed' && typeof l.ms === 'number')
        .map((l) => l.ms as number);
      level.rss = rssOf(sidecar);
      levels.push(level);
    }
    const health = (await (
      await fetch(`http://127.0.0.1:${sidecar.port}/healthz`, { headers: { authorization: `Bearer ${HEALTH_SECRET}` } })
    ).json()) as { sockets: number };
    report({ load: [loadBefore, os.loadavg()[0]!], options, via, levels, rssIdle, sockets: health.sockets });
    if (options.smoke) {
      const empty = levels.some((l) => l.viaPost.length === 0 || l.viaSidecar.length === 0 || l.viaRelay.length === 0);
      const lost = levels.reduce((n, l) => n + l.lost, 0);
      if (empty || lost > 0) throw new Error(`bell smoke: ${empty ? 'a path measured nothing' : `${lost} receipts lost`}`);
    }
  } finally {
    for (const socket of [...sockets, ...relayClients]) socket.close();
    await Promise.all([sidecar?.stop(), relay?.stop(), web?.stop()]);
  }
}

/** Users and products of one type; an admin to post through the API. */
async function seed(options: Options) {
  const sql = sqlClient();
  const [type] = await sql<{ id: number }[]>`insert into product_types (name) values ('Bench') returning id`;
  const products = await sql<{ id: number }[]>`
    insert into products (name, prod_type_id) select 'Bench ' || i, ${type!.id} from generate_series(1, ${options.products}) i returning id`;
  const productIds = products.map((p) => p.id);
  const most = Math.max(...options.levels);
  const users = await sql<{ id: number }[]>`
    insert into users (username, email, password_hash)
    select 'bench' || i, 'bench' || i || '@example.com', 'unused' from generate_series(1, ${most}) i
    returning id`;
  const userIds = users.map((u) => u.id).sort((a, b) => a - b);
  if (options.prefill > 0) await prefill(options.prefill, userIds);
  // Posts the events through the API: a superuser may post about anything.
  const [admin] = await sql<{ id: number }[]>`
    insert into users (username, email, password_hash, is_superuser) values ('bench-admin', 'bench-admin@example.com', 'unused', true) returning id`;
  return { userIds, productIds, adminId: admin!.id };
}

/** Each of these users (the connected ones) a Reader of two products; no one else a member. Members per product. */
async function setMembers(userIds: number[], productIds: number[]): Promise<Map<number, number>> {
  const sql = sqlClient();
  await sql`delete from product_members`;
  const memberships = userIds.flatMap((userId, i) => {
    const first = i % productIds.length;
    const second = (first + 1 + ((i * 13) % (productIds.length - 1))) % productIds.length; // never `first`
    return [first, second].map((p) => ({ product_id: productIds[p]!, user_id: userId, role: 'Reader' }));
  });
  for (let i = 0; i < memberships.length; i += 5000) await sql`insert into product_members ${sql(memberships.slice(i, i + 5000))}`;
  const counts = await sql<{ productId: number; members: number }[]>`
    select product_id as "productId", count(*)::int as members from product_members group by product_id`;
  await db().execute(drizzleSql`analyze`);
  return new Map(counts.map((c) => [c.productId, c.members]));
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
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < userIds.length) {
        const userId = userIds[next++]!;
        connected.push(await connect(port, { cookie: await sessionCookie(userId) }));
      }
    }),
  );
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

interface Level {
  clients: number;
  relaySize: number;
  viaPost: number[];
  /** The call alone: from the request to its answer (202), or notify()'s commit. */
  answerMs: number[];
  viaSidecar: number[];
  viaRelay: number[];
  lost: number;
  seconds: number;
  pushMs: number[];
  /** The sidecar's RSS at the end of the level. */
  rss: number;
}

interface Figures {
  /** The machine's 1-minute load average before and after: the figures are only comparable at similar load. */
  load: [number, number];
  options: Options;
  /** How events were posted, for the first row's label. */
  via: string;
  levels: Level[];
  rssIdle: number;
  sockets: number;
}

function report(f: Figures): void {
  const p99 = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      99,
    );
  const row = (label: string, values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    const ms = (v: number) => v.toFixed(1).padStart(7);
    return `${label.padEnd(60)} ${String(s.length).padStart(7)} ${ms(percentile(s, 50))} ${ms(percentile(s, 95))} ${ms(percentile(s, 99))} ${ms(s.at(-1) ?? NaN)}`;
  };
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const header = `${'path (ms from the call to receipt at a client)'.padEnd(60)} ${'samples'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}`;
  const blocks = f.levels.map((l) => {
    const ratio = p99(l.viaPost) / p99(l.viaRelay);
    return `
Event → bell, ${l.clients} authenticated sockets on one sidecar, ${f.options.events} events (${l.seconds.toFixed(1)} s)${f.options.prefill ? `, ${f.options.prefill} older alerts in the table` : ''}
${header}
${row(`${f.via} → NOTIFY → sidecar → socket`, l.viaPost)}
${row(`${f.via}: the call alone, to its answer`, l.answerMs)}
${row('NOTIFY tocsin_events → sidecar → socket', l.viaSidecar)}
${row(`raw NOTIFY → bare relay → ${l.relaySize} sockets (baseline)`, l.viaRelay)}
${row("sidecar's query + emits per batch (its log)", l.pushMs)}
receipts lost: ${l.lost}    p99 ${p99(l.viaPost).toFixed(1)} ms (target < 100 ms: ${p99(l.viaPost) < 100 ? 'met' : 'NOT met'})    ratio to the bare relay's p99: ${ratio.toFixed(2)}× (target ≤ 2×: ${ratio <= 2 ? 'met' : 'NOT met'}); sidecar alone ${(p99(l.viaSidecar) / p99(l.viaRelay)).toFixed(2)}×
sidecar RSS after this level: ${mb(l.rss)}`;
  });
  const last = f.levels.at(-1)!;
  console.log(`${blocks.join('\n')}

machine: ${os.cpus().length} cores, load average ${f.load[0].toFixed(1)} → ${f.load[1].toFixed(1)}
Memory of one sidecar (RSS of its process; clients live in the bench process): idle ${mb(f.rssIdle)}, ${f.sockets} sockets ${mb(last.rss)}
  (${((last.rss - f.rssIdle) / f.sockets / 1024).toFixed(1)} kB per socket from idle)
`);
}
