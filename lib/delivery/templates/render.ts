// An event rendered as an email (subject, HTML and text), for Resend and for the local outbox alike.
import { render } from '@react-email/render';
import { createElement } from 'react';
import { safeHttpUrl, truncate } from '../escape';
import { eventLabel, subjectLines } from '../event-text';
import type { DeliveryEvent } from '../types';
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
  const subject = truncate(`[Tocsin] ${eventLabel(event.type)}: ${event.title}`.replace(/\s+/g, ' ').trim(), MAX_SUBJECT);
  return { subject, html, text: eventEmailText(event, link, appUrl) };
}

/**
 * The text part, written out rather than converted from the HTML: the same content, and a fraction
 * of the cost when thousands of emails are due.
 */
function eventEmailText(event: DeliveryEvent, link: string | null, appUrl: string): string {
  const parts = [eventLabel(event.type), event.title];
  if (event.description) parts.push(event.description.replace(/\r\n/g, '\n'));
  const subjects = subjectLines(event).map((l) => `${l.label}: ${l.value}`);
  if (subjects.length > 0) parts.push(subjects.join('\n'));
  if (link) parts.push(`Open in Tocsin: ${link}`);
  parts.push(`--\nSent by Tocsin (${appUrl}) because of your notification settings.`);
  return `${parts.join('\n\n')}\n`;
}
