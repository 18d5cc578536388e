// `npm run bench -- storm`: DefectDojo once sent 430,000 SLA notifications in a night. 2,000 findings
// breach their SLA at once on products that 2,000 users can see, every user subscribed to
// `sla_breach` (one notification per finding) on alert + mail, with an hourly digest for mail.
// The real processes run it: the worker's schedule timer records the storm (2,000 events, 4,000,000
// alerts, 4,000,000 held mail jobs), the sidecar pushes it to the users online, the web serves the
// bell meanwhile; then the window ends and each user gets one digest, from the local outbox.
// Reports the time to record, each process's peak RSS (VmHWM), the bell's live updates' latency
// meanwhile (a probe event every 200 ms to a user of another product), and the digests per user.
//   options: --users 2000 --findings 2000 --online 200 (users with a socket)   --smoke (30 × 30, 10 online)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql as drizzleSql } from 'drizzle-orm';
import { createApiToken } from '../../lib/auth/api-tokens';
import { db, sqlClient } from '../../lib/db/client';
import { notify } from '../../lib/notifications/notify';
import { gatherDigests } from '../../lib/schedules/digests';
import { connect, SECRET, sessionCookie, type ClientSocket } from '../support/realtime';
import { spawnSidecar, type SidecarProcess } from '../support/realtime-process';
import { hasBuild, startWeb, type WebProcess } from './web-process';

interface Options {
  users: number;
  findings: number;
  online: number;
  products: number;
  smoke: boolean;
}

function parseOptions(args: string[]): Options {
  const smoke = args.includes('--smoke');
  const value = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  return {
    users: value('users', smoke ? 30 : 2000),
    findings: value('findings', smoke ? 30 : 2000),
    online: value('online', smoke ? 10 : 200),
    products: 20,
    smoke,
  };
}

