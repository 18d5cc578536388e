// A fake Resend API: POST /emails and /emails/batch with Bearer auth, Idempotency-Key semantics,
// `ratelimit-*` headers and 429s past a configured rate, and an inbox of what was delivered.
import { createHash, randomUUID } from 'node:crypto';
import { FakeServer, PerSecondCounter, type FakeResponse, type RecordedRequest } from './fake-server';

export interface FakeResendOptions {
  apiKey?: string;
  /** Requests per second per team (Resend: 10); unlimited when unset. */
  requestsPerSecond?: number;
}

export interface InboxEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  tags?: { name: string; value: string }[];
  /** The key of the request that delivered it (a batch's key for batched emails). */
  idempotencyKey?: string;
}

type IdempotencyEntry = { bodyHash: string; state: 'in_flight' } | { bodyHash: string; state: 'done'; response: FakeResponse; at: number };

const KEY_TTL_MS = 24 * 60 * 60 * 1000;
const ERROR_NAMES: Record<number, string> = { 429: 'rate_limit_exceeded', 500: 'internal_server_error', 503: 'application_error' };

export class FakeResend extends FakeServer {
  readonly inbox: InboxEmail[] = [];
  /** How long a request stays in flight, so a second one with the same key can race it. */
  processingDelayMs = 0;
  private readonly apiKey: string;
  private readonly requestsPerSecond: number | undefined;
  private readonly keys = new Map<string, IdempotencyEntry>();
  private readonly counter = new PerSecondCounter();

  constructor(options: FakeResendOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 're_test_key';
    this.requestsPerSecond = options.requestsPerSecond;
  }

  override reset(): this {
    this.inbox.length = 0;
    return super.reset();
  }

  protected override faultBody(status: number) {
    return error(status, ERROR_NAMES[status] ?? 'application_error', 'Injected failure.').body;
  }

  protected async handle(request: RecordedRequest): Promise<FakeResponse> {
    const limited = this.rateLimit();
    const response = limited.exceeded ? limited.response : await this.authorized(request);
    return { ...response, headers: { ...limited.headers, ...response.headers } };
  }

  private rateLimit(): { exceeded: boolean; headers: Record<string, string>; response: FakeResponse } {
    if (this.requestsPerSecond === undefined) return { exceeded: false, headers: {}, response: { status: 200 } };
    const { count, resetMs } = this.counter.hit('team');
    const reset = String(Math.max(1, Math.ceil(resetMs / 1000)));
    const headers = {
      'ratelimit-limit': String(this.requestsPerSecond),
      'ratelimit-remaining': String(Math.max(0, this.requestsPerSecond - count)),
      'ratelimit-reset': reset,
      'ratelimit-policy': `${this.requestsPerSecond};w=1`,
    };
    const exceeded = count > this.requestsPerSecond;
    const response = error(429, 'rate_limit_exceeded', 'Too many requests. You can only make a limited number of requests per second.');
    return { exceeded, headers: exceeded ? { ...headers, 'retry-after': reset } : headers, response };
  }

  private async authorized(request: RecordedRequest): Promise<FakeResponse> {
    const auth = request.headers.authorization;
    if (!auth?.startsWith('Bearer ')) return error(401, 'missing_api_key', 'Missing API key in the authorization header.');
    if (auth.slice('Bearer '.length) !== this.apiKey) return error(403, 'invalid_api_key', 'API key is invalid.');
    if (request.method !== 'POST') return error(405, 'method_not_allowed', 'Method not allowed.');
    if (request.path !== '/emails' && request.path !== '/emails/batch')
      return error(404, 'not_found', 'The requested endpoint does not exist.');
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') return this.process(request);
    return this.idempotent(key, request);
  }

