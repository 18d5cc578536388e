// Delivery benchmark (issue 8): 10,000 emails and 2,000 Slack messages through the fakes set to the
// providers' published limits (Resend: 10 requests/s per team, announced in ratelimit-* headers;
// Slack: about 1 message/s per channel), drained by one worker process; each fake runs in a process
// of its own. Reports throughput beside each limit, the 429s met on the way, and the worker's peak memory.
import fs from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { encryptSecret, generateEncryptionKey, parseEncryptionKey } from '../../lib/crypto/secrets';
import { db } from '../../lib/db/client';
import { setProductDestinations, updateIntegrations } from '../../lib/notifications/integrations';
import { notify } from '../../lib/notifications/notify';
import { patchSettings } from '../../lib/notifications/settings';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnWorker, untilStarted } from '../support/worker-process';
import type { Answer, FakeReport } from './delivery-fake-process';

const MAIL_EVENTS = 10;
const SUBSCRIBERS = 1_000; // 10 events × 1,000 subscribers = 10,000 emails
const SLACK_CHANNELS = 40;
const SLACK_PER_CHANNEL = 50; // 2,000 messages: about 50 s at 1/s per channel
const RESEND_LIMIT = 10;
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

async function buildScene(key: Buffer): Promise<void> {
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
    enableSlackNotifications: true, slackTokenEncrypted: encryptSecret(TOKEN, key), slackChannel: 'C0GENERAL',
  });
  // Each Slack channel is a product's own destination; the messages are that product's events.
  const products = await db().execute<{ id: number }>(sql`
    insert into products (name, prod_type_id) select 'Slack product ' || i, ${ids!.pt} from generate_series(0, ${SLACK_CHANNELS - 1}) i returning id`);
  for (const [i, product] of products.entries()) await setProductDestinations(db(), product.id, { slackChannel: channelName(i) });
  for (let n = 0; n < MAIL_EVENTS; n++) await notify({ type: 'engagement_added', title: `Bench engagement ${n}`, url: `/engagements/${ids!.e}`, engagement: ids!.e });
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

export default async function deliveryBench(): Promise<void> {
  const keyText = generateEncryptionKey();
  const resend = await startFakeProcess('resend', { apiKey: RESEND_KEY, requestsPerSecond: RESEND_LIMIT, latencyMs: RESEND_LATENCY_MS });
  const slackChannels = ['C0GENERAL', ...Array.from({ length: SLACK_CHANNELS }, (_, i) => channelName(i))];
  const slack = await startFakeProcess('slack', { token: TOKEN, channels: slackChannels, perChannelPerSecond: SLACK_LIMIT, latencyMs: SLACK_LATENCY_MS });
  try {
    console.log(`delivery: building ${(MAIL_EVENTS * SUBSCRIBERS).toLocaleString('en')} mail jobs and ${(SLACK_CHANNELS * SLACK_PER_CHANNEL).toLocaleString('en')} Slack jobs…`);
    await buildScene(parseEncryptionKey(keyText));

    const worker = spawnWorker({
      DATABASE_URL: process.env.DATABASE_URL!,
      TOCSIN_ENCRYPTION_KEY: keyText,
      RESEND_API_KEY: RESEND_KEY,
      RESEND_BASE_URL: resend.url,
      SLACK_API_URL: slack.url,
      NODE_ENV: 'production',
    });
    await untilStarted(worker);
    const idleMb = memoryOf(worker.child.pid!).rssMb;
    const startCpu = cpuSecondsOf(worker.child.pid!);
    const start = Date.now();
    let peakMb = 0;
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, memoryOf(worker.child.pid!).peakMb)), 500);
    for (;;) {
      const [row] = await db().execute<{ open: number }>(sql`select count(*)::int as open from deliveries where status in ('pending', 'sending')`);
      if (row!.open === 0) break;
      if (Date.now() - start > 10 * 60_000) throw new Error('the bench did not finish in 10 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    clearInterval(sampler);
    peakMb = Math.max(peakMb, memoryOf(worker.child.pid!).peakMb);
    const cpuSeconds = cpuSecondsOf(worker.child.pid!) - startCpu;
    const wallSeconds = (Date.now() - start) / 1000;
    worker.child.kill('SIGTERM');
    await worker.exited;

    const [final] = await db().execute<{ sent: number; dead: number }>(sql`
      select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'dead')::int as dead from deliveries`);
    const [mail, messages] = await Promise.all([resend.report(), slack.report()]);
    report({
      start, resendAnswers: mail.answers, slackAnswers: messages.answers, inbox: mail.delivered, posts: messages.delivered,
      idleMb, peakMb, cpuSeconds, wallSeconds, final: final!,
    });
  } finally {
    resend.stop();
    slack.stop();
  }
}

