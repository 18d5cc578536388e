import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkCredentials, FREE_FAILURES, isUsernameLocked, MAX_DELAY_SECONDS, USERNAME_CAP } from '@/lib/auth/credentials';
import { pairDelayMs } from '@/lib/auth/rate-limit';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { clearUserSignInLock } from '@/lib/domain/users';
import { makeUser, PASSWORD } from '../support/fixtures';

/** As if the key's last failure had happened `seconds` earlier (no test waits for a real delay). */
async function age(key: string, seconds: number): Promise<void> {
  await db().execute(sql`update rate_limits set window_start = window_start - make_interval(secs => ${seconds}) where key = ${key}`);
}

describe('signing in with a username and password', () => {
  it('accepts the right password, whatever the username case, and records the login', async () => {
    const user = await makeUser({ username: 'Dana' });
    const result = await checkCredentials(db(), 'dana', PASSWORD, '10.0.0.1');
    expect(result.ok && result.user.id).toBe(user.id);
    const [after] = await db().select().from(users).where(eq(users.id, user.id));
    expect(after!.lastLogin).not.toBeNull();
  });

  it('refuses a wrong password, an unknown user and an inactive user alike', async () => {
    await makeUser({ username: 'eve' });
    await makeUser({ username: 'frank', isActive: false });
    expect(await checkCredentials(db(), 'eve', 'wrong', '10.0.0.2')).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkCredentials(db(), 'nobody', PASSWORD, '10.0.0.2')).toEqual({ ok: false, reason: 'invalid' });
    expect(await checkCredentials(db(), 'frank', PASSWORD, '10.0.0.2')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('failures slow down their own (username, address) pair with growing delays', async () => {
    await makeUser({ username: 'gina' });
    for (let i = 0; i < FREE_FAILURES; i++)
      expect(await checkCredentials(db(), 'gina', 'wrong', '10.1.0.1')).toEqual({ ok: false, reason: 'invalid' });
    // Now even the right password waits, from this address, ...
    expect(await checkCredentials(db(), 'GINA', PASSWORD, '10.1.0.1')).toEqual({ ok: false, reason: 'rate_limited' });
    // ... and gets in once the delay has passed.
    await age('login:pair:10.1.0.1:gina', 2);
    expect((await checkCredentials(db(), 'gina', PASSWORD, '10.1.0.1')).ok).toBe(true);
  });

  it('the delay doubles with each failure, up to an hour', async () => {
    await makeUser({ username: 'gus' });
    for (let i = 0; i < FREE_FAILURES + 4; i++) {
      await age('login:pair:10.1.1.1:gus', 3600);
      await checkCredentials(db(), 'gus', 'wrong', '10.1.1.1');
    }
    const policy = { freeFailures: FREE_FAILURES, maxDelaySeconds: MAX_DELAY_SECONDS, forgetAfterSeconds: 86_400 };
    const wait = await pairDelayMs(db(), 'login:pair:10.1.1.1:gus', policy);
    expect(wait).toBeGreaterThan(15_000);
    expect(wait).toBeLessThanOrEqual(16_000);
  });

  it("another address's failures do not lock out the right password from an address that has not failed", async () => {
    await makeUser({ username: 'gwen' });
    for (let i = 0; i < 20; i++) {
      await age('login:pair:10.1.2.1:gwen', 3600);
      await checkCredentials(db(), 'gwen', 'wrong', '10.1.2.1');
    }
    expect(await checkCredentials(db(), 'gwen', PASSWORD, '10.1.2.1')).toEqual({ ok: false, reason: 'rate_limited' });
    expect((await checkCredentials(db(), 'gwen', PASSWORD, '10.2.0.1')).ok).toBe(true);
  });

  it('past the per-username cap (guesses from many addresses) the account waits for an admin, who unlocks it', async () => {
    const user = await makeUser({ username: 'gail' });
    const admin = await makeUser({ isSuperuser: true });
    for (let i = 0; i < USERNAME_CAP; i++) await checkCredentials(db(), 'gail', 'wrong', `10.9.${Math.floor(i / 3)}.${i % 3}`);
    expect(await isUsernameLocked(db(), 'gail')).toBe(true);
    expect(await checkCredentials(db(), 'gail', PASSWORD, '10.8.0.1')).toEqual({ ok: false, reason: 'rate_limited' });
    expect(await clearUserSignInLock(db(), user, user.id)).toMatchObject({ ok: false, status: 403 });
    expect(await clearUserSignInLock(db(), admin, user.id)).toEqual({ ok: true, value: null });
    expect(await isUsernameLocked(db(), 'gail')).toBe(false);
    expect((await checkCredentials(db(), 'gail', PASSWORD, '10.8.0.1')).ok).toBe(true);
    expect((await checkCredentials(db(), 'gail', PASSWORD, '10.9.0.0')).ok).toBe(true);
  });

  it('locks an address after 50 failures, whatever usernames it tries', async () => {
    await makeUser({ username: 'hank' });
    for (let i = 0; i < 50; i++) await checkCredentials(db(), `guess${i}`, 'wrong', '10.3.0.1');
    expect(await checkCredentials(db(), 'hank', PASSWORD, '10.3.0.1')).toEqual({ ok: false, reason: 'rate_limited' });
    expect((await checkCredentials(db(), 'hank', PASSWORD, '10.3.0.2')).ok).toBe(true);
  });

  it("a success clears its pair's failures", async () => {
    await makeUser({ username: 'ivy' });
    for (let i = 0; i < FREE_FAILURES - 1; i++) await checkCredentials(db(), 'ivy', 'wrong', '10.4.0.1');
    expect((await checkCredentials(db(), 'ivy', PASSWORD, '10.4.0.1')).ok).toBe(true);
    for (let i = 0; i < FREE_FAILURES - 1; i++) await checkCredentials(db(), 'ivy', 'wrong', '10.4.0.1');
    expect((await checkCredentials(db(), 'ivy', PASSWORD, '10.4.0.1')).ok).toBe(true);
  });
});
