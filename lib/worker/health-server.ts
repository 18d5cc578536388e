// The worker's own small HTTP server, when WORKER_PORT is set: GET /healthz (ok / not ok with a
// reason: the database reachable and migrated, the worker not stopping) and GET /metrics
// (Prometheus, behind METRICS_TOKEN). Nothing else is served.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type postgres from 'postgres';
import { databaseHealth, type Health } from '../health/database-health';
import { scrape } from '../metrics/scrape';
import { workerMetrics } from '../delivery/attempt-metrics';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startWorkerHealthServer(options: {
  port: number;
  sql: postgres.Sql;
  metricsToken?: string;
  stopping: () => boolean;
}): Promise<HealthServer> {
  const registry = workerMetrics(options.sql).registry;
  const server = http.createServer((req, res) => {
    const path = req.url?.split('?')[0];
    const answer = async () => {
      if (req.method === 'GET' && path === '/healthz') {
        const health: Health = options.stopping() ? { status: 'not ok', reason: 'stopping' } : await databaseHealth(options.sql);
        return { status: health.status === 'ok' ? 200 : 503, contentType: 'application/json', body: JSON.stringify(health) };
      }
      if (req.method === 'GET' && path === '/metrics') return scrape(registry, req.headers.authorization, options.metricsToken);
      return { status: 404, contentType: 'application/json', body: '{"detail":"Not found."}' };
    };
    answer()
      .catch(() => ({ status: 503, contentType: 'application/json', body: '{"status":"not ok","reason":"internal error"}' }))
      .then(({ status, contentType, body }) =>
        res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
