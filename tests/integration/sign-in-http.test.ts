// Sign-in over real HTTP, through Tocsin's own web server: the client address comes from the socket
// (X-Forwarded-For only from TRUSTED_PROXIES), the redirect after sign-in stays on this site, and a
// revoked session's cookie stops working at once on pages and the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeSessions } from '@/lib/auth/session-version';
import { db } from '@/lib/db/client';
import { startApiApp, type ApiApp } from '../support/api';
import { makeUser, PASSWORD } from '../support/fixtures';

let t: ApiApp;
let proxied: ApiApp;
beforeAll(async () => {
  t = await startApiApp();
  proxied = await startApiApp({ TRUSTED_PROXIES: '127.0.0.0/8,::1' });
});
afterAll(async () => {
  await t?.stop();
  await proxied?.stop();
});

interface SignIn {
  ok: boolean;
  error: string | null;
  cookie: string | null;
}

/** What next-auth's signIn('credentials', {redirect: false}) does: CSRF token, then the callback. */
async function signIn(baseUrl: string, username: string, password: string, headers: Record<string, string> = {}): Promise<SignIn> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
  });
  const { url } = (await response.json()) as { url: string };
  const error = new URL(url).searchParams.get('error');
  const session = response.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
  return { ok: !error && Boolean(session), error, cookie: session ? session.split(';')[0]! : null };
}

describe('the client address behind sign-in limits', () => {
  it('is the socket peer: rotating X-Forwarded-For does not buy more guesses', async () => {
    const user = await makeUser();
    for (const hop of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      expect(await signIn(t.app.url, user.username, 'wrong', { 'x-forwarded-for': hop })).toMatchObject({
        ok: false,
        error: 'CredentialsSignin',
      });
    }
    const next = await signIn(t.app.url, user.username, PASSWORD, { 'x-forwarded-for': '198.51.100.4' });
    expect(next).toMatchObject({ ok: false, error: 'RateLimited' });
  });

  it("a client cannot name its own address in Tocsin's header either", async () => {
    const user = await makeUser();
    for (const hop of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      await signIn(t.app.url, user.username, 'wrong', { 'x-tocsin-client-address': hop });
    }
    expect(await signIn(t.app.url, user.username, PASSWORD, { 'x-tocsin-client-address': '203.0.113.4' })).toMatchObject({
      ok: false,
      error: 'RateLimited',
    });
  });

  it('behind a trusted proxy, is the rightmost untrusted X-Forwarded-For hop', async () => {
    const user = await makeUser();
    for (let i = 0; i < 3; i++) {
      // The client wrote the first hop itself; the proxy appended 192.0.2.10.
      await signIn(proxied.app.url, user.username, 'wrong', { 'x-forwarded-for': `10.9.9.${i}, 192.0.2.10` });
    }
    expect(await signIn(proxied.app.url, user.username, PASSWORD, { 'x-forwarded-for': '1.1.1.1, 192.0.2.10' })).toMatchObject({
      ok: false,
      error: 'RateLimited',
    });
    // Another client behind the same proxy, with the right password, is not locked out by those failures.
    expect(await signIn(proxied.app.url, user.username, PASSWORD, { 'x-forwarded-for': '192.0.2.11' })).toMatchObject({ ok: true });
  });
});

describe('the page after sign-in', () => {
  const hostile = [
    '%2F%09%2Fevil.example%2Fphish',
    '%2F%0A%2Fevil.example',
    '%2F%0D%2Fx',
    '%2F%7F',
    '%2F%E2%80%A8',
    '%2F.%2F%2Fevil.example',
    'https%3A%2F%2Fevil.example',
    '%2F%5Cevil.example',
  ];

  it.each(hostile)('a signed-in user sent to /login?callbackUrl=%s goes to / (307, never a 500)', async (callback) => {
    const user = await makeUser();
    const { cookie } = await signIn(t.app.url, user.username, PASSWORD);
    const response = await fetch(`${t.app.url}/login?callbackUrl=${callback}`, { headers: { cookie: cookie! }, redirect: 'manual' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('/');
  });

  it.each(hostile)('the sign-in form for callbackUrl=%s goes to / after sign-in (200)', async (callback) => {
    const response = await fetch(`${t.app.url}/login?callbackUrl=${callback}`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    // The form's target, in the page's RSC payload: {"callbackUrl":"/"}.
    expect(await response.text()).toContain('{\\"callbackUrl\\":\\"/\\"}');
  });

  it('a path of this site is kept, query and fragment included', async () => {
    const user = await makeUser();
    const { cookie } = await signIn(t.app.url, user.username, PASSWORD);
    const response = await fetch(`${t.app.url}/login?callbackUrl=${encodeURIComponent('/alerts?unread=1#top')}`, {
      headers: { cookie: cookie! },
      redirect: 'manual',
    });
    expect(response.headers.get('location')).toBe('/alerts?unread=1#top');
  });
});

describe('a revoked session', () => {
  it('stops working at once on pages and on the API', async () => {
    const user = await makeUser();
    const { cookie } = await signIn(t.app.url, user.username, PASSWORD);
    const me = () => fetch(`${t.app.url}/api/v2/users/me`, { headers: { cookie: cookie! } });
    const profile = () => fetch(`${t.app.url}/profile`, { headers: { cookie: cookie! }, redirect: 'manual' });
    expect((await me()).status).toBe(200);
    expect((await profile()).status).toBe(200);
    await revokeSessions(db(), user.id);
    expect((await me()).status).toBe(401);
    const page = await profile();
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toContain('/login');
    // Signing in again gives a session of the new version.
    const again = await signIn(t.app.url, user.username, PASSWORD);
    expect((await fetch(`${t.app.url}/api/v2/users/me`, { headers: { cookie: again.cookie! } })).status).toBe(200);
  });
});
