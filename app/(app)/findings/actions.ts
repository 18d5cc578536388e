'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { createFinding, deleteFinding, findingCreateSchema, findingUpdateSchema, updateFinding } from '@/lib/domain/findings';
import { createNote, noteCreateSchema } from '@/lib/domain/notes';
import { requestReview, reviewRequestCreateSchema } from '@/lib/domain/review-requests';
import { id } from '@/lib/core/validation';

export const createFindingAction = validatedAction(findingCreateSchema, async (data, user) => {
  const result = await createFinding(db(), user, data);
  if (result.ok) redirect(`/findings/${result.value.id}`);
  return result;
});

export const updateFindingAction = validatedAction(findingUpdateSchema.extend({ id }), async ({ id, ...data }, user) => {
  const result = await updateFinding(db(), user, id, data);
  if (result.ok) redirect(`/findings/${id}`);
  return result;
});

export const deleteFindingAction = validatedAction(z.object({ id }), async ({ id }, user) => {
  const result = await deleteFinding(db(), user, id);
  if (result.ok) redirect('/findings');
  return result;
});

/** `@username` in the entry is stored as a mention of that user, if they can see the finding. */
export const addNoteAction = validatedAction(noteCreateSchema.extend({ finding: id }), async ({ finding, ...data }, user) => {
  const result = await createNote(db(), user, finding, data);
  if (result.ok) revalidatePath(`/findings/${finding}`);
  return result;
});

export const requestReviewAction = validatedAction(
  reviewRequestCreateSchema.extend({ finding: id }),
  async ({ finding, ...data }, user) => {
    const result = await requestReview(db(), user, finding, data);
    if (result.ok) revalidatePath(`/findings/${finding}`);
    return result;
  },
);
