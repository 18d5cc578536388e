'use server';
// Saving a notification matrix: one action for the four scopes. The target says which matrix (never
// whose: the user is always the caller); the domain authorizes it and validates the channels.
import { z } from 'zod';
import { validatedCall, type ActionState } from '@/lib/session/action';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { patchNotificationSettings, type SettingsTarget } from '@/lib/domain/notification-settings';
import { copyTemplateToUser } from '@/lib/notifications/settings';

const UNKNOWN_SETTINGS = 'Unknown settings.';
const targetSchema = z.discriminatedUnion(
  'scope',
  [
    z.object({ scope: z.literal('personal') }),
    z.object({ scope: z.literal('product'), productId: z.int().positive() }),
    z.object({ scope: z.literal('system') }),
    z.object({ scope: z.literal('template') }),
  ],
  { error: UNKNOWN_SETTINGS },
);

const save = validatedCall(z.object({ target: targetSchema, changes: z.unknown() }), ({ target, changes }, user) =>
  patchNotificationSettings(db(), user, target, changes),
);

/** PATCH semantics: only the events in `changes` change. Answers field errors for unknown events or channels. */
export async function saveNotificationSettingsAction(target: SettingsTarget, changes: unknown): Promise<ActionState> {
  return save({ target, changes });
}

/** "Reset my settings to the template": the caller's personal row becomes a copy of the template. */
export async function resetToTemplateAction(): Promise<ActionState> {
  const user = await requireUser();
  await copyTemplateToUser(db(), user.id);
  return { ok: true };
}
