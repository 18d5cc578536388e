// `npm run worker` (and a child of `npm run dev` / `npm start`): the background process. It drains
// the delivery queue, ticks the daily schedules and purges old alerts once a day. Never imports
// Next.js; stops gracefully on SIGTERM / SIGINT.
import { config } from '../config';
import { closeDb, db, sqlClient } from '../db/client';
import { startWorkerHealthServer, type HealthServer } from './health-server';
import { deliveryOptionsFromConfig } from '../delivery/options';
import { localOutboxNotice } from '../delivery/outbox-store';
import { startRetentionTimer, type RetentionTimer } from './retention-timer';
import { startScheduleTimer, type ScheduleTimer } from './schedule-timer';
import { DeliveryWorker } from './delivery-loop';
import { errorText } from '../db/error-text';

const log = (line: string) => console.log(`[worker] ${line}`);

async function main(): Promise<void> {
  const cfg = config();
  const options = deliveryOptionsFromConfig(cfg);
  const worker = new DeliveryWorker({ db: db(), sql: sqlClient(), options, log });
  let schedules: ScheduleTimer | null = null;
  let retention: RetentionTimer | null = null;
  let health: HealthServer | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      log(`${signal}: finishing the sends in flight…`);
      await Promise.all([worker.stop(), schedules?.stop(), retention?.stop(), health?.close()]);
      await closeDb();
      log('stopped');
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (cfg.WORKER_PORT !== undefined) {
    health = await startWorkerHealthServer({
      port: cfg.WORKER_PORT,
      sql: sqlClient(),
      metricsToken: cfg.METRICS_TOKEN,
      stopping: () => stopping !== null,
    });
    log(`health and metrics on :${health.port} (GET /healthz, GET /metrics)`);
  }
  await worker.start();
  schedules = startScheduleTimer(db(), log);
  retention = startRetentionTimer(db(), log);
  const mail = options.resendApiKey ? `Resend (${options.endpoints.resendBaseUrl})` : 'the local outbox (no RESEND_API_KEY)';
  log(
    `delivering: mail to ${mail}; ${options.concurrency} requests at once, lease ${options.leaseMs / 1000} s, at most ${options.retryPolicy.maxAttempts} attempts`,
  );
  const outbox = await localOutboxNotice(db(), options.resendApiKey).catch(() => null);
  if (outbox) log(`warning: ${outbox}`);
  if (!options.encryptionKey)
    log('warning: TOCSIN_ENCRYPTION_KEY is not set: deliveries needing a stored secret (Slack, Teams, webhooks) will fail');
}

main().catch((error: unknown) => {
  console.error(`[worker] ${errorText(error)}`);
  process.exit(1);
});
