// Email through Resend: one email per delivery, or a batch of up to 100, each idempotent.
import { createHash } from 'node:crypto';
import { Resend } from 'resend';
import { isRetryableStatus, parseRetryAfter, safeDetail, thrownFailure } from '../http-failure';
import { renderMessageEmail } from '../templates/render';
import type { DeliveryMessage, RateLimitState, SendFailure, SendResult, Sender } from '../types';

export interface MailConfig {
  apiKey: string;
  /** `providerEndpoints().resendBaseUrl`: the SDK takes it as a constructor option since 6.12.4. */
  baseUrl: string;
  /** "Tocsin <tocsin@example.com>", on a domain verified at Resend. */
  from: string;
  /** Tocsin's own address, linked from every email. */
  appUrl: string;
  timeoutMs?: number;
}

export interface MailSender extends Sender<'mail'> {
  /**
   * Up to 100 emails in one request, results in the same order. A batch whose outcome is unknown
   * (network, timeout, 5xx) must be retried with the same messages in the same order: its
   * idempotency key is derived from their delivery ids, so Resend then replays instead of resending.
   */
  sendBatch(messages: DeliveryMessage<'mail'>[]): Promise<SendResult[]>;
  /**
   * Renders the emails ahead of their send (kept with the message objects), so that rendering a
   * batch never spends a rate-limit turn: the request then leaves as soon as its turn comes.
   */
  prerender(messages: readonly DeliveryMessage<'mail'>[]): Promise<void>;
}

export const MAX_BATCH = 100;
const MAX_RECIPIENTS = 50;
const DEFAULT_TIMEOUT_MS = 15_000;

// Resend error names that a retry cannot fix, whatever their status; and those it can.
const PERMANENT = new Set([
  'validation_error',
  'missing_api_key',
  'restricted_api_key',
  'invalid_api_key',
  'invalid_from_address',
  'invalid_access',
  'invalid_region',
  'not_found',
  'method_not_allowed',
  'missing_required_field',
  'invalid_parameter',
  'invalid_attachment',
  'invalid_idempotency_key',
  'invalid_idempotent_request',
  'monthly_quota_exceeded',
  'security_error',
]);
const RETRYABLE = new Set(['concurrent_idempotent_requests', 'rate_limit_exceeded', 'daily_quota_exceeded']);

interface ResendError {
  statusCode: number | null;
  name: string;
  message: string;
}

/** Our name for an answer whose body is not Resend's error object (a proxy's page, empty, cut): retried. */
const UNREADABLE = 'unreadable_answer';

/**
 * The SDK, keeping what it drops: an error body that is JSON but not Resend's (`{"ok":false}`) comes
 * back from the SDK without its HTTP status, and a success body that is not JSON becomes a network
 * error. Here every answer keeps its status, and a body we cannot read is named UNREADABLE.
 */
class StatusKeepingResend extends Resend {
  // The SDK's response type is not exported: `never` stands for it.
  override async fetchRequest(path: string, options: RequestInit = {}): Promise<never> {
    let response: globalThis.Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, options);
      text = await response.text();
    } catch {
      const error = { name: 'application_error', statusCode: null, message: 'no answer' };
      return { data: null, error, headers: null } as never;
    }
    const headers = Object.fromEntries(response.headers.entries());
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const named = typeof body === 'object' && body !== null && typeof (body as { name?: unknown }).name === 'string';
    if (response.ok && body !== undefined && body !== null) return { data: body, error: null, headers } as never;
    const error: ResendError = named
      ? { ...(body as ResendError), statusCode: response.status }
      : { name: UNREADABLE, statusCode: response.status, message: `${text.length} bytes that are not Resend's error object` };
    return { data: null, error, headers } as never;
  }
}

