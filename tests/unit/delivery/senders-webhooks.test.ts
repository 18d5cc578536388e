import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebhookSender, generateWebhookSecret, isValidWebhookSecret, signWebhook } from '@/lib/delivery/senders/webhooks';
import type { DeliveryMessage } from '@/lib/delivery/types';
import { message, sampleEvent } from '../../support/delivery-messages';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../../fakes/webhook-receiver';

const secret = generateWebhookSecret();
let receiver: FakeWebhookReceiver;
let clock = new Date();
const sender = createWebhookSender({ allowPrivate: true, timeoutMs: 2000, now: () => clock });

function hookTo(url = receiver.url, event = sampleEvent()): DeliveryMessage<'webhooks'> {
  return message('webhooks', { url, secret }, event);
}

beforeEach(async () => {
  clock = new Date();
  receiver = await startFakeWebhookReceiver({ secret });
});
afterEach(() => receiver.close());

describe('signed webhooks', () => {
  it('posts the event JSON, signed so that the standardwebhooks library verifies it', async () => {
    const msg = hookTo();
    expect(await sender.send(msg)).toEqual({ ok: true });

    expect(receiver.invalid).toEqual([]);
    const delivery = receiver.valid[0]!;
    expect(delivery.id).toBe(msg.deliveryId);
    expect(delivery.timestamp).toBe(Math.floor(clock.getTime() / 1000));
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.payload).toEqual({
      event: 'engagement_added',
      id: '4217',
      created: '2026-03-02T10:15:00.000Z',
      title: 'Engagement "Q3 pen test" added to Web & API',
      description: 'Scope: login, <b>checkout</b> & payments.\nOwner: @alice',
      url: 'https://tocsin.example/engagements/12',
      product: { id: 3, name: 'Web & API' },
      product_type: { id: 1, name: 'Customer apps' },
      engagement: { id: 12, name: 'Q3 pen test' },
      test: null,
      finding: null,
      severity: null,
    });
  });

  it('signs exactly the bytes sent, with the base64-decoded secret', async () => {
    await sender.send(hookTo());
    const request = receiver.requests[0]!;
    const id = request.headers['webhook-id'] as string;
    const timestamp = Number(request.headers['webhook-timestamp']);
    const expected = new Webhook(secret).sign(id, new Date(timestamp * 1000), request.body.toString('utf8'));
    expect(request.headers['webhook-signature']).toBe(expected);
    expect(signWebhook(secret, id, timestamp, request.body)).toBe(expected);
  });

  it('a retry keeps the webhook id, signs its own timestamp, and the receiver deduplicates it', async () => {
    receiver.failNext(1, { drop: true, afterHandling: true });
    const msg = hookTo();
    expect(await sender.send(msg)).toMatchObject({ ok: false, retryable: true });
    clock = new Date(clock.getTime() + 60_000);
    expect(await sender.send(msg)).toEqual({ ok: true });

    const [first, second] = receiver.requests;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(Number(second!.headers['webhook-timestamp']) - Number(first!.headers['webhook-timestamp'])).toBe(60);
    expect(receiver.valid).toHaveLength(1);
    expect(receiver.duplicates).toBe(1);
  });

  it('a receiver with another secret rejects the signature; its 400 is permanent', async () => {
    await receiver.close();
    receiver = await startFakeWebhookReceiver({ secret: generateWebhookSecret() });
    expect(await sender.send(hookTo())).toMatchObject({ ok: false, retryable: false, statusCode: 400 });
    expect(receiver.invalid).toHaveLength(1);
  });

  it('the secret never appears in an error', async () => {
    receiver.failNext(1, { status: 500, body: `echo ${secret}` });
    const result = await sender.send(hookTo());
    expect(result).toMatchObject({ ok: false, retryable: true, statusCode: 500 });
    expect(JSON.stringify(result)).not.toContain(secret);
  });
});

