// How an HTTP answer from a provider or endpoint becomes a SendFailure, the same way for every channel.
import type { SendFailure } from './types';

/**
 * `Retry-After` as seconds: an integer of seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** 408, 429 and 5xx are worth retrying; any other 4xx (and 3xx, which we never follow) is not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function httpFailure(status: number, retryAfter: string | null | undefined, error: string): SendFailure {
  const retryable = isRetryableStatus(status);
  const retryAfterSeconds = retryable ? parseRetryAfter(retryAfter) : undefined;
  return {
    ok: false,
    retryable,
    statusCode: status,
    error,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  };
}

/** A provider's free text, cut short and with any secret it might echo replaced. */
export function safeDetail(text: string, secrets: readonly string[], max = 200): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/**
 * A throw where an answer was expected (a template error, a bug, a sender's own failure) as a
 * failed attempt of that job alone, retried as any other; the error's text, cut short, is kept.
 */
export function thrownFailure(what: string, error: unknown, notAttempted = false): SendFailure {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const short = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return { ok: false, retryable: true, error: `${what} failed unexpectedly (${short})`, ...(notAttempted && { notAttempted: true }) };
}
