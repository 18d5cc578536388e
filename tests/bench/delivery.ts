// Delivery benchmark (issue 14): 10,000 emails and 3,000 Slack messages over 30 channels through the
// fakes set to the providers' limits (Resend: 5 requests/s per team, announced in ratelimit-* headers;
// Slack: about 1 message/s per channel), drained by three worker processes on one database, then by
// one, each on a fresh scene; each fake runs in a process of its own. Reports the sum of the workers'
// throughput beside each limit, the share of requests answered 429, and the workers' peak memory.
// `--smoke`: a small scene (300 emails, 60 Slack messages) for CI; fails when it cannot run, measures
// nothing, or loses a message. `--workers N`: only that run.
import fs from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { encryptSecret, generateEncryptionKey, parseEncryptionKey } from '../../lib/crypto/secrets';
import { db } from '../../lib/db/client';
import { setProductDestinations, updateIntegrations } from '../../lib/notifications/channel-integrations';
import { notify } from '../../lib/notifications/notify';
import { patchSettings } from '../../lib/notifications/settings';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnWorker, untilStarted } from '../support/worker-process';
import type { Answer, FakeReport } from './delivery-fake-process';

interface Scale {
  mailEvents: number;
  subscribers: number;
  slackChannels: number;
  slackPerChannel: number;
}
const FULL: Scale = { mailEvents: 10, subscribers: 1_000, slackChannels: 30, slackPerChannel: 100 }; // 10,000 emails, 3,000 messages
const SMOKE: Scale = { mailEvents: 3, subscribers: 100, slackChannels: 6, slackPerChannel: 10 };
const RESEND_LIMIT = 5;
const SLACK_LIMIT = 1;
// Network-like latency of each provider answer, so the worker's concurrency matters as it would.
const RESEND_LATENCY_MS = 150;
const SLACK_LATENCY_MS = 50;
const TOKEN = 'xoxb-bench-token';
const RESEND_KEY = 're_bench_key';

interface RunningFake {
  url: string;
  report: () => Promise<FakeReport>;
  stop: () => void;
}

