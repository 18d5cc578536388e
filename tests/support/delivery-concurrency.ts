// Makes a provider fake slow and has it record the same request arriving while an identical one is
// still being handled: the proof that two workers never send one job at the same time.
import { createHash } from 'node:crypto';
import type { FakeResponse, FakeServer, RecordedRequest } from '../fakes/fake-server';

export interface ConcurrencyRecord {
  /** Keys seen in flight twice at once. */
  overlaps: string[];
  /** The most requests in flight at once. */
  peak: number;
  inFlight: () => number;
}

/** The identity of a send, the same on every retry: the idempotency key, the webhook id, else the body. */
export function sendIdentity(request: RecordedRequest): string | null {
  const key = request.headers['idempotency-key'] ?? request.headers['webhook-id'];
  if (typeof key === 'string') return key;
  if (request.path.endsWith('/users.lookupByEmail') || request.path.endsWith('/conversations.open')) return null;
  return createHash('sha256').update(request.path).update('\n').update(request.body).digest('hex');
}

export function trackConcurrentSends(fake: FakeServer, latencyMs: number): ConcurrencyRecord {
  const open = new Map<string, number>();
  let inFlight = 0;
  const record: ConcurrencyRecord = { overlaps: [], peak: 0, inFlight: () => inFlight };
  const target = fake as unknown as { handle: (r: RecordedRequest) => FakeResponse | Promise<FakeResponse> };
  const handle = target.handle.bind(fake);
  target.handle = async (request) => {
    const key = sendIdentity(request);
    inFlight += 1;
    record.peak = Math.max(record.peak, inFlight);
    if (key !== null) {
      if (open.has(key)) record.overlaps.push(key);
      open.set(key, (open.get(key) ?? 0) + 1);
    }
    try {
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      return await handle(request);
    } finally {
      inFlight -= 1;
      if (key !== null) {
        const left = (open.get(key) ?? 1) - 1;
        if (left === 0) open.delete(key);
        else open.set(key, left);
      }
    }
  };
  return record;
}
