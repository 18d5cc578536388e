// An event rendered as an email (subject, HTML and text), for Resend and for the local outbox alike.
import { render } from '@react-email/render';
import { createElement } from 'react';
import { safeHttpUrl, truncate } from '../escape';
import { eventLabel } from '../event-text';
import type { DeliveryEvent } from '../types';
import { EventEmail } from './event-email';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const MAX_SUBJECT = 200;
// Titles as written (html-to-text upper-cases headings by default), lines as long as they are.
const PLAIN_TEXT = { wordwrap: false as const, selectors: [{ selector: 'h1', options: { uppercase: false } }] };

export async function renderEventEmail(event: DeliveryEvent, appUrl: string): Promise<RenderedEmail> {
  const element = createElement(EventEmail, { event, link: safeHttpUrl(event.url), appUrl });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true, htmlToTextOptions: PLAIN_TEXT })]);
  // One line: a header value must not carry the user's line breaks.
  const subject = truncate(`[Tocsin] ${eventLabel(event.type)}: ${event.title}`.replace(/\s+/g, ' ').trim(), MAX_SUBJECT);
  return { subject, html, text };
}
