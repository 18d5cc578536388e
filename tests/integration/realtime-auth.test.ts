// The sidecar's handshake: only a browser on the app's origin, with a valid, unexpired next-auth
// session of an active user, gets a socket; and that socket hears only its own user's alerts.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { notify } from '@/lib/notifications/notify';
import { addProductMember, makeProduct, makeProductType, makeUser, type User } from '../support/fixtures';
import {
  APP_ORIGIN,
  connect,
  memoryLogger,
  record,
  refusal,
  sessionCookie,
  sessionToken,
  sleep,
  startSidecar,
  waitFor,
} from '../support/realtime';

const log = memoryLogger();
let sidecar: Awaited<ReturnType<typeof startSidecar>>;
const HEALTH_SECRET = 'health-secret-for-tests';
let alice: User;
let bob: User;

beforeAll(async () => {
  sidecar = await startSidecar({ log, healthSecret: HEALTH_SECRET });
  [alice, bob] = [await makeUser(), await makeUser()];
});
afterAll(async () => {
  await sidecar?.close();
});

describe('handshake', () => {
  it('accepts a valid session cookie from the app origin', async () => {
    const socket = await connect(sidecar.port, { cookie: await sessionCookie(alice.id) });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it('accepts the __Secure- cookie that next-auth sets over https', async () => {
    const socket = await connect(sidecar.port, { cookie: await sessionCookie(alice.id, { name: '__Secure-next-auth.session-token' }) });
    socket.close();
  });

  it('accepts a token that next-auth split into chunked cookies', async () => {
    const token = await sessionToken(alice.id, { claims: { padding: 'x'.repeat(5000) } });
    const half = Math.ceil(token.length / 2);
    const cookie = `other=1; next-auth.session-token.0=${token.slice(0, half)}; next-auth.session-token.1=${token.slice(half)}`;
    const socket = await connect(sidecar.port, { cookie });
    socket.close();
  });

  it('accepts the polling transport, with credentials, from the app origin', async () => {
    const socket = await connect(sidecar.port, { cookie: await sessionCookie(alice.id), transports: ['polling'] });
    socket.close();
  });

  it('refuses a handshake without a session cookie', async () => {
    expect(await refusal(sidecar.port, { cookie: 'theme=dark' })).toBe('no_session');
  });

  it('refuses a cookie encrypted with another secret (forged)', async () => {
    const forged = await sessionCookie(bob.id, { secret: 'not-the-app-secret-not-the-app-secret' });
    expect(await refusal(sidecar.port, { cookie: forged })).toBe('invalid_session');
  });

  it('refuses a tampered token', async () => {
    const token = await sessionToken(alice.id);
    const parts = token.split('.'); // JWE compact: header.key.iv.ciphertext.tag
    const ciphertext = parts[3]!;
    parts[3] = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1);
    expect(await refusal(sidecar.port, { cookie: `next-auth.session-token=${parts.join('.')}` })).toBe('invalid_session');
    expect(await refusal(sidecar.port, { cookie: 'next-auth.session-token=not-a-jwe' })).toBe('invalid_session');
  });

  it('refuses an expired token', async () => {
    expect(await refusal(sidecar.port, { cookie: await sessionCookie(alice.id, { maxAge: -60 }) })).toBe('session_expired');
    // Within jose's 15 s clock tolerance too: an expired session is expired.
    expect(await refusal(sidecar.port, { cookie: await sessionCookie(alice.id, { maxAge: -2 }) })).toBe('session_expired');
  });

  it('refuses a token without a user id', async () => {
    expect(await refusal(sidecar.port, { cookie: await sessionCookie(alice.id, { claims: { sub: undefined } }) })).toBe('invalid_session');
  });

  it('refuses a deactivated user', async () => {
    const inactive = await makeUser({ isActive: false });
    expect(await refusal(sidecar.port, { cookie: await sessionCookie(inactive.id) })).toBe('user_inactive');
  });

  it('refuses a deleted user', async () => {
    const gone = await makeUser();
    const cookie = await sessionCookie(gone.id);
    await db().delete(users).where(eq(users.id, gone.id));
    expect(await refusal(sidecar.port, { cookie })).toBe('user_not_found');
  });

  it('refuses another Origin, and a handshake without one', async () => {
    const cookie = await sessionCookie(alice.id);
    expect(await refusal(sidecar.port, { cookie, origin: 'https://evil.example' })).not.toBe('connected');
    expect(await refusal(sidecar.port, { cookie, origin: 'http://localhost:3001' })).not.toBe('connected');
    expect(await refusal(sidecar.port, { cookie, origin: null })).not.toBe('connected');
    expect(await refusal(sidecar.port, { cookie, origin: 'https://evil.example', transports: ['polling'] })).not.toBe('connected');
    const sameOrigin = { 'sec-fetch-site': 'same-origin' };
    expect(await refusal(sidecar.port, { cookie, origin: 'https://evil.example', headers: sameOrigin })).not.toBe('connected');
    expect(await refusal(sidecar.port, { cookie, origin: null, headers: { 'sec-fetch-site': 'cross-site' } })).not.toBe('connected');
  });

  it("accepts a same-origin polling request, which browsers send without Origin (sidecar behind the app's origin)", async () => {
    const cookie = await sessionCookie(alice.id);
    const socket = await connect(sidecar.port, {
      cookie,
      origin: null,
      headers: { 'sec-fetch-site': 'same-origin' },
      transports: ['polling'],
    });
    socket.close();
  });

  it('answers CORS for the app origin only', async () => {
    const url = `http://127.0.0.1:${sidecar.port}/socket.io/?EIO=4&transport=polling`;
    const good = await fetch(url, { headers: { origin: APP_ORIGIN } });
    expect(good.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(good.headers.get('access-control-allow-credentials')).toBe('true');
    const evil = await fetch(url, { headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('closes a socket when its session expires', async () => {
    const socket = await connect(sidecar.port, { cookie: await sessionCookie(alice.id, { maxAge: 2 }) });
    let reason = '';
    socket.on('disconnect', (r) => (reason = r));
    await waitFor(() => reason !== '', 5000, 'the expiry disconnect');
    expect(reason).toBe('transport close'); // the client's cue to reconnect with its renewed cookie
  });

  it('logs one line per reject with its reason, and never the cookie or token', async () => {
    const token = await sessionToken(bob.id, { secret: 'another-secret-another-secret-another' });
    await refusal(sidecar.port, { cookie: `next-auth.session-token=${token}` });
    const socket = await connect(sidecar.port, { cookie: await sessionCookie(bob.id) });
    socket.close();
    await waitFor(() => log.lines.some((l) => l.msg === 'disconnect' && l.user === bob.id), 2000, 'the disconnect line');
    const text = JSON.stringify(log.lines);
    expect(text).not.toContain(token);
    expect(text).not.toContain('session-token');
    expect(log.lines.filter((l) => l.msg === 'reject').map((l) => l.reason)).toEqual(
      expect.arrayContaining(['no_session', 'invalid_session', 'session_expired', 'user_inactive', 'user_not_found', 'origin_not_allowed']),
    );
    expect(log.lines.find((l) => l.msg === 'connect' && l.user === bob.id)).toBeTruthy();
  });

  it('/healthz answers ok to anyone, and the number of sockets only with the health secret', async () => {
    const socket = await connect(sidecar.port, { cookie: await sessionCookie(alice.id) });
    const health = (authorization?: string) =>
      fetch(`http://127.0.0.1:${sidecar.port}/healthz`, { headers: authorization ? { authorization } : {} });
    const anyone = await health();
    expect(anyone.status).toBe(200);
    expect(await anyone.json()).toEqual({ ok: true });
    for (const wrong of ['Bearer not-the-secret', `Basic ${HEALTH_SECRET}`, `Bearer ${HEALTH_SECRET}x`, 'Bearer ']) {
      expect(await (await health(wrong)).json(), wrong).toEqual({ ok: true });
    }
    expect(await (await health(`Bearer ${HEALTH_SECRET}`)).json()).toEqual({ ok: true, sockets: 1 });
    socket.close();
  });

  it('/healthz never tells the socket count when no health secret is configured', async () => {
    const bare = await startSidecar();
    try {
      const res = await fetch(`http://127.0.0.1:${bare.port}/healthz`, { headers: { authorization: 'Bearer ' } });
      expect(await res.json()).toEqual({ ok: true });
    } finally {
      await bare.close();
    }
  });
});

describe('rooms', () => {
  it("a client cannot join another user's room by asking", async () => {
    const productType = await makeProductType();
    const product = await makeProduct(productType.id);
    await addProductMember(product.id, bob.id, 'Reader');

    const intruder = await connect(sidecar.port, { cookie: await sessionCookie(alice.id) });
    const victim = await connect(sidecar.port, { cookie: await sessionCookie(bob.id) });
    const stolen = record(intruder, 'alert:new');
    const received = record(victim, 'alert:new');
    const raw = intruder as unknown as { emit(event: string, ...args: unknown[]): void };
    for (const event of ['join', 'subscribe', 'room', 'join-room']) raw.emit(event, `user:${bob.id}`);
    raw.emit('join', { room: `user:${bob.id}` });
    await sleep(100);

    await notify({ type: 'product_added', title: 'For members of the product', product: product.id });
    await waitFor(() => received.length === 1, 5000, "bob's alert");

    await sleep(200);
    expect(stolen).toEqual([]);
    expect(intruder.connected).toBe(true);
    intruder.close();
    victim.close();
  });
});
