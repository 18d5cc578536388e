// Who may read and change which notification settings: everyone their own (personal, and per
// product for products they can see), superusers the system-wide row and the template. Nobody
// names another user: the owner comes from the caller, never from the request.
import { authorize, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { getSettings, patchSettings, replaceSettings } from '../notifications/settings';
import { settingsInputSchemas, type ChannelMatrix, type FlatSettings, type SettingsChanges, type SettingsOwner } from '../notifications/settings-schema';
import { denial, forbidden, ok, type Result } from '../core/result';
import { parseWith } from '../core/validation';

/** Which settings a request is about; the user is always the caller. */
export type SettingsTarget = { scope: 'personal' } | { scope: 'product'; productId: number } | { scope: 'system' } | { scope: 'template' };

async function ownerFor(db: Executor, actor: Actor, target: SettingsTarget): Promise<Result<SettingsOwner>> {
  switch (target.scope) {
    case 'personal':
      return ok({ scope: 'personal', userId: actor.id });
    case 'product': {
      const denied = denial(await authorize(db, actor, { kind: 'product', id: target.productId }, 'view'));
      return denied ?? ok({ scope: 'product', userId: actor.id, productId: target.productId });
    }
    case 'system':
    case 'template':
      return actor.isSuperuser ? ok({ scope: target.scope }) : forbidden(`Only superusers may use the ${target.scope} notification settings.`);
  }
}

export async function readNotificationSettings(db: Executor, actor: Actor, target: SettingsTarget): Promise<Result<FlatSettings>> {
  const owner = await ownerFor(db, actor, target);
  return owner.ok ? ok(await getSettings(db, owner.value)) : owner;
}

/** PATCH: only the events given change. */
export async function patchNotificationSettings(db: Executor, actor: Actor, target: SettingsTarget, input: unknown): Promise<Result<FlatSettings>> {
  const owner = await ownerFor(db, actor, target);
  if (!owner.ok) return owner;
  const parsed = parseWith(settingsInputSchemas[target.scope].patch, input);
  return parsed.ok ? ok(await patchSettings(db, owner.value, parsed.value)) : parsed;
}

/** PUT: the whole matrix, every event given. */
export async function replaceNotificationSettings(db: Executor, actor: Actor, target: SettingsTarget, input: unknown): Promise<Result<FlatSettings>> {
  const owner = await ownerFor(db, actor, target);
  if (!owner.ok) return owner;
  const parsed = parseWith(settingsInputSchemas[target.scope].replace, input);
  return parsed.ok ? ok(await replaceSettings(db, owner.value, parsed.value as SettingsChanges & ChannelMatrix)) : parsed;
}
