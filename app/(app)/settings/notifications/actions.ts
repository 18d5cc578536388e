'use server';
// Saving a notification matrix: one action for the four scopes. The target says which matrix (never
// whose: the user is always the caller); the domain authorizes it and validates the channels.
import { z } from 'zod';
import { unstable_rethrow } from 'next/navigation';
import { NOT_ALLOWED_MESSAGE, NOT_FOUND_MESSAGE, type ActionState } from '@/lib/session/action';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { patchNotificationSettings, type SettingsTarget } from '@/lib/domain/notification-settings';
import { NON_FIELD, type Failure } from '@/lib/core/result';
import { copyTemplateToUser } from '@/lib/notifications/settings';
import { loggable } from '@/lib/db/error-text';

const targetSchema = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('personal') }),
  z.object({ scope: z.literal('product'), productId: z.int().positive() }),
  z.object({ scope: z.literal('system') }),
  z.object({ scope: z.literal('template') }),
]);

function failed(failure: Failure): ActionState<never> {
  const { [NON_FIELD]: general, ...errors } = failure.errors ?? {};
  const detail = failure.status === 404 ? NOT_FOUND_MESSAGE
    : failure.status === 403 ? (failure.detail ? `Not allowed: ${failure.detail}` : NOT_ALLOWED_MESSAGE)
      : general?.join(' ') ?? failure.detail ?? 'Invalid settings.';
  return { ok: false, status: failure.status, errors, detail };
}

/** PATCH semantics: only the events in `changes` change. Answers field errors for unknown events or channels. */
export async function saveNotificationSettingsAction(target: SettingsTarget, changes: unknown): Promise<ActionState> {
  const user = await requireUser();
  const parsedTarget = targetSchema.safeParse(target);
  if (!parsedTarget.success) return { ok: false, status: 400, detail: 'Unknown settings.', errors: { target: ['Unknown settings.'] } };
  try {
    const result = await patchNotificationSettings(db(), user, parsedTarget.data, changes);
    return result.ok ? { ok: true } : failed(result);
  } catch (error) {
    unstable_rethrow(error);
    console.error(`saving notification settings failed (user ${user.id})`, loggable(error));
    return { ok: false, status: 500, detail: 'Something went wrong on our side. Try again.' };
  }
}

/** "Reset my settings to the template": the caller's personal row becomes a copy of the template. */
export async function resetToTemplateAction(): Promise<ActionState> {
  const user = await requireUser();
  await copyTemplateToUser(db(), user.id);
  return { ok: true };
}
