// Who may read and change which notification settings: everyone their own (personal, and per
// product for products they can see), superusers the system-wide row and the template. Nobody
// names another user: the owner comes from the caller, never from the request.
import { sql } from 'drizzle-orm';
import { fieldChanges, hasChanges, recordChange } from '../audit/record';
import { authorize, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { getSettings, patchSettings, replaceSettings } from '../notifications/settings';
import {
  settingsInputSchemas,
  type ChannelMatrix,
  type FlatSettings,
  type SettingsChanges,
  type SettingsOwner,
} from '../notifications/settings-schema';
import { denial, forbidden, ok, type Result } from '../core/result';
import { parseWith } from '../core/validation';
import { inTransaction } from '../core/transaction';

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
      return actor.isSuperuser
        ? ok({ scope: target.scope })
        : forbidden(`Only superusers may use the ${target.scope} notification settings.`);
  }
}

export async function readNotificationSettings(db: Executor, actor: Actor, target: SettingsTarget): Promise<Result<FlatSettings>> {
  const owner = await ownerFor(db, actor, target);
  return owner.ok ? ok(await getSettings(db, owner.value)) : owner;
}

/** PATCH: only the events given change. */
export async function patchNotificationSettings(
  db: Executor,
  actor: Actor,
  target: SettingsTarget,
  input: unknown,
): Promise<Result<FlatSettings>> {
  const owner = await ownerFor(db, actor, target);
  if (!owner.ok) return owner;
  const parsed = parseWith(settingsInputSchemas[target.scope].patch, input);
  if (!parsed.ok) return parsed;
  return audited(db, actor, owner.value, (tx) => patchSettings(tx, owner.value, parsed.value));
}

/** PUT: the whole matrix, every event given. */
export async function replaceNotificationSettings(
  db: Executor,
  actor: Actor,
  target: SettingsTarget,
  input: unknown,
): Promise<Result<FlatSettings>> {
  const owner = await ownerFor(db, actor, target);
  if (!owner.ok) return owner;
  const parsed = parseWith(settingsInputSchemas[target.scope].replace, input);
  if (!parsed.ok) return parsed;
  return audited(db, actor, owner.value, (tx) => replaceSettings(tx, owner.value, parsed.value as SettingsChanges & ChannelMatrix));
}

/** The change and its audit row (the cells before and after, floors and required events) in one transaction. */
async function audited(
  db: Executor,
  actor: Actor,
  owner: SettingsOwner,
  change: (tx: Executor) => Promise<FlatSettings>,
): Promise<Result<FlatSettings>> {
  return inTransaction(db, async (tx) => {
    const before = await getSettings(tx, owner);
    const after = await change(tx);
    const changes = fieldChanges(before, after);
    if (hasChanges(changes)) {
      await recordChange(tx, actor, {
        objectKind: 'notification_settings',
        ...(await settingsObject(tx, owner)),
        action: 'updated',
        changes,
      });
    }
    return ok(after);
  });
}

/** How the log names a settings row: "system", "template", "personal:<user>", "product:<user>:<product>". */
async function settingsObject(tx: Executor, owner: SettingsOwner): Promise<{ objectId: string; objectLabel: string }> {
  switch (owner.scope) {
    case 'system':
      return { objectId: 'system', objectLabel: 'System-wide notifications' };
    case 'template':
      return { objectId: 'template', objectLabel: 'Notification template' };
    case 'personal':
      return { objectId: `personal:${owner.userId}`, objectLabel: `Personal notifications of ${await username(tx, owner.userId)}` };
    case 'product': {
      const [row] = await tx.execute<{ name: string }>(sql`select name from products where id = ${owner.productId}`);
      return {
        objectId: `product:${owner.userId}:${owner.productId}`,
        objectLabel: `Notifications of ${await username(tx, owner.userId)} for ${row?.name ?? `product ${owner.productId}`}`,
      };
    }
  }
}

async function username(tx: Executor, userId: number): Promise<string> {
  const [row] = await tx.execute<{ username: string }>(sql`select username from users where id = ${userId}`);
  return row?.username ?? `user ${userId}`;
}
