import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderForLocalOutbox } from '@/lib/delivery/senders/local-outbox';
import { batchIdempotencyKey, createMailSender, type MailSender } from '@/lib/delivery/senders/mail';
import { subjectText } from '@/lib/delivery/templates/render';
import type { DeliveryMessage } from '@/lib/delivery/types';
import { HOSTILE_TITLE, message, sampleEvent } from '../../support/delivery-messages';
import { startFakeResend, type FakeResend } from '../../fakes/resend';

const API_KEY = 're_test_0123456789';
let resend: FakeResend;
let mail: MailSender;

function mailTo(to: string[] = ['alice@example.com'], event = sampleEvent()): DeliveryMessage<'mail'> {
  return message('mail', { to }, event);
}

function sender(overrides: { apiKey?: string; timeoutMs?: number } = {}): MailSender {
  return createMailSender({
    apiKey: overrides.apiKey ?? API_KEY,
    baseUrl: resend.url,
    from: 'Tocsin <tocsin@example.com>',
    appUrl: 'https://tocsin.example',
    timeoutMs: overrides.timeoutMs ?? 2000,
  });
}

beforeEach(async () => {
  resend = await startFakeResend({ apiKey: API_KEY });
  mail = sender();
});
afterEach(() => resend.close());

describe('email through Resend', () => {
  it('sends one email per delivery with the delivery id as Idempotency-Key', async () => {
    const msg = mailTo();
    const result = await mail.send(msg);

    expect(result).toEqual({ ok: true, providerId: resend.inbox[0]?.id });
    const request = resend.requests[0]!;
    expect(request.path).toBe('/emails');
    expect(request.headers['idempotency-key']).toBe(msg.deliveryId);
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const body = JSON.parse(request.body.toString('utf8'));
    expect(body).toMatchObject({
      from: 'Tocsin <tocsin@example.com>',
      to: ['alice@example.com'],
      subject: '[Tocsin] Engagement "Q3 pen test" added to Web & API',
      tags: [{ name: 'event', value: 'engagement_added' }],
    });
    expect(body.html).toContain('href="https://tocsin.example/engagements/12"');
    expect(body.text).toContain('Open in Tocsin: https://tocsin.example/engagements/12');
    expect(body.text).toContain('Product: Web & API');
  });

  it('HTML-escapes user text and keeps it verbatim in the text part', async () => {
    await mail.send(mailTo(undefined, sampleEvent({ title: HOSTILE_TITLE, description: '<img src=x onerror=alert(1)>' })));
    const email = resend.inbox[0]!;
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('Q3 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;');
    expect(email.text).toContain(HOSTILE_TITLE);
  });

  it('drops links that are not http(s)', async () => {
    await mail.send(mailTo(undefined, sampleEvent({ url: 'javascript:alert(1)' })));
    expect(resend.inbox[0]!.html).not.toContain('javascript:');
    expect(resend.inbox[0]!.html).not.toContain('Open in Tocsin');
  });

  it('a retried delivery reaches Resend once: the same key and body replay the first answer', async () => {
    const msg = mailTo();
    const first = await mail.send(msg);
    const second = await mail.send(msg);
    expect(second).toEqual(first);
    expect(resend.inbox).toHaveLength(1);
  });

  it('a lost response is retried without a second email', async () => {
    resend.failNext(1, { drop: true, afterHandling: true });
    const msg = mailTo();
    expect(await mail.send(msg)).toMatchObject({ ok: false, retryable: true });
    expect(await mail.send(msg)).toMatchObject({ ok: true });
    expect(resend.inbox).toHaveLength(1);
  });

  it('the same key with another body is a permanent error (409 invalid_idempotent_request)', async () => {
    const msg = mailTo();
    await mail.send(msg);
    const edited = { ...msg, event: { ...msg.event, title: 'Edited' } };
    expect(await mail.send(edited)).toMatchObject({
      ok: false,
      retryable: false,
      statusCode: 409,
      error: expect.stringContaining('invalid_idempotent_request'),
    });
    expect(resend.inbox).toHaveLength(1);
  });

  it('the same key while the first request is in flight is retryable (409 concurrent_idempotent_requests)', async () => {
    resend.processingDelayMs = 300;
    const msg = mailTo();
    const [a, b] = await Promise.all([mail.send(msg), new Promise((r) => setTimeout(r, 50)).then(() => mail.send(msg))]);
    expect(a).toMatchObject({ ok: true });
    expect(b).toMatchObject({
      ok: false,
      retryable: true,
      statusCode: 409,
      error: expect.stringContaining('concurrent_idempotent_requests'),
    });
    expect(resend.inbox).toHaveLength(1);
  });

  it('a key of the wrong length is refused by Resend with 400 invalid_idempotency_key', async () => {
    const result = await mail.send({ ...mailTo(), deliveryId: 'k'.repeat(257) });
    expect(result).toMatchObject({
      ok: false,
      retryable: false,
      statusCode: 400,
      error: expect.stringContaining('invalid_idempotency_key'),
    });
  });
});

describe('the subject', () => {
  it('does not repeat the kind when the title already says it', () => {
    expect(subjectText({ type: 'engagement_added', title: 'Engagement X added' })).toBe('Engagement X added');
    expect(subjectText({ type: 'sla_breach', title: 'SLA breached: Card number logged' })).toBe('SLA breached: Card number logged');
    expect(subjectText({ type: 'engagement_added', title: 'Event 0' })).toBe('Engagement added: Event 0');
  });
});

