'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { createProduct, deleteProduct, productCreateSchema, productUpdateSchema, updateProduct } from '@/lib/domain/products';
import { id } from '@/lib/core/validation';

export const createProductAction = validatedAction(productCreateSchema, async (data, user) => {
  const result = await createProduct(db(), user, data);
  if (result.ok) redirect(`/products/${result.value.id}`);
  return result;
});

export const updateProductAction = validatedAction(productUpdateSchema.extend({ id }), async ({ id, ...data }, user) => {
  const result = await updateProduct(db(), user, id, data);
  if (result.ok) redirect(`/products/${id}`);
  return result;
});

export const deleteProductAction = validatedAction(z.object({ id }), async ({ id }, user) => {
  const result = await deleteProduct(db(), user, id);
  if (result.ok) redirect('/products');
  return result;
});
