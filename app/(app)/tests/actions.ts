'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { createTest, deleteTest, testCreateSchema, testUpdateSchema, updateTest } from '@/lib/domain/tests';
import { id } from '@/lib/core/validation';

export const createTestAction = validatedAction(testCreateSchema, async (data, user) => {
  const result = await createTest(db(), user, data);
  if (result.ok) redirect(`/tests/${result.value.id}`);
  return result;
});

export const updateTestAction = validatedAction(testUpdateSchema.extend({ id }), async ({ id, ...data }, user) => {
  const result = await updateTest(db(), user, id, data);
  if (result.ok) redirect(`/tests/${id}`);
  return result;
});

export const deleteTestAction = validatedAction(z.object({ id }), async ({ id }, user) => {
  const result = await deleteTest(db(), user, id);
  if (result.ok) redirect('/tests');
  return result;
});
