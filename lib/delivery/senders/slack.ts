// Slack through the Web API client: the shared channel, or a DM to the user (by id or by email).
import {
  ErrorCode,
  LogLevel,
  WebClient,
  type CodedError,
  type KnownBlock,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
  type WebAPIRequestError,
} from '@slack/web-api';
import { escapeSlackMrkdwn, escapeWithin, safeHttpUrl, truncate } from '../escape';
import { digestHeading, digestSummary } from '../digest-text';
import type { DigestContent } from '../digest-contents';
import { eventLabel, SEVERITY_COLOURS, subjectLines } from '../event-text';
import { httpFailure } from '../http-failure';
import { slackScanBlocks } from './scan-blocks';
import type { DeliveryEvent, DeliveryMessage, SendFailure, Sender, SlackDestination } from '../types';

export interface SlackConfig {
  /** The bot token (`xoxb-…`). */
  botToken: string;
  /** `providerEndpoints().slackApiUrl`. */
  apiUrl: string;
  timeoutMs?: number;
  /** The display name and icon (an :emoji: or an image URL) to post as; needs chat:write.customize. */
  username?: string | null;
  icon?: string | null;
  /**
   * Waits for a turn of a method whose limit is the workspace's (users.lookupByEmail,
   * conversations.open), shared by every worker; false when none comes in time.
   */
  pace?: (method: 'users.lookupByEmail' | 'conversations.open') => Promise<boolean>;
}

/** The limit of a method called before posting could not be had in time: try again later. */
class NoTurnError extends Error {
  constructor(readonly method: string) {
    super(`waiting for Slack's ${method} limit`);
  }
}

/** chat.postMessage's identity arguments for the configured name and icon. */
function identity(config: SlackConfig): { username?: string; icon_emoji?: string; icon_url?: string } {
  const icon = config.icon?.trim();
  return {
    ...(config.username?.trim() && { username: config.username.trim() }),
    ...(icon && (/^:[^\s:]+:$/.test(icon) ? { icon_emoji: icon } : /^https?:\/\//.test(icon) ? { icon_url: icon } : {})),
  };
}

const DEFAULT_TIMEOUT_MS = 15_000;
// Block Kit limits: header 150, section text 3,000, button URL 3,000; ~13k characters of block text
// in all (msg_blocks_too_long), hence the short subject values.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_VALUE_MAX = 300;
const URL_MAX = 3000;

// `ok:false` codes a later attempt may get past. Every other code (invalid_auth, not_authed,
// channel_not_found, users_not_found, account_inactive, token_revoked, missing_scope, is_archived,
// invalid_blocks, …) is an answer a retry cannot change: permanent.
const RETRYABLE_CODES = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export function createSlackSender(config: SlackConfig): Sender<'slack'> {
  const client = new WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    // Our retry policy decides: the client's default retries a 500 ten times over half an hour.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    logLevel: LogLevel.ERROR,
  });
  const userIdsByEmail = new ExpiringCache<string>();
  const dmChannelsByUser = new ExpiringCache<string>();

  /** `at.stage`: the method being called, so that a 429 can name the limit it hit. */
  async function userIdFor(email: string, at: { stage: string }): Promise<string> {
    const key = email.toLowerCase();
    const cached = userIdsByEmail.get(key);
    if (cached) return cached;
    at.stage = 'users.lookupByEmail';
    if (config.pace && !(await config.pace('users.lookupByEmail'))) throw new NoTurnError('users.lookupByEmail');
    const found = await client.users.lookupByEmail({ email });
    if (!found.user?.id) throw new Error('users.lookupByEmail returned no user id');
    userIdsByEmail.set(key, found.user.id);
    return found.user.id;
  }

  async function channelFor(destination: SlackDestination, at: { stage: string }): Promise<string | null> {
    if (destination.kind === 'channel') return destination.channel;
    const userId = destination.userId ?? (destination.email ? await userIdFor(destination.email, at) : null);
    if (!userId) return null;
    const cached = dmChannelsByUser.get(userId);
    if (cached) return cached;
    at.stage = 'conversations.open';
    if (config.pace && !(await config.pace('conversations.open'))) throw new NoTurnError('conversations.open');
    const opened = await client.conversations.open({ users: userId });
    if (!opened.channel?.id) throw new Error('conversations.open returned no channel id');
    dmChannelsByUser.set(userId, opened.channel.id);
    return opened.channel.id;
  }

  return {
    channel: 'slack',
    async send(message: DeliveryMessage<'slack'>) {
      const at = { stage: 'chat.postMessage' };
      try {
        const channel = await channelFor(message.destination, at);
        at.stage = 'chat.postMessage';
        if (!channel) return { ok: false, retryable: false, error: 'the user has no Slack user id or email' };
        const posted = await client.chat.postMessage({
          channel,
          ...(message.digest ? slackDigestMessage(message.digest) : slackMessage(message.event)),
          // The identity arguments are a union in the SDK types (emoji xor URL); identity() gives at most one.
          ...(identity(config) as object),
          unfurl_links: false,
          unfurl_media: false,
        });
        return posted.ts ? { ok: true, providerId: posted.ts } : { ok: true };
      } catch (error) {
        if (error instanceof NoTurnError) return { ok: false, retryable: true, deferMs: 1000, error: error.message };
        const failure = slackFailure(error);
        // A 429 before posting came from a lookup method: its limit is paused, not the channel's.
        return failure.statusCode === 429 && at.stage !== 'chat.postMessage' ? { ...failure, limitedMethod: at.stage } : failure;
      }
    },
  };
}