const log = (line: string) => console.log(`[bench storm] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default async function storm(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const sql = sqlClient();
  const scene = await seed(options);
  const processes: { name: string; child: ChildProcess; stop(): Promise<unknown> }[] = [];
  const sockets: ClientSocket[] = [];
  try {
    const sidecar: SidecarProcess = await spawnSidecar({});
    processes.push({ name: 'sidecar', child: sidecar.child, stop: () => sidecar.stop() });
    let web: WebProcess | undefined;
    if (!options.smoke && hasBuild()) {
      web = await startWeb({ DATABASE_URL: process.env.DATABASE_URL!, NEXTAUTH_SECRET: SECRET });
      processes.push({ name: 'web', child: web.child, stop: () => web!.stop() });
    } else log(options.smoke ? 'smoke: no web process' : 'no production build: no web process (`npm run build`)');

    // The users online: each counts its alert:new, and the time from the alert's transaction to receipt.
    const storm = { received: 0, latencies: [] as number[], counts: 0 };
    for (const userId of scene.userIds.slice(0, options.online)) {
      const socket = await connect(sidecar.port, { cookie: await sessionCookie(userId) });
      socket.on('alert:new', ({ alert }) => {
        storm.received++;
        storm.latencies.push(Date.now() - Date.parse(alert.created));
      });
      socket.on('alerts:count', () => storm.counts++);
      sockets.push(socket);
    }
    const probeSocket = await connect(sidecar.port, { cookie: await sessionCookie(scene.probeUserId) });
    sockets.push(probeSocket);
    const probe = startProbe(probeSocket, scene.probeProductId);
    const poll = web ? startBellPolling(web, scene.probeToken) : undefined;
    await sleep(2000);
    const before = probe.take().latencies;
    log(`probe before the storm: p99 ${percentile(before, 99).toFixed(1)} ms over ${before.length} events`);

    // The storm: the worker's first schedule tick (one second after it starts) runs the SLA schedule.
    const started = performance.now();
    const analyzing = await startAnalyzing();
    const worker = startWorker();
    processes.push({ name: 'worker', child: worker.child, stop: () => worker.stop() });
    const recordMs = await waitForSlaRun(started);
    const { latencies: during, lost: lostDuring } = probe.take();
    const expected = options.findings * options.online;
    const pushDeadline = performance.now() + 120_000;
    while (storm.received < expected && storm.counts === 0 && performance.now() < pushDeadline) await sleep(200);
    const pushedMs = performance.now() - started;
    const [recorded] = await sql<{ events: number; alerts: number; held: number }[]>`
      select (select count(*)::int from scheduled_notices where schedule = 'sla_breach') as events,
        (select count(*)::int from alerts where event_type = 'sla_breach') as alerts,
        (select count(*)::int from deliveries where status = 'held') as held`;

    // The digest window ends: one digest per user, gathered as the worker's timer would, sent by the worker.
    const digestStarted = performance.now();
    const gathered = await gatherDigests(db(), new Date(Date.now() + 3_600_000));
    const digests = await waitForDigests();
    const digestMs = performance.now() - digestStarted;
    const { latencies: digesting, lost: lostDigesting } = await probe.stop();
    await poll?.stop();
    await analyzing?.stop();
    const peaks = Object.fromEntries(processes.map((p) => [p.name, peakRss(p.child)]));

    console.log(`
Storm: ${options.findings} findings breaching at once, ${options.users} users who see them, per-finding SLA on alert + mail (hourly digest)
  recorded by the worker's SLA run: ${recorded!.events} events, ${recorded!.alerts.toLocaleString('en')} alerts, ${recorded!.held.toLocaleString('en')} held mail jobs in ${(recordMs / 1000).toFixed(1)} s
  pushed to ${options.online} users online: ${storm.received.toLocaleString('en')} alert:new of ${expected.toLocaleString('en')}, ${storm.counts} alerts:count refreshes, in ${(pushedMs / 1000).toFixed(1)} s from the worker's start
    alert transaction → receipt (ms): p50 ${percentile(storm.latencies, 50).toFixed(0)}  p99 ${percentile(storm.latencies, 99).toFixed(0)}  max ${percentile(storm.latencies, 100).toFixed(0)}
  the bell's live updates (a probe event to another product's user every 200 ms, call → receipt, ms):
    before the storm: p50 ${percentile(before, 50).toFixed(1)}  p99 ${percentile(before, 99).toFixed(1)}  (${before.length} events)
    during the storm: p50 ${percentile(during, 50).toFixed(1)}  p99 ${percentile(during, 99).toFixed(1)}  max ${percentile(during, 100).toFixed(1)}  (${during.length} events, ${lostDuring} lost)
    while the digests go: p50 ${percentile(digesting, 50).toFixed(1)}  p99 ${percentile(digesting, 99).toFixed(1)}  max ${percentile(digesting, 100).toFixed(1)}  (${digesting.length} events, ${lostDigesting} lost)
  digests: ${gathered.digests} gathered from ${gathered.gathered.toLocaleString('en')} held jobs; outbox emails per user: ${digests.min}–${digests.max} (${digests.users} users, up to ${digests.windows} hourly windows; ${digests.mismatched} users with other than one per window) in ${(digestMs / 1000).toFixed(1)} s
  peak RSS (VmHWM): ${Object.entries(peaks)
    .map(([name, bytes]) => `${name} ${(bytes / 1024 / 1024).toFixed(0)} MB`)
    .join(', ')}${poll ? `; web served ${poll.served()} bell reads meanwhile` : ''}
  machine: ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}${
    analyzing ? `; autovacuum is off on this server: the bench ran ANALYZE ${analyzing.runs()} times meanwhile, as autovacuum would` : ''
  }
