'use server';
// A product's own destinations, for its Owners, Maintainers and superusers (checked in lib, so the
// action refuses anyone else even when called without the page).
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction, type ActionState } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { parseWith, id } from '@/lib/core/validation';
import { patchProductDestinations, productDestinationsPatch } from '@/lib/integrations/product-destinations';

const form = z.object({
  id,
  slack_channel: z.string().max(200).default(''),
  msteams_url: z.string().max(2000).optional(),
  clear_msteams_url: z.boolean(),
  mail_notifications_to: z.string().max(20_000).default(''),
});

const save = validatedAction(form, async (data, user) => {
  const parsed = parseWith(productDestinationsPatch, {
    slack_channel: data.slack_channel.trim() || null,
    // An empty field keeps the stored URL; "remove" clears it.
    msteams_url: data.clear_msteams_url ? null : data.msteams_url?.trim() || undefined,
    mail_notifications_to: data.mail_notifications_to.split(/[\s,;]+/).filter(Boolean),
  });
  if (!parsed.ok) return parsed;
  const result = await patchProductDestinations(db(), user, data.id, parsed.value);
  if (result.ok) revalidatePath(`/products/${data.id}/settings`);
  return result.ok ? { ok: true as const, value: null } : result;
});

/** A failed save re-renders what was typed, but never the Teams URL (a credential). */
export async function saveProductDestinationsAction(previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await save(previous, formData);
  if (state.values) delete state.values.msteams_url;
  return state;
}
