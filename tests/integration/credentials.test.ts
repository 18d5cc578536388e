import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkCredentials } from '@/lib/auth/credentials';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { makeUser, PASSWORD } from '../support/fixtures';

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

  it('locks a username after 10 failures, even against the right password, from any address', async () => {
    await makeUser({ username: 'gina' });
    for (let i = 0; i < 10; i++) await checkCredentials(db(), 'gina', 'wrong', `10.1.0.${i}`);
    expect(await checkCredentials(db(), 'GINA', PASSWORD, '10.2.0.1')).toEqual({ ok: false, reason: 'rate_limited' });
  });

  it('locks an address after 50 failures, whatever usernames it tries', async () => {
    await makeUser({ username: 'hank' });
    for (let i = 0; i < 50; i++) await checkCredentials(db(), `guess${i}`, 'wrong', '10.3.0.1');
    expect(await checkCredentials(db(), 'hank', PASSWORD, '10.3.0.1')).toEqual({ ok: false, reason: 'rate_limited' });
    expect((await checkCredentials(db(), 'hank', PASSWORD, '10.3.0.2')).ok).toBe(true);
  });

  it('a success clears the username’s failures', async () => {
    await makeUser({ username: 'ivy' });
    for (let i = 0; i < 9; i++) await checkCredentials(db(), 'ivy', 'wrong', '10.4.0.1');
    expect((await checkCredentials(db(), 'ivy', PASSWORD, '10.4.0.1')).ok).toBe(true);
    for (let i = 0; i < 9; i++) await checkCredentials(db(), 'ivy', 'wrong', '10.4.0.1');
    expect((await checkCredentials(db(), 'ivy', PASSWORD, '10.4.0.1')).ok).toBe(true);
  });
});
