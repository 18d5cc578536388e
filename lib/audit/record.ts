// Writes one audit row for a change, inside the change's own transaction: a change that rolls back
// leaves no row, and no change is committed without its row. Secrets are never written, only
// whether they were set, changed or cleared (DESIGN §8).
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { auditLog } from '../db/schema';

/** Who changes something: a user (with the trusted client address of the request), or the system. */
export interface AuditActor {
  /** Null for the system itself (seed, first admin, migrations). */
  id: number | null;
  username?: string;
  /** lib/auth/client-address.ts: handle() and validatedAction put it on the caller. */
  clientAddress?: string | null;
}

/** The seed, the launcher's first admin and other changes no user asked for. */
export const SYSTEM_ACTOR: AuditActor = { id: null, username: 'system' };

export const AUDIT_OBJECT_KINDS = [
  'system_settings',
  'notification_settings',
  'integration',
  'webhook_endpoint',
  'product_destination',
  'user',
  'group',
  'group_member',
  'membership',
  'schedule_settings',
  'delivery',
] as const;
export type AuditObjectKind = (typeof AUDIT_OBJECT_KINDS)[number];

export const AUDIT_ACTIONS = [
  'created',
  'updated',
  'deleted',
  'deactivated',
  'reactivated',
  'superuser_granted',
  'superuser_revoked',
  'secret_rotated',
  'retried',
  'joined',
  'left',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** A secret's change, never its value. */
export type SecretChange = 'set' | 'changed' | 'cleared';
export type FieldChange = { before: unknown; after: unknown } | SecretChange;
export type FieldChanges = Record<string, FieldChange>;

export interface Change {
  objectKind: AuditObjectKind;
  objectId?: string | number | null;
  objectLabel?: string;
  action: AuditAction;
  changes?: FieldChanges;
}

export async function recordChange(tx: Executor, actor: AuditActor, change: Change): Promise<void> {
  // The name is a snapshot: it stays readable after the user is renamed or deleted.
  const name = actor.username ?? null;
  const fallback = actor.id === null ? sql`'system'` : sql`(select username from users where id = ${actor.id})`;
  await tx.insert(auditLog).values({
    actorId: actor.id,
    actorName: sql`coalesce(${name}::text, ${fallback}, 'unknown')`,
    clientAddress: actor.clientAddress ?? null,
    objectKind: change.objectKind,
    objectId: change.objectId === undefined || change.objectId === null ? null : String(change.objectId),
    objectLabel: (change.objectLabel ?? '').slice(0, 500),
    action: change.action,
    changes: change.changes ?? {},
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields that differ between two views, as {before, after}. Fields named in `secrets` hold only
 * whether a secret is there (a boolean "…_set" or an encrypted value): they are written as set,
 * changed (replaced, `replaced` true) or cleared, never as a value.
 */
export function fieldChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  options: { secrets?: Record<string, boolean> } = {},
): FieldChanges {
  const changes: FieldChanges = {};
  const secrets = options.secrets ?? {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key in secrets) continue;
    if (!same(before[key], after[key])) changes[key] = { before: before[key] ?? null, after: after[key] ?? null };
  }
  for (const [key, replaced] of Object.entries(secrets)) {
    const had = Boolean(before[key]);
    const has = Boolean(after[key]);
    if (had && !has) changes[key] = 'cleared';
    else if (!had && has) changes[key] = 'set';
    else if (has && replaced) changes[key] = 'changed';
  }
  return changes;
}

export const hasChanges = (changes: FieldChanges) => Object.keys(changes).length > 0;
