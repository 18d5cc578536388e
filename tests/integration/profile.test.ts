// A user's own account: what the profile page changes, and nothing else.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { changeOwnPassword, slackTargetOf, updateOwnProfile } from '@/lib/domain/profile';
import { makeUser, PASSWORD } from '../support/fixtures';

const reload = async (id: number) => (await db().select().from(users).where(eq(users.id, id)))[0]!;
const profile = { first_name: 'Dana', last_name: 'Lee', email: 'dana@example.com' };

describe('updateOwnProfile', () => {
  it('a Slack member id is stored as the user id, an email as the Slack email, empty as neither', async () => {
    const user = await makeUser();
    await updateOwnProfile(db(), user, { ...profile, slack_target: 'U012AB3CD' });
    expect(await reload(user.id)).toMatchObject({ firstName: 'Dana', slackUserId: 'U012AB3CD', slackEmail: null });
    await updateOwnProfile(db(), user, { ...profile, slack_target: 'dana@slack.example' });
    expect(await reload(user.id)).toMatchObject({ slackUserId: null, slackEmail: 'dana@slack.example' });
    expect(slackTargetOf(await reload(user.id))).toBe('dana@slack.example');
    await updateOwnProfile(db(), user, { ...profile, slack_target: '' });
    expect(await reload(user.id)).toMatchObject({ slackUserId: null, slackEmail: null });
  });

  it('anything else is a field error, and changes nothing', async () => {
    const user = await makeUser();
    const result = await updateOwnProfile(db(), user, { ...profile, email: 'nope', slack_target: '#general' });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      errors: { email: ['nope is not an email address (it has no @).'], slack_target: [expect.stringContaining('Slack user id')] },
    });
    expect((await reload(user.id)).firstName).toBe('');
  });

  it('accepts the address the app gave the first admin, and says why it refuses one', async () => {
    const user = await makeUser();
    expect(await updateOwnProfile(db(), user, { ...profile, email: 'admin@localhost', slack_target: 'U012AB3CD' })).toMatchObject({
      ok: true,
    });
    expect(await reload(user.id)).toMatchObject({ email: 'admin@localhost', slackUserId: 'U012AB3CD' });
    const refused = await updateOwnProfile(db(), user, { ...profile, email: 'dana@corp', slack_target: '' });
    expect(refused).toMatchObject({
      errors: { email: ['dana@corp is not an email address (its domain corp has no dot, like example.com).'] },
    });
  });

  it('cannot touch the role or superuser flag, whatever the input holds', async () => {
    const user = await makeUser();
    await updateOwnProfile(db(), user, { ...profile, slack_target: '', is_superuser: true, global_role: 'Owner' } as never);
    expect(await reload(user.id)).toMatchObject({ isSuperuser: false, globalRole: null });
  });
});

describe('changeOwnPassword', () => {
  it('needs the current password', async () => {
    const user = await makeUser();
    const wrong = await changeOwnPassword(db(), user, { current_password: 'guess', new_password: 'new-password-1' });
    expect(wrong).toMatchObject({ ok: false, errors: { current_password: ['This is not your current password.'] } });
    expect(await changeOwnPassword(db(), user, { current_password: PASSWORD, new_password: 'new-password-1' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await verifyPassword((await reload(user.id)).passwordHash, 'new-password-1')).toBe(true);
  });
});