describe('Resend failures', () => {
  it('5xx is retryable', async () => {
    resend.failNext(1, { status: 500 });
    expect(await mail.send(mailTo())).toMatchObject({
      ok: false,
      retryable: true,
      statusCode: 500,
      error: expect.stringContaining('internal_server_error'),
    });
  });

  it('429 is retryable after Retry-After', async () => {
    resend.failNext(1, { status: 429, retryAfter: 3 });
    expect(await mail.send(mailTo())).toMatchObject({ ok: false, retryable: true, statusCode: 429, retryAfterSeconds: 3 });
  });

  it('past the account rate the answer is 429 with ratelimit-* headers, which the result carries', async () => {
    await resend.close();
    resend = await startFakeResend({ apiKey: API_KEY, requestsPerSecond: 1 });
    mail = sender();
    expect(await mail.send(mailTo())).toMatchObject({ ok: true, rateLimit: { limit: 1, remaining: 0 } });
    const limited = await mail.send(mailTo());
    expect(limited).toMatchObject({ ok: false, retryable: true, statusCode: 429, error: expect.stringContaining('rate_limit_exceeded') });
    expect(!limited.ok && limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(resend.inbox).toHaveLength(1);
  });

  it('a wrong API key is permanent, and the key never appears in the error', async () => {
    const result = await sender({ apiKey: 're_wrong_key_987' }).send(mailTo());
    expect(result).toMatchObject({ ok: false, retryable: false, statusCode: 403, error: expect.stringContaining('invalid_api_key') });
    expect(JSON.stringify(result)).not.toContain('re_wrong_key_987');
  });

  it('an invalid recipient is permanent (400 validation_error)', async () => {
    expect(await mail.send(mailTo(['not-an-address']))).toMatchObject({ ok: false, retryable: false, statusCode: 400 });
  });

  it('more than 50 recipients is refused before calling Resend', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `u${i}@example.com`);
    expect(await mail.send(mailTo(many))).toMatchObject({ ok: false, retryable: false });
    expect(resend.requests).toHaveLength(0);
  });

  it('a dropped connection is retryable', async () => {
    resend.failNext(1, { drop: true });
    expect(await mail.send(mailTo())).toEqual({ ok: false, retryable: true, error: 'Resend: could not reach Resend' });
  });

  it('a slow answer times out and is retryable', async () => {
    resend.failNext(1, { delayMs: 1500 });
    const started = Date.now();
    expect(await sender({ timeoutMs: 200 }).send(mailTo())).toEqual({
      ok: false,
      retryable: true,
      error: 'Resend: no answer within 200 ms',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('batch sending', () => {
  it('sends up to 100 emails in one request, a bare array with its own idempotency key', async () => {
    const messages = [mailTo(['a@example.com']), mailTo(['b@example.com']), mailTo(['c@example.com'])];
    const results = await mail.sendBatch(messages);

    expect(resend.requests).toHaveLength(1);
    const request = resend.requests[0]!;
    expect(request.path).toBe('/emails/batch');
    expect(request.headers['idempotency-key']).toBe(batchIdempotencyKey(messages.map((m) => m.deliveryId)));
    expect(request.headers['x-batch-validation']).toBe('permissive');
    const body = JSON.parse(request.body.toString('utf8'));
    expect(Array.isArray(body)).toBe(true);
    expect(body.map((e: { to: string[] }) => e.to)).toEqual([['a@example.com'], ['b@example.com'], ['c@example.com']]);
    expect(results).toEqual(resend.inbox.map((e) => ({ ok: true, providerId: e.id })));
  });

  it('the same batch retried is replayed, not resent', async () => {
    const messages = [mailTo(['a@example.com']), mailTo(['b@example.com'])];
    resend.failNext(1, { delayMs: 1000 });
    const timedOut = await sender({ timeoutMs: 200 }).sendBatch(messages);
    expect(timedOut.every((r) => !r.ok && r.retryable)).toBe(true);
    const retried = await mail.sendBatch(messages);
    expect(retried.every((r) => r.ok)).toBe(true);
    expect(resend.inbox).toHaveLength(2);
  });

  it('an invalid email fails alone; the others are sent', async () => {
    const results = await mail.sendBatch([mailTo(['a@example.com']), mailTo(['broken']), mailTo(['c@example.com'])]);
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toMatchObject({ ok: false, retryable: false, statusCode: 422 });
    expect(results[2]).toMatchObject({ ok: true });
    expect(resend.inbox.map((e) => e.to)).toEqual([['a@example.com'], ['c@example.com']]);
    expect(results[2]).toEqual({ ok: true, providerId: resend.inbox[1]!.id });
  });

  it('a failed batch request fails every email in it the same way', async () => {
    resend.failNext(1, { status: 503 });
    const results = await mail.sendBatch([mailTo(), mailTo()]);
    expect(results).toHaveLength(2);
    expect(results.every((r) => !r.ok && r.retryable && r.statusCode === 503)).toBe(true);
  });

  it('refuses more than 100 emails per call', async () => {
    await expect(mail.sendBatch(Array.from({ length: 101 }, () => mailTo()))).rejects.toThrow(RangeError);
  });
});

describe('local outbox', () => {
  it('renders the email as Resend would get it, without sending anything', async () => {
    const msg = mailTo(['alice@example.com']);
    const email = await renderForLocalOutbox(msg, { from: 'Tocsin <tocsin@localhost>', appUrl: 'http://localhost:3000' });
    expect(email).toMatchObject({
      deliveryId: msg.deliveryId,
      from: 'Tocsin <tocsin@localhost>',
      to: ['alice@example.com'],
      subject: '[Tocsin] Engagement "Q3 pen test" added to Web & API',
    });
    expect(email.html).toContain('Web &amp; API');
    expect(email.text).toContain('Scope: login, <b>checkout</b> & payments.\nOwner: @alice');
    expect(resend.requests).toHaveLength(0);
  });
});
