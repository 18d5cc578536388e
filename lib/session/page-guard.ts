// For pages: what the URL names, or the 404 page. An object the user may not see is answered exactly
// like one that does not exist.
import 'server-only';
import { notFound } from 'next/navigation';
import type { Result } from '../core/result';
import { MAX_ID } from '../core/validation';
import { requireUser, type CurrentUser } from './current-user';

/** The id in a dynamic segment; anything but a positive integer PostgreSQL can hold is a 404. */
export function routeId(segment: string): number {
  const id = Number(segment);
  if (!/^\d+$/.test(segment) || !Number.isSafeInteger(id) || id < 1 || id > MAX_ID) notFound();
  return id;
}

/** The value of a query's Result, or the 404 page for any failure (not found, not visible). */
export async function found<T>(query: Promise<Result<T>>): Promise<T> {
  const result = await query;
  if (!result.ok) notFound();
  return result.value;
}

/** For an admin page that reads no data (a blank form): the signed-in superuser, or the 404 page. */
export async function requireSuperuser(): Promise<CurrentUser> {
  const user = await requireUser();
  if (!user.isSuperuser) notFound();
  return user;
}
