'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { clearUserSignInLock, createUserAsAdmin, updateUser, userCreateSchema, userUpdateSchema } from '@/lib/domain/users';
import { id } from '@/lib/core/validation';

export const createUserAction = validatedAction(userCreateSchema, async (data, user) => {
  const result = await createUserAsAdmin(db(), user, data);
  if (result.ok) redirect(`/admin/users/${result.value.id}`);
  return result;
});

/** An empty password field keeps the current password. */
const editSchema = userUpdateSchema.omit({ password: true }).extend({ id, password: z.string().optional() });

export const updateUserAction = validatedAction(editSchema, async ({ id, password, ...data }, user) => {
  const result = await updateUser(db(), user, id, { ...data, password: password || undefined });
  if (result.ok) revalidatePath(`/admin/users/${id}`);
  return result;
});

/** Deactivate or reactivate, and nothing else. */
export const setUserActiveAction = validatedAction(z.object({ id, is_active: z.boolean() }), async ({ id, is_active }, user) => {
  const result = await updateUser(db(), user, id, { is_active });
  if (result.ok) revalidatePath('/admin/users', 'layout');
  return result;
});

/** Lets a user whose sign-in cap was reached try again (their failed attempts are forgotten). */
export const clearSignInLockAction = validatedAction(z.object({ id }), async ({ id }, user) => {
  const result = await clearUserSignInLock(db(), user, id);
  if (result.ok) revalidatePath(`/admin/users/${id}`);
  return result;
});