/** Block Kit with the fallback `text` that mobile notifications show. User text is mrkdwn-escaped. */
function slackMessage(event: DeliveryEvent): { text: string; blocks: KnownBlock[] } {
  const label = eventLabel(event.type);
  const blocks: KnownBlock[] = [
    // plain_text is shown as is: no mrkdwn, no mentions, nothing to escape.
    { type: 'header', text: { type: 'plain_text', text: truncate(event.title, HEADER_MAX), emoji: false } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlackMrkdwn(label) }] },
  ];
  const severity = event.severity ? SEVERITY_COLOURS[event.severity] : undefined;
  if (severity) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${severity.emoji} *Severity: ${event.severity}*` }] });
  if (event.scan) {
    blocks.push(...slackScanBlocks(event.scan));
  } else if (event.description) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeWithin(event.description, SECTION_MAX, escapeSlackMrkdwn) } });
  }
  const lines = subjectLines(event);
  if (lines.length > 0) {
    const fields = lines.map((l) => ({
      type: 'mrkdwn' as const,
      text: `*${l.label}*\n${escapeWithin(l.value, FIELD_VALUE_MAX, escapeSlackMrkdwn)}`,
    }));
    blocks.push({ type: 'section', fields });
  }
  const link = safeHttpUrl(event.url);
  if (link && link.length <= URL_MAX) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Tocsin' }, url: link }],
    });
  }
  const text = escapeWithin(`${label}: ${event.title}`, SECTION_MAX, escapeSlackMrkdwn);
  return { text, blocks };
}

/** A digest in Block Kit: a section per product, a line per type with its count and newest titles. */
function slackDigestMessage(digest: DigestContent): { text: string; blocks: KnownBlock[] } {
  const heading = digestHeading(digest.window);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(heading, HEADER_MAX), emoji: false } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: digestSummary(digest) }] },
  ];
  // Slack allows 50 blocks; a digest of more products than that ends with a note.
  const shown = digest.products.slice(0, 45);
  for (const product of shown) {
    const lines = [`*${escapeSlackMrkdwn(truncate(product.product ?? 'Other', FIELD_VALUE_MAX))}* (${product.count})`];
    for (const type of product.types) {
      lines.push(`• ${escapeSlackMrkdwn(eventLabel(type.type))} × ${type.count}`);
      for (const entry of type.latest.slice(0, 3)) {
        const title = escapeSlackMrkdwn(truncate(entry.title.replace(/\s+/g, ' '), 120));
        const link = safeHttpUrl(entry.url);
        lines.push(link && link.length <= 500 ? `    ◦ <${link}|${title.replace(/[|>]/g, ' ')}>` : `    ◦ ${title}`);
      }
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SECTION_MAX) } });
  }
  if (digest.products.length > shown.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${digest.products.length - shown.length} more products` }] });
  }
  return { text: `${heading}: ${digestSummary(digest)}`, blocks };
}

function isCoded(error: unknown): error is CodedError {
  return error instanceof Error && typeof (error as Partial<CodedError>).code === 'string';
}

function slackFailure(error: unknown): SendFailure {
  if (!isCoded(error)) {
    // The client's own errors (a 429 without Retry-After, a method answering without an id).
    return { ok: false, retryable: true, error: 'Slack request failed' };
  }
  switch (error.code) {
    case ErrorCode.RateLimitedError: {
      const { retryAfter } = error as WebAPIRateLimitedError;
      return { ok: false, retryable: true, statusCode: 429, retryAfterSeconds: retryAfter, error: 'Slack rate limited the request' };
    }
    case ErrorCode.PlatformError: {
      const code = (error as WebAPIPlatformError).data?.error as unknown;
      // An answer without a readable error code (a proxy's page, an empty or cut body) is retried.
      if (typeof code !== 'string' || !/^[a-z_]+$/.test(code)) {
        return { ok: false, retryable: true, statusCode: 200, error: 'Slack answered without a readable error code' };
      }
      return { ok: false, retryable: RETRYABLE_CODES.has(code), statusCode: 200, error: `Slack ${code}` };
    }
    case ErrorCode.HTTPError: {
      const { statusCode, headers } = error as WebAPIHTTPError;
      return httpFailure(statusCode, headers['retry-after'], `Slack answered HTTP ${statusCode}`);
    }
    case ErrorCode.RequestError: {
      const { original } = error as WebAPIRequestError;
      const timedOut = original.name === 'TimeoutError' || original.name === 'AbortError';
      return { ok: false, retryable: true, error: timedOut ? 'Slack did not answer in time' : 'could not reach Slack' };
    }
    default:
      return { ok: false, retryable: true, error: `Slack request failed (${error.code})` };
  }
}

/** A small bounded map whose entries expire: Slack ids for emails and users rarely change. */
class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  constructor(
    private readonly ttlMs = 60 * 60 * 1000,
    private readonly maxEntries = 5000,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < Date.now()) return undefined;
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }
}
