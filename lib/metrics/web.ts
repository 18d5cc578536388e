// The web process's metrics: API requests by route, method and status, and how long they took.
// One registry per process, kept on globalThis so every route bundle of Next.js shares it.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

interface WebMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
}

const holder = globalThis as unknown as { __tocsinWebMetrics?: WebMetrics };

export function webMetrics(): WebMetrics {
  if (holder.__tocsinWebMetrics) return holder.__tocsinWebMetrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tocsin_web_' });
  const labelNames = ['method', 'route', 'status'] as const;
  holder.__tocsinWebMetrics = {
    registry,
    requests: new Counter({
      name: 'tocsin_http_requests_total',
      help: 'API requests answered, by route template, method and status.',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'tocsin_http_request_duration_seconds',
      help: 'Time from receiving an API request to its answer, by route template, method and status.',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
  return holder.__tocsinWebMetrics;
}

/** Wraps a route handler so every answer it gives is counted and timed under its route template. */
export function observeRequests<A extends unknown[]>(
  method: string,
  route: string,
  handler: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await handler(...args);
      status = response.status;
      return response;
    } finally {
      const labels = { method: method.toUpperCase(), route, status: String(status) };
      const metrics = webMetrics();
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, (performance.now() - started) / 1000);
    }
  };
}
