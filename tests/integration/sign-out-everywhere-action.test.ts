// The profile's "Sign out everywhere" and password change go through validatedAction and end every
// session of the user (this one included: the browser is sent to sign in again).
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { makeUser, PASSWORD } from '../support/fixtures';

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/lib/session/current-user', () => ({ requireUser: async () => session.user, currentUser: async () => session.user }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { changePasswordAction, signOutEverywhereAction } = await import('@/app/(app)/profile/actions');
const versionOf = async (id: number) => (await db().select().from(users).where(eq(users.id, id)))[0]!.sessionVersion;

function form(fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

/** Next's redirect() throws; its digest names the target. */
async function redirectOf(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => null,
    (e: unknown) => e as { digest?: string },
  );
  return error?.digest?.split(';')[2] ?? 'no redirect';
}

beforeAll(async () => {
  session.user = await makeUser();
});

describe('the profile ends sessions', () => {
  it('"Sign out everywhere" bumps the session version and sends the browser to /login', async () => {
    const before = await versionOf(session.user!.id);
    expect(await redirectOf(() => signOutEverywhereAction({}, form()))).toBe('/login');
    expect(await versionOf(session.user!.id)).toBe(before + 1);
  });

  it('a password change does too, and a refused one does not', async () => {
    const before = await versionOf(session.user!.id);
    const refused = await changePasswordAction({}, form({ current_password: 'wrong', new_password: 'violet-harbor-canoe' }));
    expect(refused).toMatchObject({ ok: false, status: 400 });
    expect(await versionOf(session.user!.id)).toBe(before);
    const changed = () => changePasswordAction({}, form({ current_password: PASSWORD, new_password: 'violet-harbor-canoe' }));
    expect(await redirectOf(changed)).toBe('/login?callbackUrl=%2Fprofile');
    expect(await versionOf(session.user!.id)).toBe(before + 1);
  });
});
