// A fake Teams Workflows webhook ("When a Teams webhook request is received"): 202 with an empty
// body for a message with an Adaptive Card; 413 over 28 KB; 429 with Retry-After past 4 requests/s.
// Like the real flow, a well-formed request with a card Teams cannot post is still accepted (202):
// the failure shows only in the flow's run history, here `failedRuns`.
import { FakeServer, PerSecondCounter, type FakeResponse, type RecordedRequest } from './fake-server';

export interface FakeTeamsOptions {
  /** The `sig` query parameter the URL carries: the only credential. */
  sig?: string;
  requestsPerSecond?: number;
  maxBytes?: number;
}

export class FakeTeams extends FakeServer {
  /** The Adaptive Cards posted to the channel. */
  readonly cards: Record<string, unknown>[] = [];
  readonly failedRuns: { reason: string; body: unknown }[] = [];
  private readonly sig: string;
  private readonly requestsPerSecond: number;
  private readonly maxBytes: number;
  private readonly counter = new PerSecondCounter();

  constructor(options: FakeTeamsOptions = {}) {
    super();
    this.sig = options.sig ?? 'fake-signature';
    this.requestsPerSecond = options.requestsPerSecond ?? 4;
    this.maxBytes = options.maxBytes ?? 28 * 1024;
  }

  override reset(): this {
    this.cards.length = 0;
    this.failedRuns.length = 0;
    return super.reset();
  }

  /** A Workflows trigger URL on this fake, shaped like the real ones. */
  get webhookUrl(): string {
    return `${this.url}/workflows/5f0c1a2b3c4d/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${this.sig}`;
  }

  protected override faultBody(status: number) {
    return { error: { code: status === 429 ? 'WorkflowRequestsThrottled' : 'ServiceUnavailable', message: 'Injected failure.' } };
  }

  protected handle(request: RecordedRequest): FakeResponse {
    if (request.method !== 'POST') return { status: 405 };
    if (this.counter.hit('flow').count > this.requestsPerSecond) {
      return {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { code: 'WorkflowRequestsThrottled', message: 'Rate limit is exceeded.' } },
      };
    }
    if (request.query.get('sig') !== this.sig) {
      return { status: 401, body: { error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated.' } } };
    }
    if (request.body.length > this.maxBytes)
      return { status: 413, body: { error: { code: 'MessageTooLarge', message: 'Request entity too large.' } } };
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return { status: 400, body: { error: { code: 'InvalidRequestContent', message: 'The request content type must be JSON.' } } };
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return { status: 400, body: { error: { code: 'InvalidRequestContent', message: 'The request content is not valid JSON.' } } };
    }
    const problem = envelopeProblem(body);
    if (problem) this.failedRuns.push({ reason: problem, body });
    else
      this.cards.push(
        ((body as { attachments: { content: Record<string, unknown> }[] }).attachments[0] as { content: Record<string, unknown> }).content,
      );
    return { status: 202 };
  }
}

export async function startFakeTeams(options?: FakeTeamsOptions): Promise<FakeTeams> {
  return new FakeTeams(options).listen();
}

function envelopeProblem(body: unknown): string | null {
  const message = body as { type?: unknown; attachments?: unknown };
  if (message?.type !== 'message') return 'type must be "message"';
  if (!Array.isArray(message.attachments) || message.attachments.length !== 1) return 'one attachment expected';
  const attachment = message.attachments[0] as { contentType?: unknown; contentUrl?: unknown; content?: Record<string, unknown> };
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') return 'the attachment must be an Adaptive Card';
  if (attachment.contentUrl !== null && attachment.contentUrl !== undefined) return 'contentUrl must be null';
  const card = attachment.content;
  if (card?.type !== 'AdaptiveCard') return 'content.type must be "AdaptiveCard"';
  if (typeof card.version !== 'string' || !/^1\.[0-4]$/.test(card.version)) return 'Workflows accept Adaptive Card versions up to 1.4';
  if (!Array.isArray(card.body) || card.body.length === 0) return 'the card has no body';
  return null;
}
