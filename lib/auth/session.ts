// The signed-in user for pages and server actions: read from the database on every request, so a
// deactivated user or a deleted account is signed out at once.
import 'server-only';
import { eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '../db/client';
import { users } from '../db/schema';
import { authOptions } from './options';

export type CurrentUser = typeof users.$inferSelect;

export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions());
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const [user] = await db().select().from(users).where(eq(users.id, id));
  return user?.isActive ? user : null;
});

export async function requireUser(): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect('/login');
  return user;
}
