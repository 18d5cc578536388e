'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import {
  closeEngagement,
  createEngagement,
  deleteEngagement,
  engagementCreateSchema,
  engagementUpdateSchema,
  reopenEngagement,
  updateEngagement,
} from '@/lib/domain/engagements';
import { id } from '@/lib/core/validation';

const byId = z.object({ id });

export const createEngagementAction = validatedAction(engagementCreateSchema, async (data, user) => {
  const result = await createEngagement(db(), user, data);
  if (result.ok) redirect(`/engagements/${result.value.id}`);
  return result;
});

export const updateEngagementAction = validatedAction(engagementUpdateSchema.extend({ id }), async ({ id, ...data }, user) => {
  const result = await updateEngagement(db(), user, id, data);
  if (result.ok) redirect(`/engagements/${id}`);
  return result;
});

export const deleteEngagementAction = validatedAction(byId, async ({ id }, user) => {
  const result = await deleteEngagement(db(), user, id);
  if (result.ok) redirect('/engagements');
  return result;
});

export const closeEngagementAction = validatedAction(byId, async ({ id }, user) => {
  const result = await closeEngagement(db(), user, id);
  if (result.ok) revalidatePath(`/engagements/${id}`);
  return result;
});

export const reopenEngagementAction = validatedAction(byId, async ({ id }, user) => {
  const result = await reopenEngagement(db(), user, id);
  if (result.ok) revalidatePath(`/engagements/${id}`);
  return result;
});
