// The receiver a customer would write: verifies Standard Webhooks signatures with the `standardwebhooks`
// library over the raw body, deduplicates on `webhook-id`, and records valid and invalid deliveries.
import { Webhook } from 'standardwebhooks';
import { FakeServer, type FakeResponse, type RecordedRequest } from './fake-server';

export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  payload: Record<string, unknown>;
  headers: RecordedRequest['headers'];
}

export interface FakeWebhookReceiverOptions {
  secret: string;
  /** Answer every request with a redirect there instead (senders must not follow it). */
  redirectTo?: string;
  /** The status for a verified, new delivery (default 200). */
  status?: number;
}

export class FakeWebhookReceiver extends FakeServer {
  readonly valid: ReceivedWebhook[] = [];
  readonly invalid: { reason: string; headers: RecordedRequest['headers'] }[] = [];
  /** Verified deliveries whose `webhook-id` had been seen already (retries of delivered ones). */
  duplicates = 0;
  private readonly verifier: Webhook;
  private readonly seen = new Set<string>();

  constructor(private readonly options: FakeWebhookReceiverOptions) {
    super();
    this.verifier = new Webhook(options.secret);
  }

  override reset(): this {
    this.valid.length = 0;
    this.invalid.length = 0;
    this.duplicates = 0;
    return super.reset();
  }

  protected handle(request: RecordedRequest): FakeResponse {
    if (this.options.redirectTo) return { status: 307, headers: { location: this.options.redirectTo } };
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    let payload: Record<string, unknown>;
    try {
      // The raw body, as received: re-serialised JSON would not verify.
      payload = this.verifier.verify(request.body.toString('utf8'), headers) as Record<string, unknown>;
    } catch (error) {
      this.invalid.push({ reason: error instanceof Error ? error.message : String(error), headers: request.headers });
      return { status: 400, body: { error: 'invalid signature' } };
    }
    const id = headers['webhook-id'] as string;
    if (this.seen.has(id)) {
      this.duplicates += 1;
      return { status: 200, body: { ok: true, duplicate: true } };
    }
    this.seen.add(id);
    this.valid.push({ id, timestamp: Number(headers['webhook-timestamp']), payload, headers: request.headers });
    return { status: this.options.status ?? 200, body: { ok: true } };
  }
}

export async function startFakeWebhookReceiver(options: FakeWebhookReceiverOptions): Promise<FakeWebhookReceiver> {
  return new FakeWebhookReceiver(options).listen();
}
