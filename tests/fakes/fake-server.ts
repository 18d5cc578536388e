// What every provider fake shares: an HTTP server on 127.0.0.1 that records each request and fails on
// demand, by script (`failNext`) or at random with a seeded RNG (`failRandomly`).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How to fail one request:
 * - `{status}`: answer at once with that status (and `retry-after` when given), without handling it;
 *   `body` replaces the provider's error body (any string: HTML, empty, not the provider's JSON), and
 *   `cut` announces the whole body's length but closes the connection after half of it;
 * - `{delayMs}`: handle it, then wait before answering (a slow provider; the work is done even if the
 *   client has given up);
 * - `{drop: true}`: close the connection without answering, before handling it or, with
 *   `afterHandling`, after (the response is lost but the work is done).
 */
export type Fault =
  | { status: number; retryAfter?: number; headers?: Record<string, string>; body?: unknown; cut?: true }
  | { delayMs: number }
  | { drop: true; afterHandling?: boolean };

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The fault applied to this request, if any. */
  fault?: Fault;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
}

export abstract class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server = http.createServer((req, res) => void this.onRequest(req, res));
  private readonly script: Fault[] = [];
  private random: { rate: number; faults: Fault[]; next: () => number } | null = null;
  private baseUrl = '';

  /** Answers one request that no fault intercepted. */
  protected abstract handle(request: RecordedRequest): FakeResponse | Promise<FakeResponse>;

  /** The body of an injected error status, in the provider's own error shape. */
  protected faultBody(status: number): unknown {
    return { error: `injected ${status}` };
  }

  get url(): string {
    return this.baseUrl;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` requests fail with `fault`, in order, after any already scripted. */
  failNext(count: number, fault: Fault): this {
    for (let i = 0; i < count; i++) this.script.push(fault);
    return this;
  }

  /** From now on, each request fails with probability `rate`, with one of `faults` chosen at random. */
  failRandomly({ rate, faults, seed }: { rate: number; faults: Fault[]; seed: number }): this {
    this.random = { rate, faults, next: mulberry32(seed) };
    return this;
  }

  stopFailing(): this {
    this.script.length = 0;
    this.random = null;
    return this;
  }

  /** Answers normally again and forgets what it recorded (a subclass also forgets what it delivered). */
  reset(): this {
    this.requests.length = 0;
    return this.stopFailing();
  }

  private nextFault(): Fault | undefined {
    const scripted = this.script.shift();
    if (scripted || !this.random) return scripted;
    const { rate, faults, next } = this.random;
    if (next() >= rate) return undefined;
    return faults[Math.floor(next() * faults.length)];
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const fault = this.nextFault();
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
      ...(fault && { fault }),
    };
    this.requests.push(request);

    if (fault && 'status' in fault) {
      const headers = { ...fault.headers, ...(fault.retryAfter !== undefined && { 'retry-after': String(fault.retryAfter) }) };
      const response = { status: fault.status, headers, body: fault.body ?? this.faultBody(fault.status) };
      return fault.cut ? writeCut(res, response) : write(res, response);
    }
    if (fault && 'drop' in fault && !fault.afterHandling) return void req.socket.destroy();

    let response: FakeResponse;
    try {
      response = await this.handle(request);
    } catch (error) {
      response = { status: 500, body: { error: String(error) } };
    }
    if (fault && 'drop' in fault) return void req.socket.destroy();
    if (fault && 'delayMs' in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (!res.destroyed) write(res, response);
  }
}

function write(res: http.ServerResponse, { status, headers = {}, body }: FakeResponse): void {
  const isJson = body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body);
  const payload = body === undefined ? '' : isJson ? JSON.stringify(body) : (body as string | Buffer);
  res.writeHead(status, { ...(isJson && { 'content-type': 'application/json; charset=utf-8' }), ...headers });
  res.end(payload);
}

/** Declares the whole body, sends half of it, and closes the connection. */
function writeCut(res: http.ServerResponse, { status, headers = {}, body }: FakeResponse): void {
  const payload = Buffer.from(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body ?? ''));
  res.writeHead(status, { 'content-type': 'application/json', ...headers, 'content-length': String(payload.length) });
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
}

/** A small seeded PRNG, so a failing random fault run can be replayed from its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fixed one-second windows: how many requests a key has made in the current second. */
export class PerSecondCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Counts one request for `key`; returns the count in its window and the ms until the window ends. */
  hit(key: string, now = Date.now()): { count: number; resetMs: number } {
    let window = this.windows.get(key);
    if (!window || now - window.start >= 1000) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.start + 1000 - now };
  }
}
