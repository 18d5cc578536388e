// Who may call the API, over real HTTP: API tokens (Token and Bearer), the session cookie of a
// signed-in browser, and `api-token-auth` (DefectDojo's username-and-password exchange).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiToken } from '@/lib/auth/api-tokens';
import { db } from '@/lib/db/client';
import { apiTokens, users } from '@/lib/db/schema';
import { ADMIN } from '../support/app-server';
import { sessionCookieFor, startApiApp, tokenFor, type ApiApp } from '../support/api';
import { makeProductType, makeUser, PASSWORD, type User } from '../support/fixtures';

let t: ApiApp;
let member: User;

beforeAll(async () => {
  t = await startApiApp();
  member = await makeUser();
});
afterAll(async () => t?.stop());

describe('authentication', () => {
  it('without credentials the API answers 401 and says how to authenticate', async () => {
    const response = await t.api.get('/products');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Token');
    expect(response.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('accepts a token as `Token <key>` and as `Bearer <key>`, in any case', async () => {
    const key = await tokenFor(member.id);
    for (const header of [`Token ${key}`, `Bearer ${key}`, `token ${key}`, `bearer ${key}`]) {
      const me = await t.api.as({ header }).get('/users/me');
      expect(me.status, header).toBe(200);
      expect(me.body.username).toBe(member.username);
    }
  });

  it('an unknown key, a malformed header or another scheme is a 401', async () => {
    const key = await tokenFor(member.id);
    for (const header of ['Token nope', `Token ${key}x`, `Basic ${key}`, 'Token', `Token ${key} extra`, 'Bearer tocsin_']) {
      expect((await t.api.as({ header }).get('/users/me')).status, header).toBe(401);
    }
  });

  it('a revoked token is a 401', async () => {
    const key = await tokenFor(member.id, 'to revoke');
    const client = t.api.as({ token: key });
    expect((await client.get('/users/me')).status).toBe(200);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.name, 'to revoke'));
    expect(await revokeApiToken(db(), member.id, row!.id)).toBe(true);
    expect((await client.get('/users/me')).status).toBe(401);
  });

  it('records when a token was last used', async () => {
    const key = await tokenFor(member.id, 'usage');
    const before = await db().select().from(apiTokens).where(eq(apiTokens.name, 'usage'));
    expect(before[0]!.lastUsedAt).toBeNull();
    await t.api.as({ token: key }).get('/users/me');
    const [after] = await db().select().from(apiTokens).where(eq(apiTokens.name, 'usage'));
    expect(after!.lastUsedAt).toBeInstanceOf(Date);
    expect(Date.now() - after!.lastUsedAt!.getTime()).toBeLessThan(60_000);
  });

  it('stores only a hash of the key', async () => {
    const key = await tokenFor(member.id, 'hashed');
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.name, 'hashed'));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(key.startsWith(row!.prefix)).toBe(true);
  });

  it('the token of a deactivated user is a 401, and so is their session', async () => {
    const leaver = await makeUser();
    const key = await tokenFor(leaver.id);
    const cookie = await sessionCookieFor(leaver.id);
    expect((await t.api.as({ token: key }).get('/users/me')).status).toBe(200);
    expect((await t.api.as({ cookie }).get('/users/me')).status).toBe(200);
    await db().update(users).set({ isActive: false }).where(eq(users.id, leaver.id));
    expect((await t.api.as({ token: key }).get('/users/me')).status).toBe(401);
    expect((await t.api.as({ cookie }).get('/users/me')).status).toBe(401);
  });

  it('accepts the session cookie of a signed-in browser; a forged cookie is a 401', async () => {
    const me = await t.api.as({ cookie: await sessionCookieFor(member.id) }).get('/users/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(member.id);
    expect((await t.api.as({ cookie: 'next-auth.session-token=forged' }).get('/users/me')).status).toBe(401);
  });

  it('a bad Authorization header is a 401 even next to a valid session cookie', async () => {
    const cookie = await sessionCookieFor(member.id);
    const response = await t.api.request('GET', '/users/me', undefined, { cookie, authorization: 'Token nope' });
    expect(response.status).toBe(401);
  });
});

describe('api-token-auth', () => {
  it('exchanges a username and password for a working token', async () => {
    const response = await t.api.post('/api-token-auth', { username: member.username, password: PASSWORD });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['token']);
    const me = await t.api.as({ token: response.body.token }).get('/users/me');
    expect(me.body.username).toBe(member.username);
  });

  it('also at the trailing-slash URL DefectDojo scripts use', async () => {
    const response = await t.api.post('/api-token-auth/', { username: ADMIN.username, password: ADMIN.password });
    expect(response.status).toBe(200);
  });

  it('wrong credentials are a 400 with one generic message; missing fields name the field', async () => {
    const wrong = await t.api.post('/api-token-auth', { username: member.username, password: 'wrong-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ errors: { non_field_errors: ['Unable to log in with provided credentials.'] } });
    const unknown = await t.api.post('/api-token-auth', { username: 'nobody-at-all', password: 'whatever' });
    expect(unknown.body).toEqual(wrong.body);
    const missing = await t.api.post('/api-token-auth', { username: member.username });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.password).toEqual(['This field is required.']);
  });

  it('an inactive user gets no token', async () => {
    const leaver = await makeUser({ isActive: false });
    expect((await t.api.post('/api-token-auth', { username: leaver.username, password: PASSWORD })).status).toBe(400);
  });

  it('is rate-limited like sign-in: after 3 failures from an address even the right password waits (429)', async () => {
    const target = await makeUser();
    for (let i = 0; i < 3; i++) {
      expect((await t.api.post('/api-token-auth', { username: target.username, password: `wrong-${i}` })).status).toBe(400);
    }
    const limited = await t.api.post('/api-token-auth', { username: target.username, password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body.detail).toMatch(/try again later/);
  });
});

describe('the session cookie from another site', () => {
  it('may read, but a change from another origin is refused with 403', async () => {
    const cookie = await sessionCookieFor((await makeUser({ isSuperuser: true })).id);
    const pt = await makeProductType();
    const path = `/product_types/${pt.id}`;
    expect((await t.api.request('GET', path, undefined, { cookie, origin: 'https://evil.example' })).status).toBe(200);
    const attack = await t.api.request('PATCH', path, { name: 'pwned' }, { cookie, origin: 'https://evil.example' });
    expect(attack).toMatchObject({ status: 403, body: { detail: 'Cross-site request refused.' } });
    expect((await t.api.request('DELETE', path, undefined, { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const own = await t.api.request('PATCH', path, { description: 'ok' }, { cookie, origin: t.app.url });
    expect(own.status).toBe(200);
  });
});
