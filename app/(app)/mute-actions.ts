'use server';
// Mute and unmute from the product and finding pages (DESIGN §4b.2); the domain checks view access.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { createMute, deleteMute } from '@/lib/domain/mutes';
import { id } from '@/lib/core/validation';

const DAY_MS = 86_400_000;
const pageOf = (kind: 'product' | 'finding', subjectId: number) => `/${kind}s/${subjectId}`;

const muteForm = z.object({ kind: z.enum(['product', 'finding']), subject: id, for: z.enum(['ever', 'day']) });

export const muteAction = validatedAction(muteForm, async ({ kind, subject, for: span }, user) => {
  const until = span === 'day' ? new Date(Date.now() + DAY_MS).toISOString() : null;
  const result = await createMute(db(), user, { [kind]: subject, until });
  if (result.ok) revalidatePath(pageOf(kind, subject));
  return result;
});

export const unmuteAction = validatedAction(z.object({ kind: z.enum(['product', 'finding']), subject: id, id }), async (form, user) => {
  const result = await deleteMute(db(), user, form.id);
  if (result.ok) revalidatePath(pageOf(form.kind, form.subject));
  return result;
});
