// Signed webhooks per Standard Webhooks 1.0: receivers verify them with the existing libraries.
import { createHmac, randomBytes } from 'node:crypto';
import { httpFailure, safeDetail } from '../http-failure';
import { postBytes } from '../http-post';
import { scanWebhookFields } from '../scan-changes';
import type { DeliveryEvent, DeliveryMessage, SendResult, Sender } from '../types';

export interface WebhookConfig {
  allowPrivate: boolean;
  timeoutMs?: number;
  /** The attempt's time; a clock for tests. */
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes (the spec allows 24 to 64). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Whether a secret has the `whsec_` form with 24 to 64 key bytes: for forms and the API. */
export function isValidWebhookSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return false;
  const bytes = Buffer.from(encoded, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** The JSON body receivers get: the event type under `event`, the event's own id under `id`. */
function webhookPayload(event: DeliveryEvent) {
  return {
    event: event.type,
    id: event.id,
    created: event.created,
    title: event.title,
    description: event.description,
    url: event.url,
    product: event.product,
    product_type: event.product_type,
    engagement: event.engagement,
    test: event.test,
    finding: event.finding,
    ...scanWebhookFields(event),
    severity: event.severity ?? null,
  };
}

/**
 * `v1,` + base64 HMAC-SHA256 over `{id}.{timestamp}.{body}`, keyed with the base64-decoded bytes after
 * `whsec_` (not the string itself, as Stripe does), over exactly the bytes sent.
 */
export function signWebhook(secret: string, webhookId: string, timestamp: number, body: Buffer): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${webhookId}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

export function createWebhookSender(config: WebhookConfig): Sender<'webhooks'> {
  const now = config.now ?? (() => new Date());
  return {
    channel: 'webhooks',
    async send(message: DeliveryMessage<'webhooks'>): Promise<SendResult> {
      const { url, secret } = message.destination;
      if (!isValidWebhookSecret(secret)) return { ok: false, retryable: false, error: 'the endpoint secret is not a valid whsec_ secret' };
      const body = Buffer.from(JSON.stringify(webhookPayload(message.event)), 'utf8');
      // The delivery id is the webhook id: the same on every retry, so receivers can deduplicate.
      const timestamp = Math.floor(now().getTime() / 1000);
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Tocsin-Webhooks/1.0',
        'webhook-id': message.deliveryId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, message.deliveryId, timestamp, body),
      };
      const outcome = await postBytes(url, body, headers, {
        timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        allowPrivate: config.allowPrivate,
      });
      switch (outcome.kind) {
        case 'refused':
          return { ok: false, retryable: false, error: `webhook URL refused: ${outcome.error}` };
        case 'timeout':
          return { ok: false, retryable: true, error: 'the endpoint did not answer in time' };
        case 'network':
          return { ok: false, retryable: true, error: `the endpoint: ${outcome.error}` };
        case 'response': {
          const { status } = outcome;
          if (status >= 200 && status < 300) return { ok: true };
          const text = safeDetail(outcome.body, [secret, url]);
          const error = `the endpoint answered HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}${text ? `: ${text}` : ''}`;
          const retryAfter = outcome.headers['retry-after'];
          const failure = httpFailure(status, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, error);
          // 410 Gone: the receiver asks to stop sending; the caller disables the endpoint.
          return status === 410 ? { ...failure, disableEndpoint: true } : failure;
        }
      }
    },
  };
}