function report(r: {
  start: number; resendAnswers: Answer[]; slackAnswers: Answer[]; inbox: number; posts: number; idleMb: number; peakMb: number;
  cpuSeconds: number; wallSeconds: number;
  final: { sent: number; dead: number };
}): void {
  const mailCalls = r.resendAnswers.filter((a) => a.status === 200);
  const mailSeconds = (Math.max(...mailCalls.map((a) => a.at)) - r.start) / 1000;
  const mail429 = r.resendAnswers.filter((a) => a.status === 429).length;
  const posts = r.slackAnswers.filter((a) => a.path.endsWith('chat.postMessage'));
  const slackOk = posts.filter((a) => a.status === 200);
  const slack429 = posts.filter((a) => a.status === 429).length;
  const slackSeconds = (Math.max(...slackOk.map((a) => a.at)) - r.start) / 1000;
  const byChannel = new Map<string, number[]>();
  for (const a of slackOk) byChannel.set(a.channel ?? '', [...(byChannel.get(a.channel ?? '') ?? []), a.at]);
  const perChannel = [...byChannel.values()].map((unsorted) => {
    const times = unsorted.sort((a, b) => a - b);
    return { rate: (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000), busiest: busiestSecond(times) };
  });
  const meanRate = perChannel.reduce((sum, c) => sum + c.rate, 0) / perChannel.length;
  const pct = (value: number, limit: number) => `${((value / limit) * 100).toFixed(1)} % of the limit`;
  const requestRate = mailCalls.length / mailSeconds;

  console.log(`delivery: ${r.final.sent.toLocaleString('en')} sent, ${r.final.dead} dead; one worker process (default settings)`);
  const callTimes = mailCalls.map((a) => a.at).sort((a, b) => a - b);
  const steadyRate = (callTimes.length - 1) / ((callTimes.at(-1)! - callTimes[0]!) / 1000);
  console.log(`  Resend   ${r.inbox.toLocaleString('en')} emails in ${mailCalls.length} batch calls, the last ${mailSeconds.toFixed(1)} s after the worker started`);
  console.log(`           ${requestRate.toFixed(2)} requests/s overall, ${steadyRate.toFixed(2)} from the first call to the last, beside the limit of ${RESEND_LIMIT}/s (${pct(steadyRate, RESEND_LIMIT)}); ${(r.inbox / mailSeconds).toFixed(0)} emails/s`);
  console.log(`           429 answers: ${mail429}`);
  console.log(`  Slack    ${r.posts.toLocaleString('en')} messages over ${perChannel.length} channels in ${slackSeconds.toFixed(1)} s: ${(r.posts / slackSeconds).toFixed(1)} msg/s (limit ${SLACK_CHANNELS * SLACK_LIMIT}/s)`);
  console.log(`           per channel: ${meanRate.toFixed(3)} msg/s on average beside the limit of ${SLACK_LIMIT}/s (${pct(meanRate, SLACK_LIMIT)}); busiest second of any channel: ${Math.max(...perChannel.map((c) => c.busiest))} message(s)`);
  const mailEnd = Math.max(...mailCalls.map((a) => a.at));
  const during = posts.filter((a) => a.status === 429 && a.at <= mailEnd).length;
  console.log(`           429 answers: ${slack429} (${during} of them while the Resend batches were being sent too)`);
  console.log(`  Worker   peak memory (VmHWM): ${r.peakMb.toFixed(0)} MB (${r.idleMb.toFixed(0)} MB when it started, idle)`);
  console.log(`           CPU: ${r.cpuSeconds.toFixed(1)} s over ${r.wallSeconds.toFixed(1)} s; machine load average at the end: ${loadavg()[0]!.toFixed(1)}`);
}
