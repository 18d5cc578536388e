// The sidecar's metrics: connected sockets, the queue of notifications not yet pushed, and the push
// latency from the alert's commit (its created_at, set in the event's transaction) to the emit.
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface RealtimeMetrics {
  registry: Registry;
  pushLatency: Histogram;
}

export function createRealtimeMetrics(read: { sockets: () => number; queueLength: () => number }): RealtimeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tocsin_realtime_' });
  new Gauge({
    name: 'tocsin_realtime_sockets',
    help: 'Sockets connected to this sidecar.',
    registers: [registry],
    collect() {
      this.set(read.sockets());
    },
  });
  new Gauge({
    name: 'tocsin_realtime_queue_length',
    help: 'Notifications received from PostgreSQL and not yet pushed.',
    registers: [registry],
    collect() {
      this.set(read.queueLength());
    },
  });
  const pushLatency = new Histogram({
    name: 'tocsin_realtime_push_latency_seconds',
    help: "From an alert's commit to its emit to the user's room.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, pushLatency };
}