describe('webhook secrets', () => {
  it('are whsec_ and base64 of 32 random bytes', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
    expect(isValidWebhookSecret(a)).toBe(true);
  });

  it('a malformed secret is permanent, without a request', async () => {
    expect(isValidWebhookSecret('whsec_short')).toBe(false);
    expect(isValidWebhookSecret('plain-secret-without-prefix-0123456789')).toBe(false);
    const result = await sender.send({ ...hookTo(), destination: { url: receiver.url, secret: 'whsec_short' } });
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('webhook delivery failures', () => {
  it('a redirect is a failure and is not followed', async () => {
    const target = await startFakeWebhookReceiver({ secret });
    const redirecting = await startFakeWebhookReceiver({ secret, redirectTo: target.url });
    try {
      const result = await sender.send(hookTo(redirecting.url));
      expect(result).toMatchObject({ ok: false, retryable: false, statusCode: 307 });
      expect(target.requests).toHaveLength(0);
    } finally {
      await Promise.all([target.close(), redirecting.close()]);
    }
  });

  it('410 is permanent and asks to disable the endpoint', async () => {
    receiver.failNext(1, { status: 410 });
    expect(await sender.send(hookTo())).toMatchObject({ ok: false, retryable: false, statusCode: 410, disableEndpoint: true });
  });

  it.each([
    [
      { status: 429, retryAfter: 30 },
      { statusCode: 429, retryAfterSeconds: 30 },
    ],
    [
      { status: 503, retryAfter: 2 },
      { statusCode: 503, retryAfterSeconds: 2 },
    ],
    [{ status: 502 }, { statusCode: 502 }],
    [{ status: 408 }, { statusCode: 408 }],
  ])('%o is retryable', async (fault, expected) => {
    receiver.failNext(1, fault);
    expect(await sender.send(hookTo())).toMatchObject({ ok: false, retryable: true, ...expected });
  });

  it.each([400, 401, 403, 404, 422])('%i is permanent', async (status) => {
    receiver.failNext(1, { status });
    expect(await sender.send(hookTo())).toMatchObject({ ok: false, retryable: false, statusCode: status });
  });

  it('a slow endpoint times out and is retryable', async () => {
    receiver.failNext(1, { delayMs: 1500 });
    const slow = createWebhookSender({ allowPrivate: true, timeoutMs: 200 });
    const started = Date.now();
    expect(await slow.send(hookTo())).toEqual({ ok: false, retryable: true, error: 'the endpoint did not answer in time' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a dropped connection is retryable', async () => {
    receiver.failNext(1, { drop: true });
    expect(await sender.send(hookTo())).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('connection failed') });
  });

  it('a closed port is retryable', async () => {
    const url = receiver.url;
    await receiver.close();
    expect(await sender.send(hookTo(url))).toEqual({ ok: false, retryable: true, error: 'the endpoint: connection failed (ECONNREFUSED)' });
    receiver = await startFakeWebhookReceiver({ secret });
  });
});

describe('private URLs', () => {
  const strict = createWebhookSender({ allowPrivate: false, timeoutMs: 2000 });

  it('plain http is refused', async () => {
    expect(await strict.send(hookTo())).toEqual({ ok: false, retryable: false, error: 'webhook URL refused: the URL must use https' });
  });

  it('a loopback address is refused, and so is a name resolving to one, at connect time', async () => {
    const port = new URL(receiver.url).port;
    expect(await strict.send(hookTo(`https://127.0.0.1:${port}/`))).toEqual({
      ok: false,
      retryable: false,
      error: 'webhook URL refused: the URL points to a private or reserved address',
    });
    expect(await strict.send(hookTo(`https://localhost:${port}/`))).toEqual({
      ok: false,
      retryable: false,
      error: 'webhook URL refused: the URL resolves to a private or reserved address',
    });
    expect(receiver.requests).toHaveLength(0);
  });

  it('allowPrivate accepts them, plain http included', async () => {
    expect(await sender.send(hookTo(receiver.url.replace('127.0.0.1', 'localhost')))).toEqual({ ok: true });
  });
});
