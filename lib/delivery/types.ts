// What a sender receives and what it answers: the one interface every channel implements.
import type { DigestContent } from './digest-contents';
import type { ScanMessage } from './scan-changes';

/** A subject the event is about, as shown to people and sent to webhooks. */
export interface SubjectRef {
  id: number;
  name: string;
}

export interface FindingRef {
  id: number;
  title: string;
  severity: string;
}

/** The event as every channel presents it. Titles, descriptions and links are built by the engine. */
export interface DeliveryEvent {
  /** An event type of the catalog, e.g. `engagement_added`. */
  type: string;
  id: string;
  /** ISO 8601. */
  created: string;
  title: string;
  description: string | null;
  /** Absolute link into Tocsin (the worker joins the app's base URL); anything but http(s) is dropped. */
  url: string | null;
  product: SubjectRef | null;
  product_type: SubjectRef | null;
  engagement: SubjectRef | null;
  test: SubjectRef | null;
  finding: FindingRef | null;
  /** scan_added / scan_added_empty from a report import: what changed (lib/delivery/scan-changes.ts). */
  scan?: ScanMessage;
  /** The event's severity (DESIGN §4b.1): Critical, High, Medium, Low, Info; null or absent for none. */
  severity?: string | null;
}

export interface MailDestination {
  /** The user's address, or a shared mailing list (at most 50, Resend's limit per email). */
  to: string[];
}

export type SlackDestination =
  /** The shared channel: an ID (best) or a name. */
  | { kind: 'channel'; channel: string }
  /** A personal DM: by Slack user id, or looked up by email. */
  | { kind: 'user'; userId: string | null; email: string | null };

export interface TeamsDestination {
  /** The Workflows trigger URL. Its `sig` is the credential: never log it. */
  url: string;
}

export interface WebhookDestination {
  url: string;
  /** `whsec_` + base64 of the key bytes. */
  secret: string;
}

interface DestinationByChannel {
  mail: MailDestination;
  slack: SlackDestination;
  msteams: TeamsDestination;
  webhooks: WebhookDestination;
}

export type Channel = keyof DestinationByChannel;

export interface DeliveryMessage<C extends Channel = Channel> {
  /** The delivery row's id (a uuid): the idempotency key and the webhook id, stable across retries. */
  deliveryId: string;
  channel: C;
  event: DeliveryEvent;
  destination: DestinationByChannel[C];
  /** A digest delivery: the events it gathers, sent instead of `event` (which is then its newest). */
  digest?: DigestContent;
}

/** A provider's announced rate limit (Resend's `ratelimit-*` headers), for pacing the next sends. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export interface SendSuccess {
  ok: true;
  /** The provider's id for what was sent (Resend email id, Slack `ts`), when it gives one. */
  providerId?: string;
  rateLimit?: RateLimitState;
}

export interface SendFailure {
  ok: false;
  /** False for errors a retry cannot fix (bad token, unknown channel, 4xx other than 408/429). */
  retryable: boolean;
  /** The provider asked us to wait at least this long (Retry-After). */
  retryAfterSeconds?: number;
  /** The HTTP status, when there was a response. */
  statusCode?: number;
  /** Short and free of secrets: it is stored and shown to admins. */
  error: string;
  /** A webhook endpoint answered 410 Gone: the caller should disable it. */
  disableEndpoint?: true;
  /** Nothing reached the provider (the message could not be built): it may leave its Resend batch. */
  notAttempted?: true;
  /** Nothing was sent for want of a shared turn (a Slack lookup's limit): given back for this long, unattempted. */
  deferMs?: number;
  /** Slack: the method a 429 came from, when not chat.postMessage (its limit, not the channel's, is paused). */
  limitedMethod?: string;
  rateLimit?: RateLimitState;
}

export type SendResult = SendSuccess | SendFailure;

export interface Sender<C extends Channel> {
  readonly channel: C;
  send(message: DeliveryMessage<C>): Promise<SendResult>;
}