`);
    const failures = [
      recorded!.events !== options.findings && `recorded ${recorded!.events} of ${options.findings} events`,
      recorded!.alerts !== options.findings * options.users && `recorded ${recorded!.alerts} alerts`,
      storm.received === 0 && storm.counts === 0 && 'nothing pushed to the users online',
      during.length === 0 && 'no probe measured during the storm',
      !options.smoke && lostDuring + lostDigesting > 0 && `${lostDuring + lostDigesting} probes lost`,
      (digests.users !== options.users || digests.mismatched > 0) &&
        `${digests.mismatched} of ${digests.users} users without one digest per window`,
    ].filter(Boolean);
    if (failures.length > 0) throw new Error(`storm: ${failures.join('; ')}`);
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all(processes.map((p) => p.stop()));
  }
}

interface Scene {
  userIds: number[];
  probeUserId: number;
  probeProductId: number;
  probeToken: string;
}

async function seed(options: Options): Promise<Scene> {
  const sql = sqlClient();
  log(`seeding ${options.users} users, ${options.findings} findings…`);
  const [type] = await sql<{ id: number }[]>`insert into product_types (name) values ('Storm') returning id`;
  const tests = await sql<{ id: number }[]>`
    with p as (insert into products (name, prod_type_id) select 'Storm ' || i, ${type!.id} from generate_series(1, ${options.products}) i returning id),
    e as (insert into engagements (product_id, name, target_start, target_end) select id, 'Storm', '2026-01-01', '2027-12-31' from p returning id)
    insert into tests (engagement_id, title, test_type) select id, 'Storm scan', 'ZAP Scan' from e returning id`;
  await sql`
    insert into findings (test_id, title, severity, sla_expiration_date)
    select (${tests.map((t) => t.id)}::int[])[1 + i % ${tests.length}], 'Storm finding ' || i, 'High', current_date - 1
    from generate_series(1, ${options.findings}) i`;
  const users = await sql<{ id: number }[]>`
    insert into users (username, email, password_hash, digest)
    select 'storm' || i, 'storm' || i || '@example.com', 'unused', 'hourly' from generate_series(1, ${options.users}) i returning id`;
  const userIds = users.map((u) => u.id).sort((a, b) => a - b);
  await sql`insert into product_type_members (product_type_id, user_id, role) select ${type!.id}, id, 'Reader' from users`;
  await sql`insert into notification_settings (user_id, sla_breach) select id, '{alert,mail}' from users`;
  // The probe: another product, its only member, subscribed to `other` on the bell.
  const [probeProduct] = await sql<{ id: number }[]>`
    with t as (insert into product_types (name) values ('Probe') returning id)
    insert into products (name, prod_type_id) select 'Probe', id from t returning id`;
  const [probeUser] = await sql<{ id: number }[]>`
    insert into users (username, email, password_hash) values ('probe', 'probe@example.com', 'unused') returning id`;
  await sql`insert into product_members (product_id, user_id, role) values (${probeProduct!.id}, ${probeUser!.id}, 'Reader')`;
  await sql`insert into notification_settings (user_id, other) values (${probeUser!.id}, '{alert}')`;
  await sql`insert into system_settings (id, enable_mail_notifications) values (1, true)
    on conflict (id) do update set enable_mail_notifications = true`;
  // Due now (run at 00:00 UTC), per finding, and no other schedule sending anything.
  await sql`insert into schedule_settings (id, run_at, time_zone, sla_enabled, sla_combined, sla_severities, upcoming_enabled,
      stale_enabled, risk_acceptance_enabled)
    values (1, '00:00', 'UTC', true, false, '{High}', false, false, false)`;
  await db().execute(drizzleSql`analyze`);
  const token = await createApiToken(db(), probeUser!.id, { name: 'storm probe' });
  if (!token.ok) throw new Error('could not create the probe token');
  return { userIds, probeUserId: probeUser!.id, probeProductId: probeProduct!.id, probeToken: token.value.key };
}

/**
 * A probe event every 200 ms to one user of another product. `take()` returns the latencies since
 * the last take, and how many probes sent since then are lost: not received within 5 s.
 */
function startProbe(socket: ClientSocket, productId: number) {
  const sent = new Map<string, number>();
  let latencies: number[] = [];
  socket.on('alert:new', ({ alert }) => {
    const t0 = sent.get(alert.title);
    if (t0 === undefined) return;
    sent.delete(alert.title);
    latencies.push(performance.now() - t0);
  });
  let k = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const title = `probe ${k++}`;
      sent.set(title, performance.now());
      // Its own group: repeated events about one product group into one alert (§4b.5), and two
      // probes in one sidecar batch would come as one alert:new with the newer title.
      await notify({ type: 'other', title, product: productId, groupBy: title }).catch(() => sent.delete(title));
      await sleep(200);
    }
  })();
  const take = () => {
    const now = performance.now();
    let lost = 0;
    for (const [title, t0] of sent) {
      if (now - t0 <= 5000) continue;
      sent.delete(title);
      lost++;
    }
    const taken = { latencies, lost };
    latencies = [];
    return taken;
  };
  return {
    take,
    /** Stops probing; what `take()` returns, once the last probes had 5 s to arrive. */
    async stop() {
      running = false;
      await loop;
      await sleep(5000);
      return take();
    },
  };
}

/** The probe user's bell (GET /api/v2/alerts, the latest 10) read through the web every 500 ms. */
function startBellPolling(web: WebProcess, token: string) {
  let served = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const response = await fetch(`${web.url}/api/v2/alerts?limit=10`, { headers: { authorization: `Token ${token}` } }).catch(
        () => undefined,
      );
      if (response?.ok) served++;
      await response?.arrayBuffer();
      await sleep(500);
    }
  })();
  return { served: () => served, stop: () => ((running = false), loop) };
}

function startWorker() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('lib/worker/main.ts')], {
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL!, NODE_ENV: 'test', RESEND_API_KEY: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * When the server runs without autovacuum (as this machine's does), ANALYZE every 30 s while the
 * storm runs, as autovacuum would (it analyzes a table once a tenth of it changed): without it the
 * planner keeps the statistics of the seeded, empty tables and plans every statement for a few rows
 * in a table of millions (the fan-out's lookup of a group's unread alert then walks every unread
 * alert), which measures a misconfigured database rather than Tocsin. Undefined with autovacuum on.
 */
async function startAnalyzing(): Promise<{ runs(): number; stop(): Promise<void> } | undefined> {
  const sql = sqlClient();
  const [setting] = await sql<{ autovacuum: string }[]>`show autovacuum`;
  if (setting!.autovacuum === 'on') return undefined;
  log('autovacuum is off on this server: ANALYZE every 30 s meanwhile, as autovacuum would');
  let runs = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      for (let waited = 0; running && waited < 30_000; waited += 500) await sleep(500);
      if (!running) break;
      await sql`analyze alerts, deliveries, notification_events`;
      runs++;
    }
  })();
  return { runs: () => runs, stop: () => ((running = false), loop) };
}

/** Waits for the SLA schedule's run to finish; its duration, by the database's clock. */
async function waitForSlaRun(started: number): Promise<number> {
  const sql = sqlClient();
  while (performance.now() - started < 60 * 60_000) {
    const [run] = await sql<{ ms: number | null; error: string | null }[]>`
      select extract(epoch from finished_at - started_at) * 1000 as ms, error from schedule_runs
      where schedule = 'sla' and finished_at is not null`;
    if (run?.error) throw new Error(`the SLA run failed: ${run.error}`);
    if (run?.ms != null) return Number(run.ms);
    await sleep(500);
  }
  throw new Error('the SLA run did not finish within 60 minutes');
}

/**
 * Waits until every digest is sent. Per user: the outbox emails and the digest windows their jobs
 * fell in (a storm across an hour boundary makes two hourly windows: one message for each).
 */
async function waitForDigests(): Promise<{ users: number; min: number; max: number; windows: number; mismatched: number }> {
  const sql = sqlClient();
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const [open] = await sql<
      { n: number }[]
    >`select count(*)::int as n from deliveries where kind = 'digest' and status in ('pending', 'sending')`;
    if (open!.n === 0 || Date.now() > deadline) break;
    await sleep(500);
  }
  const [perUser] = await sql<{ users: number; min: number | null; max: number | null; windows: number | null; mismatched: number }[]>`
    with mails as (select o.to[1] as address, count(*)::int as n from outbox_emails o where o.to[1] like 'storm%' group by 1),
    windows as (
      select u.email as address, count(*)::int as n from deliveries d join users u on u.id = d.user_id
      where d.kind = 'digest' and u.email like 'storm%' group by 1
    )
    select count(*)::int as users, min(m.n) as min, max(m.n) as max, max(w.n) as windows,
      count(*) filter (where m.n is distinct from w.n)::int as mismatched
    from mails m full join windows w using (address)`;
  return {
    users: perUser!.users,
    min: perUser!.min ?? 0,
    max: perUser!.max ?? 0,
    windows: perUser!.windows ?? 0,
    mismatched: perUser!.mismatched,
  };
}

/** Peak resident memory of a live process (VmHWM), in bytes. */
function peakRss(child: ChildProcess): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return NaN;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