export function createMailSender(config: MailConfig): MailSender {
  const resend = new StatusKeepingResend(config.apiKey, { baseUrl: config.baseUrl });
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const renders = new WeakMap<DeliveryMessage<'mail'>, ReturnType<typeof renderEmail>>();

  function email(message: DeliveryMessage<'mail'>): ReturnType<typeof renderEmail> {
    let render = renders.get(message);
    if (!render) renders.set(message, (render = renderEmail(message)));
    return render;
  }

  async function renderEmail(message: DeliveryMessage<'mail'>) {
    const rendered = await renderMessageEmail(message, config.appUrl);
    return {
      from: config.from,
      to: message.destination.to,
      ...rendered,
      tags: [{ name: 'event', value: message.event.type.replace(/[^A-Za-z0-9_-]/g, '_') }],
    };
  }

  async function rendered(message: DeliveryMessage<'mail'>): Promise<Awaited<ReturnType<typeof renderEmail>> | SendFailure> {
    try {
      return await email(message);
    } catch (error) {
      return thrownFailure('rendering the email', error, true);
    }
  }

  function failure(error: ResendError, headers: Record<string, string> | null, signal: AbortSignal): SendFailure {
    if (error.statusCode === null) {
      const what = signal.aborted ? `no answer within ${timeoutMs} ms` : 'could not reach Resend';
      return { ok: false, retryable: true, error: `Resend: ${what}` };
    }
    const detail = `Resend ${error.name} (HTTP ${error.statusCode}): ${safeDetail(String(error.message ?? ''), [config.apiKey])}`;
    // The HTTP status first (408, 429, 5xx: retry), then Resend's error name; an answer we cannot read is retried.
    const retryable =
      isRetryableStatus(error.statusCode) ||
      error.name === UNREADABLE ||
      RETRYABLE.has(error.name) ||
      (!PERMANENT.has(error.name) && error.statusCode < 400);
    const retryAfterSeconds = retryable ? retryAfter(headers) : undefined;
    const rateLimit = rateLimitState(headers);
    return {
      ok: false,
      retryable,
      statusCode: error.statusCode,
      error: detail,
      ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
      ...(rateLimit && { rateLimit }),
    };
  }

  return {
    channel: 'mail',

    async prerender(messages) {
      await Promise.allSettled(messages.map(email));
    },

    async send(message) {
      const invalid = recipientsProblem(message);
      if (invalid) return invalid;
      const payload = await rendered(message);
      if ('ok' in payload) return payload;
      const signal = AbortSignal.timeout(timeoutMs);
      const { data, error, headers } = await resend.emails.send(payload, {
        idempotencyKey: message.deliveryId,
        signal,
      });
      if (error) return failure(error, headers, signal);
      const rateLimit = rateLimitState(headers);
      return { ok: true, providerId: data.id, ...(rateLimit && { rateLimit }) };
    },

    async sendBatch(messages) {
      if (messages.length > MAX_BATCH) throw new RangeError(`at most ${MAX_BATCH} emails per batch`);
      const results: (SendResult | null)[] = messages.map(recipientsProblem);
      // An email that cannot be rendered fails alone, never sent: the batch goes without it.
      const renders = await Promise.all(messages.map((m, i) => (results[i] ? null : rendered(m))));
      renders.forEach((r, i) => {
        if (r && 'ok' in r) results[i] = r;
      });
      const sendable = messages.filter((_, i) => results[i] === null);
      if (sendable.length === 0) return results as SendResult[];

      const payload = renders.filter((r, i) => results[i] === null && r !== null) as Awaited<ReturnType<typeof renderEmail>>[];
      const signal = AbortSignal.timeout(timeoutMs);
      // Permissive: one bad address is rejected alone instead of sinking the other 99.
      const { data, error, headers } = await resend.batch.send(payload, {
        idempotencyKey: batchIdempotencyKey(sendable.map((m) => m.deliveryId)),
        batchValidation: 'permissive' as const,
        signal,
      });
      const rateLimit = rateLimitState(headers);
      // A 200 without the list of ids: what Resend did is unknown, so the batch is retried whole (and replayed).
      const readable = error ?? (Array.isArray(data?.data) ? null : { name: UNREADABLE, statusCode: 200, message: 'no list of email ids' });
      const outcomes: SendResult[] = readable
        ? sendable.map(() => failure(readable, headers, signal))
        : batchOutcomes(sendable.length, data!.data, Array.isArray(data!.errors) ? data!.errors : []).map((r) =>
            r.ok && rateLimit ? { ...r, rateLimit } : r,
          );
      let next = 0;
      return results.map((r) => r ?? (outcomes[next++] as SendResult));
    },
  };
}

/** Stable for the same deliveries in the same order, 70 characters (Resend allows 256). */
export function batchIdempotencyKey(deliveryIds: string[]): string {
  return `batch-${createHash('sha256').update(deliveryIds.join(',')).digest('hex')}`;
}

/** Permissive mode lists the rejected emails by index; `data` holds the ids of the others, in order. */
function batchOutcomes(count: number, sent: { id: string }[], rejected: { index: number; message: string }[]): SendResult[] {
  const reasons = new Map(rejected.map((r) => [r.index, r.message]));
  let next = 0;
  return Array.from({ length: count }, (_, index): SendResult => {
    const reason = reasons.get(index);
    if (reason !== undefined) {
      return { ok: false, retryable: false, statusCode: 422, error: `Resend rejected the email: ${safeDetail(reason, [])}` };
    }
    const id = sent[next++]?.id;
    return id ? { ok: true, providerId: id } : { ok: true };
  });
}

function recipientsProblem(message: DeliveryMessage<'mail'>): SendFailure | null {
  const count = message.destination.to.length;
  if (count >= 1 && count <= MAX_RECIPIENTS) return null;
  return { ok: false, retryable: false, error: `an email needs 1 to ${MAX_RECIPIENTS} recipients, not ${count}` };
}

/** Retry-After, or else the end of the rate-limit window. */
function retryAfter(headers: Record<string, string> | null): number | undefined {
  return parseRetryAfter(headers?.['retry-after']) ?? parseRetryAfter(headers?.['ratelimit-reset']);
}

function rateLimitState(headers: Record<string, string> | null): RateLimitState | undefined {
  const limit = Number(headers?.['ratelimit-limit']);
  const remaining = Number(headers?.['ratelimit-remaining']);
  const resetSeconds = Number(headers?.['ratelimit-reset']);
  if (![limit, remaining, resetSeconds].every(Number.isFinite)) return undefined;
  return { limit, remaining, resetSeconds };
}
