'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { createRiskAcceptance, deleteRiskAcceptance, riskAcceptanceCreateSchema } from '@/lib/domain/risk-acceptances';
import { id } from '@/lib/core/validation';

export const createRiskAcceptanceAction = validatedAction(riskAcceptanceCreateSchema, async (data, user) => {
  const result = await createRiskAcceptance(db(), user, data);
  if (result.ok) revalidatePath(`/products/${data.product}`);
  return result;
});

export const deleteRiskAcceptanceAction = validatedAction(z.object({ id }), async ({ id }, user) => {
  const result = await deleteRiskAcceptance(db(), user, id);
  if (result.ok) revalidatePath('/products/[id]', 'page');
  return result;
});
