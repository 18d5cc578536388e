// Revocable sessions: what bumps a user's session version, and that API tokens end with a password
// change or an admin's reset (the HTTP side, cookies refused after a bump, is in api-sessions.test.ts).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { authenticateApiToken, createApiToken } from '@/lib/auth/api-tokens';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { changeOwnPassword } from '@/lib/domain/profile';
import { updateUser } from '@/lib/domain/users';
import { makeUser, PASSWORD } from '../support/fixtures';

const versionOf = async (id: number) => (await db().select().from(users).where(eq(users.id, id)))[0]!.sessionVersion;
const NEW_PASSWORD = 'a-new-long-passphrase-7';

async function tokenKey(userId: number): Promise<string> {
  const created = await createApiToken(db(), userId, { name: 'ci' });
  if (!created.ok) throw new Error('no token');
  return created.value.key;
}

describe('session versions', () => {
  it('a password change signs out every session and revokes the API tokens', async () => {
    const user = await makeUser();
    const key = await tokenKey(user.id);
    expect(await authenticateApiToken(db(), key)).not.toBeNull();
    expect(await changeOwnPassword(db(), user, { current_password: PASSWORD, new_password: NEW_PASSWORD })).toEqual({
      ok: true,
      value: null,
    });
    expect(await versionOf(user.id)).toBe(1);
    expect(await authenticateApiToken(db(), key)).toBeNull();
  });

  it('a failed password change changes nothing', async () => {
    const user = await makeUser();
    const key = await tokenKey(user.id);
    await changeOwnPassword(db(), user, { current_password: 'not-it', new_password: NEW_PASSWORD });
    expect(await versionOf(user.id)).toBe(0);
    expect(await authenticateApiToken(db(), key)).not.toBeNull();
  });

  it('an admin deactivating a user bumps it; an admin resetting a password bumps it and revokes the tokens', async () => {
    const admin = await makeUser({ isSuperuser: true });
    const [a, b] = [await makeUser(), await makeUser()];
    const key = await tokenKey(b.id);
    await updateUser(db(), admin, a.id, { is_active: false });
    expect(await versionOf(a.id)).toBe(1);
    await updateUser(db(), admin, b.id, { password: 'reset-by-the-admin-42' });
    expect(await versionOf(b.id)).toBe(1);
    expect(await authenticateApiToken(db(), key)).toBeNull();
  });

  it('other admin edits (a name, a role) leave sessions alone', async () => {
    const admin = await makeUser({ isSuperuser: true });
    const user = await makeUser();
    await updateUser(db(), admin, user.id, { first_name: 'Renamed', global_role: 'Reader' });
    expect(await versionOf(user.id)).toBe(0);
  });
});
