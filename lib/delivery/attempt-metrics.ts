// The worker's metrics. Sends are measured where they happen (a wrapper around every sender):
// latency, attempts by result, 429s. The queue is read from the database at scrape time, so queue
// depth, oldest due age, held jobs and dead letters are what the table holds, for every worker.
import type postgres from 'postgres';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SendResult } from './types';

export interface WorkerMetrics {
  registry: Registry;
  sendDuration: Histogram<'channel' | 'result'>;
  attempts: Counter<'channel' | 'result'>;
  rateLimited: Counter<'channel'>;
}

let current: WorkerMetrics | undefined;

/** The process's worker metrics; `sql` (given once, by the worker's entry) enables the queue gauges. */
export function workerMetrics(sql?: postgres.Sql): WorkerMetrics {
  if (current) return current;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tocsin_worker_' });
  current = {
    registry,
    sendDuration: new Histogram({
      name: 'tocsin_delivery_send_duration_seconds',
      help: 'Time of one request to a provider or endpoint (a Resend batch is one), by channel and result.',
      labelNames: ['channel', 'result'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    attempts: new Counter({
      name: 'tocsin_delivery_attempts_total',
      help: 'Delivery attempts by this process, by channel and result: sent, retry (will be tried again) or failed (refused for good).',
      labelNames: ['channel', 'result'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'tocsin_delivery_rate_limited_total',
      help: 'Attempts a provider answered with 429 (rate limited), by channel.',
      labelNames: ['channel'],
      registers: [registry],
    }),
  };
  if (sql) registerQueueGauges(registry, sql);
  return current;
}

export function recordAttempt(channel: string, result: SendResult, seconds: number): void {
  // A deferred job got no turn from the shared limits: no request was made, so it is no attempt.
  if (!result.ok && result.deferMs !== undefined) return;
  const metrics = workerMetrics();
  const outcome = result.ok ? 'sent' : result.retryable ? 'retry' : 'failed';
  metrics.sendDuration.observe({ channel, result: outcome }, seconds);
  metrics.attempts.inc({ channel, result: outcome });
  if (!result.ok && result.statusCode === 429) metrics.rateLimited.inc({ channel });
}

interface QueueRow {
  channel: string;
  status: string;
  jobs: number;
  due: number;
  age: number;
}

function registerQueueGauges(registry: Registry, sql: postgres.Sql): void {
  // prom-client collects the gauges of one scrape concurrently: they share one query per second.
  let snapshot: { at: number; rows: Promise<QueueRow[]> } | undefined;
  const queue = () => {
    if (!snapshot || Date.now() - snapshot.at > 1_000) {
      snapshot = {
        at: Date.now(),
        rows: sql<QueueRow[]>`
          select channel::text, status::text, count(*)::int as jobs,
                 (count(*) filter (where status in ('pending', 'sending') and next_attempt_at <= now()))::int as due,
                 coalesce(extract(epoch from now() - min(next_attempt_at)
                          filter (where status in ('pending', 'sending') and next_attempt_at <= now())), 0)::float8 as age
          from deliveries group by channel, status`.then((rows) => [...rows]),
      };
    }
    return snapshot.rows;
  };
  const perChannel = (rows: QueueRow[], pick: (row: QueueRow, seen: number) => number) => {
    const out = new Map<string, number>();
    for (const row of rows) out.set(row.channel, pick(row, out.get(row.channel) ?? 0));
    return out;
  };
  new Gauge({
    name: 'tocsin_deliveries',
    help: 'Delivery jobs in the database by channel and status (dead = dead letters, held = digests and quiet hours).',
    labelNames: ['channel', 'status'],
    registers: [registry],
    async collect() {
      const rows = await queue();
      this.reset();
      for (const row of rows) this.set({ channel: row.channel, status: row.status }, row.jobs);
    },
  });
  new Gauge({
    name: 'tocsin_delivery_queue_depth',
    help: 'Jobs due now and waiting for a worker, by channel.',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [channel, jobs] of perChannel(await queue(), (row, seen) => seen + row.due)) this.set({ channel }, jobs);
    },
  });
  new Gauge({
    name: 'tocsin_delivery_oldest_due_age_seconds',
    help: 'How long the oldest due job has been waiting, by channel (0 when none is due).',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [channel, age] of perChannel(await queue(), (row, seen) => Math.max(seen, row.age))) this.set({ channel }, age);
    },
  });
}

/** The same sender, every request timed and its result counted. */
export function instrumented<S extends { readonly channel: string; send(message: never): Promise<SendResult> }>(sender: S): S {
  const wrapped = Object.create(sender) as S & { sendBatch?: (messages: never[]) => Promise<SendResult[]> };
  wrapped.send = (async (message: never) => {
    const started = performance.now();
    const result = await sender.send(message);
    recordAttempt(sender.channel, result, (performance.now() - started) / 1000);
    return result;
  }) as S['send'];
  const batch = (sender as { sendBatch?: (messages: never[]) => Promise<SendResult[]> }).sendBatch;
  if (batch) {
    wrapped.sendBatch = async (messages: never[]) => {
      const started = performance.now();
      const results = await batch.call(sender, messages);
      const seconds = (performance.now() - started) / 1000;
      for (const result of results) recordAttempt(sender.channel, result, seconds);
      return results;
    };
  }
  return wrapped;
}