  private async idempotent(key: string, request: RecordedRequest): Promise<FakeResponse> {
    if (key.length < 1 || key.length > 256) {
      return error(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
    }
    const bodyHash = createHash('sha256').update(request.path).update('\n').update(request.body).digest('hex');
    const entry = this.keys.get(key);
    const live = entry && (entry.state === 'in_flight' || Date.now() - entry.at < KEY_TTL_MS) ? entry : undefined;
    if (live?.state === 'in_flight') {
      return error(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.');
    }
    if (live && live.bodyHash !== bodyHash) {
      return error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
    }
    if (live) return live.response;

    this.keys.set(key, { bodyHash, state: 'in_flight' });
    const response = await this.process(request, key);
    // Only successes are remembered: a rejected request may be corrected and sent again.
    if (response.status === 200) this.keys.set(key, { bodyHash, state: 'done', response, at: Date.now() });
    else this.keys.delete(key);
    return response;
  }

  private async process(request: RecordedRequest, idempotencyKey?: string): Promise<FakeResponse> {
    if (this.processingDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.processingDelayMs));
    let payload: unknown;
    try {
      payload = JSON.parse(request.body.toString('utf8'));
    } catch {
      return error(400, 'validation_error', 'Invalid JSON body.');
    }
    return request.path === '/emails' ? this.single(payload, idempotencyKey) : this.batch(payload, request, idempotencyKey);
  }

  private single(payload: unknown, idempotencyKey?: string): FakeResponse {
    const problem = validateEmail(payload);
    if (problem) return problem;
    return { status: 200, body: { id: this.deliver(payload as Record<string, unknown>, idempotencyKey) } };
  }

  private batch(payload: unknown, request: RecordedRequest, idempotencyKey?: string): FakeResponse {
    if (!Array.isArray(payload) || payload.length < 1 || payload.length > 100) {
      return error(422, 'validation_error', 'The batch must be an array of 1 to 100 emails.');
    }
    if (payload.some((e: unknown) => typeof e === 'object' && e !== null && 'attachments' in e && e.attachments !== undefined)) {
      return error(422, 'invalid_attachment', 'Attachments are not supported in batch emails.');
    }
    const problems = payload.map(validateEmail);
    const permissive = request.headers['x-batch-validation'] === 'permissive';
    const firstProblem = problems.find((p) => p !== null);
    if (!permissive && firstProblem) return firstProblem;
    const data: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    payload.forEach((email: Record<string, unknown>, index) => {
      const problem = problems[index];
      if (problem) errors.push({ index, message: (problem.body as { message: string }).message });
      else data.push({ id: this.deliver(email, idempotencyKey) });
    });
    return { status: 200, body: permissive ? { data, errors } : { data } };
  }

  private deliver(email: Record<string, unknown>, idempotencyKey?: string): string {
    const id = randomUUID();
    this.inbox.push({
      id,
      from: email.from as string,
      to: Array.isArray(email.to) ? (email.to as string[]) : [email.to as string],
      subject: email.subject as string,
      ...(typeof email.html === 'string' && { html: email.html }),
      ...(typeof email.text === 'string' && { text: email.text }),
      ...(Array.isArray(email.tags) && { tags: email.tags as InboxEmail['tags'] }),
      ...(idempotencyKey && { idempotencyKey }),
    });
    return id;
  }
}

export async function startFakeResend(options?: FakeResendOptions): Promise<FakeResend> {
  return new FakeResend(options).listen();
}

function error(statusCode: number, name: string, message: string): FakeResponse {
  return { status: statusCode, body: { statusCode, name, message } };
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>$/;

function validateEmail(payload: unknown): FakeResponse | null {
  if (typeof payload !== 'object' || payload === null) return error(422, 'validation_error', 'The email must be an object.');
  const email = payload as Record<string, unknown>;
  for (const field of ['from', 'to', 'subject'] as const) {
    if (email[field] === undefined || email[field] === '') return error(422, 'missing_required_field', `Missing \`${field}\` field.`);
  }
  if (typeof email.from !== 'string' || !(ADDRESS.test(email.from) || NAMED_ADDRESS.test(email.from))) {
    return error(
      400,
      'validation_error',
      'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    );
  }
  const to = Array.isArray(email.to) ? email.to : [email.to];
  if (to.length > 50) return error(400, 'validation_error', 'Too many recipients. The `to` field supports a maximum of 50.');
  if (!to.every((t) => typeof t === 'string' && (ADDRESS.test(t) || NAMED_ADDRESS.test(t)))) {
    return error(
      400,
      'validation_error',
      'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    );
  }
  if (typeof email.html !== 'string' && typeof email.text !== 'string') {
    return error(422, 'missing_required_field', 'Missing `html` or `text` field.');
  }
  return null;
}
