// An event rendered as an email (subject, HTML and text), for Resend and for the local outbox alike.
import { render } from '@react-email/render';
import { createElement } from 'react';
import { safeHttpUrl, truncate } from '../escape';
import { eventLabel, subjectLines } from '../event-text';
import { digestHeading, digestSummary } from '../digest-text';
import type { DigestContent } from '../digest-contents';
import type { DeliveryEvent, DeliveryMessage } from '../types';
import { DigestEmail } from './digest-email';
import { EventEmail } from './event-email';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const MAX_SUBJECT = 200;

// Rendering takes milliseconds (React on the server) while an event with a thousand recipients has
// one content: remember the latest renderings, keyed by everything they depend on.
const CACHE_SIZE = 256;
const cache = new Map<string, Promise<RenderedEmail>>();

/** A mail job's email: its digest when it is one, else its event. */
export function renderMessageEmail(message: DeliveryMessage<'mail'>, appUrl: string): Promise<RenderedEmail> {
  return message.digest ? renderDigestEmail(message.digest, appUrl) : renderEventEmail(message.event, appUrl);
}

export async function renderDigestEmail(digest: DigestContent, appUrl: string): Promise<RenderedEmail> {
  const html = await render(createElement(DigestEmail, { digest, appUrl }));
  const heading = digestHeading(digest.window);
  const subject = truncate(`[Tocsin] ${heading}: ${digestSummary(digest)}`, MAX_SUBJECT);
  const lines = [heading, digestSummary(digest)];
  for (const product of digest.products) {
    lines.push('', `${product.product ?? 'Other'} (${product.count})`);
    for (const type of product.types) {
      lines.push(`  ${eventLabel(type.type)} × ${type.count}`);
      for (const entry of type.latest)
        lines.push(`    - ${entry.title.replace(/\s+/g, ' ')}${safeHttpUrl(entry.url) ? ` <${safeHttpUrl(entry.url)}>` : ''}`);
      if (type.count > type.latest.length) lines.push(`    and ${type.count - type.latest.length} more`);
    }
  }
  lines.push('', `--\nSent by Tocsin (${appUrl}) because you chose a digest on your profile.`);
  return { subject, html, text: `${lines.join('\n')}\n` };
}

export function renderEventEmail(event: DeliveryEvent, appUrl: string): Promise<RenderedEmail> {
  const key = `${appUrl}\n${JSON.stringify(event)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const rendering = renderUncached(event, appUrl);
  rendering.catch(() => cache.delete(key));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, rendering);
  return rendering;
}

async function renderUncached(event: DeliveryEvent, appUrl: string): Promise<RenderedEmail> {
  const link = safeHttpUrl(event.url);
  const html = await render(createElement(EventEmail, { event, link, appUrl }));
  // One line: a header value must not carry the user's line breaks.
  const subject = truncate(`[Tocsin] ${subjectText(event)}`.replace(/\s+/g, ' ').trim(), MAX_SUBJECT);
  return { subject, html, text: eventEmailText(event, link, appUrl) };
}

/**
 * The kind and the title, unless the title already says the kind: "Engagement X added" needs no
 * "Engagement added:" in front of it (its first word is the kind's).
 */
export function subjectText(event: Pick<DeliveryEvent, 'type' | 'title'>): string {
  const label = eventLabel(event.type);
  const firstWord = (text: string) => text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return firstWord(event.title) === firstWord(label) ? event.title : `${label}: ${event.title}`;
}

/**
 * The text part, written out rather than converted from the HTML: the same content, and a fraction
 * of the cost when thousands of emails are due.
 */
function eventEmailText(event: DeliveryEvent, link: string | null, appUrl: string): string {
  const parts = [eventLabel(event.type), event.title];
  if (event.severity) parts.push(`Severity: ${event.severity}`);
  if (event.description) parts.push(event.description.replace(/\r\n/g, '\n'));
  const subjects = subjectLines(event).map((l) => `${l.label}: ${l.value}`);
  if (subjects.length > 0) parts.push(subjects.join('\n'));
  if (link) parts.push(`Open in Tocsin: ${link}`);
  parts.push(`--\nSent by Tocsin (${appUrl}) because of your notification settings.`);
  return `${parts.join('\n\n')}\n`;
}
