// New passwords, wherever they are set: 12 characters or more, not containing the username, not common.
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { changeOwnPassword } from '@/lib/domain/profile';
import { createUserAsAdmin, updateUser } from '@/lib/domain/users';
import { makeUser, PASSWORD } from '../support/fixtures';

describe('new passwords', () => {
  it('on the profile: the message is on the new password field', async () => {
    const user = await makeUser({ username: 'marguerite' });
    const change = (new_password: string) => changeOwnPassword(db(), user, { current_password: PASSWORD, new_password });
    expect(await change('eleven-char')).toMatchObject({ status: 400, errors: { new_password: ['At least 12 characters.'] } });
    expect(await change('Marguerite-2026')).toMatchObject({ status: 400, errors: { new_password: ['Must not contain your username.'] } });
    expect(await change('Password!2026')).toMatchObject({ status: 400, errors: { new_password: [expect.stringMatching(/too common/)] } });
    expect((await change('violet-harbor-canoe')).ok).toBe(true);
  });

  it('set by an admin, on creation and on reset', async () => {
    const admin = await makeUser({ isSuperuser: true });
    expect(await createUserAsAdmin(db(), admin, { username: 'oskar', password: 'oskar-oskar-1' })).toMatchObject({
      status: 400,
      errors: { password: ['Must not contain your username.'] },
    });
    expect(await createUserAsAdmin(db(), admin, { username: 'oskar', password: 'qwertyuiop123' })).toMatchObject({
      status: 400,
      errors: { password: [expect.stringMatching(/too common/)] },
    });
    const user = await makeUser({ username: 'petra' });
    expect(await updateUser(db(), admin, user.id, { password: 'petra-is-back' })).toMatchObject({
      status: 400,
      errors: { password: ['Must not contain your username.'] },
    });
    expect(await updateUser(db(), admin, user.id, { password: 'short' })).toMatchObject({
      status: 400,
      errors: { password: ['At least 12 characters.'] },
    });
  });
});