/** A fake in its own process (see delivery-fake-process.ts). */
async function startFakeProcess(kind: 'resend' | 'slack', options: Record<string, unknown>): Promise<RunningFake> {
  const child: ChildProcess = fork(path.resolve('tests/bench/delivery-fake-process.ts'), [kind, JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the ${kind} fake exited (${code})`)));
  });
  return {
    url,
    report: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as FakeReport));
        child.send('report');
      }),
    stop: () => void child.kill(),
  };
}

async function buildScene(key: Buffer, scale: Scale): Promise<void> {
  const { mailEvents: MAIL_EVENTS, subscribers: SUBSCRIBERS, slackChannels: SLACK_CHANNELS, slackPerChannel: SLACK_PER_CHANNEL } = scale;
  await db().execute(sql`truncate users, product_types, notification_events, notification_settings, system_settings,
    webhook_endpoints, delivery_rate_limits, outbox_emails restart identity cascade`);
  const [ids] = await db().execute<{ pt: number; p: number; e: number }>(sql`
    with pt as (insert into product_types (name) values ('Bench') returning id),
    p as (insert into products (name, prod_type_id) select 'Mail product', id from pt returning id),
    e as (insert into engagements (product_id, name, target_start, target_end) select id, 'Bench', '2026-01-01', '2026-12-31' from p returning id)
    select pt.id as pt, p.id as p, e.id as e from pt, p, e`);
  await db().execute(sql`
    insert into users (username, email, password_hash)
    select 'bench' || i, 'bench' || i || '@example.com', 'not a hash' from generate_series(1, ${SUBSCRIBERS}) i`);
  await db().execute(sql`insert into product_members (product_id, user_id, role) select ${ids!.p}, id, 'Reader' from users`);
  await db().execute(sql`insert into notification_settings (user_id, engagement_added) select id, '{mail}' from users`);
  await patchSettings(db(), { scope: 'system' }, { engagement_added: [], other: ['slack'] });
  await updateIntegrations(db(), {
    enableMailNotifications: true,
    enableSlackNotifications: true,
    slackTokenEncrypted: encryptSecret(TOKEN, key),
    slackChannel: 'C0GENERAL',
  });
  // Each Slack channel is a product's own destination; the messages are that product's events.
  const products = await db().execute<{ id: number }>(sql`
    insert into products (name, prod_type_id) select 'Slack product ' || i, ${ids!.pt} from generate_series(0, ${SLACK_CHANNELS - 1}) i returning id`);
  for (const [i, product] of products.entries()) await setProductDestinations(db(), product.id, { slackChannel: channelName(i) });
  for (let n = 0; n < MAIL_EVENTS; n++)
    await notify({ type: 'engagement_added', title: `Bench engagement ${n}`, url: `/engagements/${ids!.e}`, engagement: ids!.e });
  // Round-robin over the channels, as events from many products would arrive.
  for (let n = 0; n < SLACK_PER_CHANNEL; n++) {
    for (const product of products) await notify({ type: 'other', title: `Bench message ${n}`, product: product.id });
  }
  const [counts] = await db().execute<{ mail: number; slack: number }>(sql`
    select count(*) filter (where channel = 'mail')::int as mail, count(*) filter (where channel = 'slack')::int as slack from deliveries`);
  if (counts?.mail !== MAIL_EVENTS * SUBSCRIBERS || counts.slack !== SLACK_CHANNELS * SLACK_PER_CHANNEL) {
    throw new Error(`unexpected jobs: ${JSON.stringify(counts)}`);
  }
  await db().execute(sql`analyze`);
}

const channelName = (i: number) => `C${String(i).padStart(4, '0')}`;

/** The most messages a channel got within any one-second window. */
function busiestSecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** CPU seconds (user + system) the process has used. */
function cpuSecondsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s on Linux)
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

export interface RunResult {
  workers: number;
  resendRate: number;
  resend429Share: number;
  slackRate: number;
  slackPerChannel: number;
  slack429Share: number;
  delivered: number;
  expected: number;
}

export default async function deliveryBench(args: string[] = []): Promise<void> {
  const smoke = args.includes('--smoke');
  const only = args.includes('--workers') ? Number(args[args.indexOf('--workers') + 1]) : null;
  const scale = smoke ? SMOKE : FULL;
  const results: RunResult[] = [];
  for (const workers of only ? [only] : [3, 1]) results.push(await runOnce(scale, workers));
  console.log('');
  console.log(
    '| workers | Resend req/s (limit ' +
      RESEND_LIMIT +
      ') | Resend 429s | Slack msg/s (limit ' +
      scale.slackChannels * SLACK_LIMIT +
      ') | per channel (limit 1) | Slack 429s |',
  );
  for (const r of results) {
    console.log(
      `| ${r.workers} | ${r.resendRate.toFixed(2)} (${pct(r.resendRate, RESEND_LIMIT)}) | ${(r.resend429Share * 100).toFixed(2)} % | ${r.slackRate.toFixed(1)} (${pct(r.slackRate, scale.slackChannels * SLACK_LIMIT)}) | ${r.slackPerChannel.toFixed(3)} | ${(r.slack429Share * 100).toFixed(2)} % |`,
    );
  }
  // The smoke mode fails when the bench measured nothing or lost messages; the targets are for the full run.
  for (const r of results) {
    if (!(r.resendRate > 0) || !(r.slackRate > 0)) throw new Error(`the ${r.workers}-worker run measured nothing`);
    if (r.delivered !== r.expected) throw new Error(`the ${r.workers}-worker run delivered ${r.delivered} of ${r.expected}`);
  }
  const three = results.find((r) => r.workers === 3);
  if (!smoke && three) {
    const within = three.resend429Share <= 0.01 && three.slack429Share <= 0.01;
    const busy = three.resendRate >= 0.9 * RESEND_LIMIT && three.slackRate >= 0.9 * scale.slackChannels * SLACK_LIMIT;
    console.log(`target (three workers: ≤ 1 % answered 429, ≥ 90 % of each limit): ${within && busy ? 'met' : 'NOT met'}`);
  }
}

const pct = (value: number, limit: number) => `${((value / limit) * 100).toFixed(1)} %`;

async function runOnce(scale: Scale, workerCount: number): Promise<RunResult> {
  const keyText = generateEncryptionKey();
  const resend = await startFakeProcess('resend', { apiKey: RESEND_KEY, requestsPerSecond: RESEND_LIMIT, latencyMs: RESEND_LATENCY_MS });
  const slackChannels = ['C0GENERAL', ...Array.from({ length: scale.slackChannels }, (_, i) => channelName(i))];
  const slack = await startFakeProcess('slack', {
    token: TOKEN,
    channels: slackChannels,
    perChannelPerSecond: SLACK_LIMIT,
    latencyMs: SLACK_LATENCY_MS,
  });
  try {
    const mails = scale.mailEvents * scale.subscribers;
    const messages = scale.slackChannels * scale.slackPerChannel;
    console.log(
      `delivery: building ${mails.toLocaleString('en')} mail jobs and ${messages.toLocaleString('en')} Slack jobs for ${workerCount} worker(s)…`,
    );
    await buildScene(parseEncryptionKey(keyText), scale);

    const env = {
      DATABASE_URL: process.env.DATABASE_URL!,
      TOCSIN_ENCRYPTION_KEY: keyText,
      RESEND_API_KEY: RESEND_KEY,
      RESEND_BASE_URL: resend.url,
      SLACK_API_URL: slack.url,
      NODE_ENV: 'production',
    };
    // Started before the jobs are due, so that none of them has a head start.
    await db().execute(sql`update deliveries set next_attempt_at = now() + interval '1 day' where status = 'pending'`);
    const workers = Array.from({ length: workerCount }, () => spawnWorker(env));
    await Promise.all(workers.map((w) => untilStarted(w, 120_000)));
    const pids = workers.map((w) => w.child.pid!);
    const idleMb = pids.map((pid) => memoryOf(pid).rssMb);
    const startCpu = pids.map(cpuSecondsOf);
    await db().execute(sql`update deliveries set next_attempt_at = now() where status = 'pending'`);
    await db().execute(sql`select pg_notify('tocsin_deliveries', 'bench')`);
    const start = Date.now();
    const peakMb = pids.map(() => 0);
    const sampler = setInterval(() => pids.forEach((pid, i) => (peakMb[i] = Math.max(peakMb[i]!, memoryOf(pid).peakMb))), 500);
    for (;;) {
      const [row] = await db().execute<{ open: number }>(
        sql`select count(*)::int as open from deliveries where status in ('pending', 'sending')`,
      );
      if (row!.open === 0) break;
      if (Date.now() - start > 15 * 60_000) throw new Error('the bench did not finish in 15 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    clearInterval(sampler);
    pids.forEach((pid, i) => (peakMb[i] = Math.max(peakMb[i]!, memoryOf(pid).peakMb)));
    const cpuSeconds = pids.map((pid, i) => cpuSecondsOf(pid) - startCpu[i]!);
    const wallSeconds = (Date.now() - start) / 1000;
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));

    const [final] = await db().execute<{ sent: number; dead: number }>(sql`
      select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'dead')::int as dead from deliveries`);
    const [mail, posted] = await Promise.all([resend.report(), slack.report()]);
    return report({
      workers: workerCount,
      scale,
      start,
      resendAnswers: mail.answers,
      slackAnswers: posted.answers,
      inbox: mail.delivered,
      posts: posted.delivered,
      idleMb,
      peakMb,
      cpuSeconds,
      wallSeconds,
      final: final!,
    });
  } finally {
    resend.stop();
    slack.stop();
  }
}

function report(r: {
  workers: number;
  scale: Scale;
  start: number;
  resendAnswers: Answer[];
  slackAnswers: Answer[];
  inbox: number;
  posts: number;
  idleMb: number[];
  peakMb: number[];
  cpuSeconds: number[];
  wallSeconds: number;
  final: { sent: number; dead: number };
}): RunResult {
  const mailCalls = r.resendAnswers.filter((a) => a.status === 200);
  if (process.env.BENCH_TIMELINE)
    fs.writeFileSync(process.env.BENCH_TIMELINE, JSON.stringify({ start: r.start, resend: r.resendAnswers, slack: r.slackAnswers }));
  const mail429 = r.resendAnswers.filter((a) => a.status === 429).length;
  const posts = r.slackAnswers.filter((a) => a.path.endsWith('chat.postMessage'));
  const slackOk = posts.filter((a) => a.status === 200);
  const slack429 = posts.filter((a) => a.status === 429).length;
  const byChannel = new Map<string, number[]>();
  for (const a of slackOk) byChannel.set(a.channel ?? '', [...(byChannel.get(a.channel ?? '') ?? []), a.at]);
  const perChannel = [...byChannel.values()].map((unsorted) => {
    const times = unsorted.sort((a, b) => a - b);
    return { rate: (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000), busiest: busiestSecond(times) };
  });
  const meanRate = perChannel.reduce((sum, c) => sum + c.rate, 0) / Math.max(1, perChannel.length);
  const steady = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return sorted.length > 1 ? (sorted.length - 1) / ((sorted.at(-1)! - sorted[0]!) / 1000) : 0;
  };
  const resendRate = steady(mailCalls.map((a) => a.at));
  const slackRate = steady(slackOk.map((a) => a.at));
  const mailSeconds = mailCalls.length > 0 ? (Math.max(...mailCalls.map((a) => a.at)) - r.start) / 1000 : 0;
  const slackSeconds = slackOk.length > 0 ? (Math.max(...slackOk.map((a) => a.at)) - r.start) / 1000 : 0;

  console.log(
    `delivery: ${r.final.sent.toLocaleString('en')} sent, ${r.final.dead} dead; ${r.workers} worker process(es) (default settings)`,
  );
  console.log(
    `  Resend   ${r.inbox.toLocaleString('en')} emails in ${mailCalls.length} calls, the last ${mailSeconds.toFixed(1)} s after the start`,
  );
  console.log(
    `           ${resendRate.toFixed(2)} requests/s from the first call to the last, beside the limit of ${RESEND_LIMIT}/s (${pct(resendRate, RESEND_LIMIT)})`,
  );
  console.log(`           429 answers: ${mail429} of ${r.resendAnswers.length} requests`);
  console.log(
    `  Slack    ${r.posts.toLocaleString('en')} messages over ${perChannel.length} channels, the last ${slackSeconds.toFixed(1)} s after the start: ${slackRate.toFixed(1)} msg/s (limit ${r.scale.slackChannels * SLACK_LIMIT}/s)`,
  );
  console.log(
    `           per channel: ${meanRate.toFixed(3)} msg/s on average (limit ${SLACK_LIMIT}/s); busiest second of any channel: ${Math.max(0, ...perChannel.map((c) => c.busiest))} message(s)`,
  );
  console.log(`           429 answers: ${slack429} of ${posts.length} requests`);
  console.log(
    `  Workers  peak memory (VmHWM): ${r.peakMb.map((m) => m.toFixed(0)).join(', ')} MB (${r.idleMb.map((m) => m.toFixed(0)).join(', ')} MB idle)`,
  );
  console.log(
    `           CPU: ${r.cpuSeconds.map((c) => c.toFixed(1)).join(', ')} s over ${r.wallSeconds.toFixed(1)} s; machine load average at the end: ${loadavg()[0]!.toFixed(1)}`,
  );
  return {
    workers: r.workers,
    resendRate,
    resend429Share: mail429 / Math.max(1, r.resendAnswers.length),
    slackRate,
    slackPerChannel: meanRate,
    slack429Share: slack429 / Math.max(1, posts.length),
    delivered: r.inbox + r.posts,
    expected: r.scale.mailEvents * r.scale.subscribers + r.scale.slackChannels * r.scale.slackPerChannel,
  };
}
