// The signed-in user for pages and server actions: read from the database on every request, so a
// deactivated user, a deleted account or a revoked session (lib/auth/session-version.ts) is signed out at once.
import 'server-only';
import { eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '../db/client';
import { users } from '../db/schema';
import { authOptions } from './next-auth-options';

export type CurrentUser = typeof users.$inferSelect;

export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions());
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const [user] = await db().select().from(users).where(eq(users.id, id));
  if (!user?.isActive || user.sessionVersion !== (session?.sessionVersion ?? 0)) return null;
  return user;
});

export async function requireUser(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect('/login');
  return user;
}
