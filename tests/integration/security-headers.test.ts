// Security headers on every kind of response: pages (a CSP whose fresh nonce is on every script),
// redirects, the API, static assets, and the outbox's email frame (its own sandboxing policy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { deliveries, notificationEvents, outboxEmails } from '@/lib/db/schema';
import { sessionCookieFor, startApiApp, type ApiApp } from '../support/api';
import { makeUser, type User } from '../support/fixtures';

let app: ApiApp;
let admin: User;
let member: User;
let emailId: number;

beforeAll(async () => {
  app = await startApiApp({ TOCSIN_WORKER: '0' });
  admin = await makeUser({ isSuperuser: true });
  member = await makeUser();
  const [event] = await db().insert(notificationEvents).values({ type: 'other', title: 'Framed' }).returning();
  const [delivery] = await db()
    .insert(deliveries)
    .values({ eventId: event!.id, channel: 'mail', kind: 'shared', status: 'sent' })
    .returning();
  const [email] = await db()
    .insert(outboxEmails)
    .values({
      deliveryId: delivery!.id,
      eventId: event!.id,
      eventType: 'other',
      from: 'a@example.com',
      to: ['b@example.com'],
      subject: 'Framed',
      text: 'Framed',
      html: '<h1 style="color: red">EMAIL-HTML-BODY</h1>',
    })
    .returning();
  emailId = email!.id;
});

afterAll(async () => {
  await app?.stop();
});

async function get(path: string, user?: User): Promise<Response> {
  return fetch(`${app.app.url}${path}`, { redirect: 'manual', headers: user ? { cookie: await sessionCookieFor(user.id) } : {} });
}

function expectCommonHeaders(response: Response) {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('permissions-policy')).toContain('camera=()');
}

const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];

describe('pages', () => {
  it('carry a CSP with a fresh nonce that every script of the page has, no framing, and the common headers', async () => {
    const first = await get('/login');
    const policy = first.headers.get('content-security-policy')!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expectCommonHeaders(first);
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(policy)}"`);
    const second = await get('/login');
    expect(nonceOf(second.headers.get('content-security-policy')!)).not.toBe(nonceOf(policy));
  });

  it('let the bell connect to the sidecar on the page host and REALTIME_PORT', async () => {
    const response = await get('/', admin);
    expect(response.status).toBe(200);
    const connect = response.headers
      .get('content-security-policy')!
      .split('; ')
      .find((d) => d.startsWith('connect-src'));
    expect(connect).toContain(`ws://127.0.0.1:${app.app.realtimePort}`);
    expect(connect).toContain(`http://127.0.0.1:${app.app.realtimePort}`);
  });

  it('redirects and the 404 page carry them too', async () => {
    for (const response of [await get('/'), await get('/products/'), await get('/no-such-page', admin)]) {
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expectCommonHeaders(response);
    }
  });
});

describe('the API and assets', () => {
  it('answer with a policy that runs and frames nothing, whatever the status', async () => {
    for (const path of ['/api/v2/openapi.json', '/api/v2/products', '/api/v2/no-such-route']) {
      const response = await get(path);
      expect(response.headers.get('content-security-policy'), path).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expectCommonHeaders(response);
    }
  });

  it('static assets are not sniffed', async () => {
    const html = await (await get('/login')).text();
    const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
    const response = await get(asset);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe("the outbox's email frame", () => {
  it('is sandboxed by its own policy and may be framed by the app only', async () => {
    const response = await get(`/admin/outbox/${emailId}/html`, admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain('sandbox');
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).not.toContain('script-src');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await response.text()).toContain('EMAIL-HTML-BODY');
  });

  it("is the superusers' alone: anyone else, a deactivated superuser, or nobody signed in gets nothing", async () => {
    const former = await makeUser({ isSuperuser: true, isActive: false });
    for (const user of [member, former, undefined]) {
      const response = await get(`/admin/outbox/${emailId}/html`, user);
      expect(response.status).toBeGreaterThanOrEqual(300);
      expect(await response.text()).not.toContain('EMAIL-HTML-BODY');
    }
    expect((await get('/admin/outbox/999999/html', admin)).status).toBe(404);
  });
});
