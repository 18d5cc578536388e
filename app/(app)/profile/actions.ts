'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { revokeSessions } from '@/lib/auth/session-version';
import { apiTokenCreateSchema, createApiToken, revokeApiToken } from '@/lib/auth/api-tokens';
import { db } from '@/lib/db/client';
import { changeOwnPassword, passwordChangeSchema, profileUpdateSchema, updateOwnProfile } from '@/lib/domain/profile';
import { notFound, ok } from '@/lib/core/result';
import { id } from '@/lib/core/validation';
import { quietHoursSchema, setQuietHours } from '@/lib/notifications/quiet-hours';
import { digestChoiceSchema, setDigestChoice } from '@/lib/schedules/digest-choice';

export const updateProfileAction = validatedAction(profileUpdateSchema, async (data, user) => {
  const result = await updateOwnProfile(db(), user, data);
  if (result.ok) revalidatePath('/', 'layout');
  return result;
});

/** Every session ends with the old password, this one too: the user signs in again with the new one. */
export const changePasswordAction = validatedAction(passwordChangeSchema, async (data, user) => {
  const result = await changeOwnPassword(db(), user, data);
  if (result.ok) redirect('/login?callbackUrl=%2Fprofile');
  return result;
});

export const signOutEverywhereAction = validatedAction(z.object({}), async (_data, user) => {
  await revokeSessions(db(), user.id);
  redirect('/login');
});

/** The answer carries the key: the form shows it once, and it is stored nowhere but as a hash. */
export const createApiTokenAction = validatedAction(apiTokenCreateSchema, async (data, user) => {
  const result = await createApiToken(db(), user.id, data);
  if (result.ok) revalidatePath('/profile');
  return result;
});

export const revokeApiTokenAction = validatedAction(z.object({ id }), async ({ id }, user) => {
  if (!(await revokeApiToken(db(), user.id, id))) return notFound();
  revalidatePath('/profile');
  return ok(null);
});

export const updateDigestAction = validatedAction(digestChoiceSchema, async ({ digest }, user) => {
  await setDigestChoice(db(), user.id, digest);
  revalidatePath('/profile');
  return ok(null);
});

export const updateQuietHoursAction = validatedAction(quietHoursSchema, async (input, user) => {
  await setQuietHours(db(), user.id, input);
  revalidatePath('/profile');
  return ok(null);
});
