'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import {
  createProductType,
  deleteProductType,
  productTypeCreateSchema,
  productTypeUpdateSchema,
  updateProductType,
} from '@/lib/domain/product-types';
import { id } from '@/lib/core/validation';

export const createProductTypeAction = validatedAction(productTypeCreateSchema, async (data, user) => {
  const result = await createProductType(db(), user, data);
  if (result.ok) redirect(`/product-types/${result.value.id}`);
  return result;
});

export const updateProductTypeAction = validatedAction(productTypeUpdateSchema.extend({ id }), async ({ id, ...data }, user) => {
  const result = await updateProductType(db(), user, id, data);
  if (result.ok) redirect(`/product-types/${id}`);
  return result;
});

export const deleteProductTypeAction = validatedAction(z.object({ id }), async ({ id }, user) => {
  const result = await deleteProductType(db(), user, id);
  if (result.ok) redirect('/product-types');
  return result;
});
