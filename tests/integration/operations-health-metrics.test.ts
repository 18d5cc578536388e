// What an operator's probes and Prometheus see: /api/health on the web, /healthz and /metrics on the
// worker, API request metrics behind METRICS_TOKEN, and the refusal of an unsupported PostgreSQL.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { unsupportedPostgres } from '@/lib/db/migrate';
import { databaseHealth } from '@/lib/health/database-health';
import { scrape } from '@/lib/metrics/scrape';
import { webMetrics } from '@/lib/metrics/web';
import { startApiApp, type ApiApp } from '../support/api';
import { freePort } from '../support/free-port';
import { withDatabase } from '../support/database';
import {
  configureIntegrations,
  emitEvents,
  ENCRYPTION_KEY_HEX,
  RESEND_KEY,
  startFakes,
  subscribedProgram,
  type Fakes,
} from '../support/delivery-world';
import { spawnWorker, untilStarted, type WorkerProcess } from '../support/worker-process';

const METRICS_TOKEN = 'metrics-token-0123456789';
let t: ApiApp;

beforeAll(async () => {
  // The app's own worker stays off: the worker under test must be the one sending this file's jobs.
  t = await startApiApp({ METRICS_TOKEN, TOCSIN_WORKER: '0' });
});
afterAll(async () => t?.stop());

describe('web health', () => {
  it('GET /api/health answers ok while the database is reachable and migrated', async () => {
    const response = await fetch(`${t.app.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('says "not migrated" for an empty database and "unreachable" for none, with no internal detail', async () => {
    const adminUrl = inject('adminUrl');
    const emptyUrl = withDatabase(adminUrl, `tocsin_empty_${process.pid}`);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${new URL(emptyUrl).pathname.slice(1)}"`);
    await admin.unsafe(`create database "${new URL(emptyUrl).pathname.slice(1)}"`);
    const empty = postgres(emptyUrl, { max: 1, onnotice: () => {} });
    const closed = postgres(`postgres://postgres@127.0.0.1:${await freePort()}/none`, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      expect(await databaseHealth(empty)).toEqual({ status: 'not ok', reason: 'database not migrated' });
      expect(await databaseHealth(closed)).toEqual({ status: 'not ok', reason: 'database unreachable' });
    } finally {
      await Promise.all([empty.end(), closed.end()]);
      await admin.unsafe(`drop database if exists "${new URL(emptyUrl).pathname.slice(1)}" with (force)`);
      await admin.end();
    }
  });
});

describe('web metrics', () => {
  it('are served only with the metrics token', async () => {
    expect((await fetch(`${t.app.url}/api/metrics`)).status).toBe(401);
    const wrong = await fetch(`${t.app.url}/api/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('tocsin_');
  });

  it('count and time API requests by route template, method and status', async () => {
    await t.admin.get('/products');
    await t.admin.get('/products/987654');
    const response = await fetch(`${t.app.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/tocsin_http_requests_total\{method="GET",route="\/api\/v2\/products",status="200"\} [1-9]/);
    expect(text).toMatch(/tocsin_http_requests_total\{method="GET",route="\/api\/v2\/products\/\{id\}",status="404"\} [1-9]/);
    expect(text).toMatch(/tocsin_http_request_duration_seconds_count\{method="GET",route="\/api\/v2\/products",status="200"\} [1-9]/);
  });

  it('do not exist without METRICS_TOKEN', async () => {
    const none = await scrape(webMetrics().registry, 'Bearer ', undefined);
    expect(none.status).toBe(404);
    expect(none.body).not.toContain('tocsin_');
  });
});

describe('worker health and metrics', () => {
  let fakes: Fakes;
  let worker: WorkerProcess | undefined;
  beforeAll(async () => {
    fakes = await startFakes({ users: 3 });
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker?.exited;
    await fakes?.close();
  });

  it('answer on WORKER_PORT: /healthz ok, /metrics with sends, 429s and the queue by channel', async () => {
    const port = await freePort();
    await configureIntegrations(fakes);
    const { engagementId } = await subscribedProgram(3);
    await emitEvents(engagementId, 2);
    fakes.slack.failNext(1, { status: 429, retryAfter: 1 });
    worker = spawnWorker({
      DATABASE_URL: process.env.DATABASE_URL!,
      WORKER_PORT: String(port),
      METRICS_TOKEN,
      TOCSIN_ENCRYPTION_KEY: ENCRYPTION_KEY_HEX,
      RESEND_API_KEY: RESEND_KEY,
      RESEND_BASE_URL: fakes.resend.url,
      SLACK_API_URL: fakes.slack.apiUrl,
      TOCSIN_ALLOW_PRIVATE_URLS: '1',
      APP_URL: 'http://tocsin.test',
    });
    await untilStarted(worker);
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);

    const metrics = async () => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const allSent = /tocsin_deliveries\{channel="slack",status="sent"\} 8/;
    await expect.poll(async () => allSent.test(await metrics()), { timeout: 20_000 }).toBe(true);
    const text = await metrics();
    expect(text).toMatch(/tocsin_delivery_rate_limited_total\{channel="slack"\} 1$/m);
    expect(text).toMatch(/tocsin_delivery_attempts_total\{channel="slack",result="retry"\} 1$/m);
    expect(text).toMatch(/tocsin_delivery_attempts_total\{channel="mail",result="sent"\} [1-9]/);
    expect(text).toMatch(/tocsin_delivery_send_duration_seconds_count\{channel="slack",result="sent"\} [1-9]/);
    expect(text).toMatch(/tocsin_delivery_queue_depth\{channel="mail"\} \d/);
    expect(text).toMatch(/tocsin_delivery_oldest_due_age_seconds\{channel="mail"\} [\d.]+/);
    expect(text).toContain('tocsin_worker_process_resident_memory_bytes');
  });
});

describe('PostgreSQL version', () => {
  it('older than 15 is refused with a clear message; this server passes', async () => {
    expect(unsupportedPostgres('140011', '14.11')).toBe('PostgreSQL 14.11 is not supported: Tocsin needs PostgreSQL 15 or newer.');
    expect(unsupportedPostgres('150019', '15.19')).toBeNull();
    const sql = postgres(process.env.DATABASE_URL!, { max: 1 });
    const [row] = await sql`select current_setting('server_version_num') as num, current_setting('server_version') as v`;
    await sql.end();
    expect(unsupportedPostgres(row!.num, row!.v)).toBeNull();
  });
});
