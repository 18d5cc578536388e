'use server';
// Retrying deliveries from the delivery log: one, or every dead one the page's filter matches.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { deliveryFilterSchema, retryDeadDeliveries, retryDelivery } from '@/lib/delivery/delivery-log';
import { forbidden, notFound, ok } from '@/lib/core/result';

export const retryDeliveryAction = validatedAction(z.object({ id: z.uuid() }), async ({ id }, user) => {
  if (!user.isSuperuser) return forbidden();
  const retried = await retryDelivery(db(), user, id);
  if (retried === 0) return notFound();
  revalidatePath('/admin/deliveries');
  return ok(retried);
});

export const retryDeadDeliveriesAction = validatedAction(deliveryFilterSchema, async (filter, user) => {
  if (!user.isSuperuser) return forbidden();
  const retried = await retryDeadDeliveries(db(), user, filter);
  revalidatePath('/admin/deliveries');
  return ok(retried);
});
