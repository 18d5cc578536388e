// `npm run realtime`: the socket.io sidecar as its own process (DESIGN §1). Imports nothing from Next.js.
import { config, databaseUrl } from '../config';
import { openSqlClient } from '../db/client';
import { errorText, jsonLogger } from './logger';
import { allowedOrigins } from './origins';
import { startRealtimeServer } from './server';

const log = jsonLogger();

async function main(): Promise<void> {
  const cfg = config();
  if (!cfg.NEXTAUTH_SECRET) throw new Error("NEXTAUTH_SECRET is not set: the sidecar needs the app's secret to read session cookies.");

  // Its own pool, planning each run for key lookups (openSqlClient says why).
  const sql = openSqlClient(databaseUrl(), { keyedReads: true, applicationName: 'tocsin-realtime' });
  const server = await startRealtimeServer({
    port: cfg.REALTIME_PORT,
    secret: cfg.NEXTAUTH_SECRET,
    allowedOrigins: allowedOrigins(cfg),
    sql,
    databaseUrl: databaseUrl(),
    redisUrl: cfg.REDIS_URL,
    redisKeyPrefix: cfg.REDIS_KEY_PREFIX,
    metricsToken: cfg.METRICS_TOKEN,
    log,
    healthSecret: cfg.REALTIME_HEALTH_SECRET,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await server.close();
    await sql.end({ timeout: 5 });
    clearTimeout(force);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  log.error('failed to start', { error: errorText(error) });
  process.exit(1);
});
