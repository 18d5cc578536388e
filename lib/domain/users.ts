// Creating users: the only path, so every new user gets the same defaults and the notification template.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldChanges, recordChange, type AuditAction, type AuditActor, type FieldChanges } from '../audit/record';
import type { Actor } from '../auth/authorization';
import { clearSignInLimits } from '../auth/credentials';
import { hashPassword } from '../auth/password';
import { newPasswordProblem, newPasswordSchema } from '../auth/password-policy';
import { revokeSessions } from '../auth/session-version';
import type { Executor } from '../db/client';
import { users } from '../db/schema';
import { copyTemplateToUser } from '../notifications/settings';
import { ROLES, type Role } from '../db/schema/enums';
import { mapPage, selectPage, type Page, type PageRequest } from './pagination';
import { forbidden, invalid, NON_FIELD, notFound, ok, type Result } from '../core/result';
import { selectById, updateById } from './row-by-id';
import { inTransaction } from '../core/transaction';
import { optionalEmailAddress, parseWith, requiredText, text } from '../core/validation';

export interface NewUser {
  username: string;
  password: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  isSuperuser?: boolean;
  isActive?: boolean;
  globalRole?: Role | null;
  slackUserId?: string | null;
  slackEmail?: string | null;
}

export async function createUser(db: Executor, actor: AuditActor, input: NewUser): Promise<typeof users.$inferSelect> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ ...input, passwordHash })
      .returning();
    await copyTemplateToUser(tx, user!.id);
    await recordChange(tx, actor, { ...loggedUser(user!), action: 'created', changes: fieldChanges({}, auditedFields(user!)) });
    return user!;
  });
}

// ---- The audit log's view of a user: never the password (only that it changed).

const loggedUser = (row: typeof users.$inferSelect) => ({ objectKind: 'user' as const, objectId: row.id, objectLabel: row.username });

function auditedFields(row: typeof users.$inferSelect): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...toUserView(row) };
  for (const key of ['last_login', 'date_joined', 'id']) delete fields[key];
  return fields;
}

/** The change's name: the one that matters most when several happen at once. */
function userAction(changes: FieldChanges): AuditAction {
  const flag = (name: string) => {
    const change = changes[name];
    return typeof change === 'object' ? change.after : undefined;
  };
  if (flag('is_active') === false) return 'deactivated';
  if (flag('is_superuser') === true) return 'superuser_granted';
  if (flag('is_superuser') === false) return 'superuser_revoked';
  if (flag('is_active') === true) return 'reactivated';
  return 'updated';
}

export async function countUsers(db: Executor): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from users`);
  return rows[0]?.n ?? 0;
}

// ---- Administration of users: superusers only (the API's `users` resource and the admin pages).

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  is_superuser: z.boolean(),
  is_active: z.boolean(),
  global_role: z.enum(ROLES).nullable(),
  last_login: z.iso.datetime().nullable(),
  date_joined: z.iso.datetime(),
});
export type UserView = z.infer<typeof userSchema>;

export const userCreateSchema = z.object({
  username: requiredText(150).regex(/^[\w.@+-]+$/, 'Letters, digits and . @ + - _ only.'),
  email: optionalEmailAddress().optional(),
  first_name: text(150).optional(),
  last_name: text(150).optional(),
  /** Write-only: never part of a response. */
  password: newPasswordSchema,
  is_superuser: z.boolean().optional(),
  is_active: z.boolean().optional(),
  global_role: z.enum(ROLES).nullable().optional(),
});
export const userUpdateSchema = userCreateSchema.partial();
export type UserCreate = z.input<typeof userCreateSchema>;
export type UserUpdate = z.input<typeof userUpdateSchema>;

export interface UserFilters {
  username?: string;
  is_active?: boolean;
}

const userConflicts = { users_username_lower_idx: { username: ['A user with this username already exists.'] } };

export function toUserView(row: typeof users.$inferSelect): UserView {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    first_name: row.firstName,
    last_name: row.lastName,
    is_superuser: row.isSuperuser,
    is_active: row.isActive,
    global_role: row.globalRole,
    last_login: row.lastLogin?.toISOString() ?? null,
    date_joined: row.createdAt.toISOString(),
  };
}

const adminsOnly = (actor: Actor) => (actor.isSuperuser ? null : forbidden());

export async function listUsers(db: Executor, actor: Actor, filters: UserFilters, page: PageRequest): Promise<Result<Page<UserView>>> {
  const denied = adminsOnly(actor);
  if (denied) return denied;
  const where = sql`true
    ${filters.username ? sql`and lower(${users.username}) = ${filters.username.toLowerCase()}` : sql``}
    ${filters.is_active !== undefined ? sql`and ${users.isActive} = ${filters.is_active}` : sql``}`;
  return ok(mapPage(await selectPage(db, users, where, page), toUserView));
}

export async function getUser(db: Executor, actor: Actor, userId: number): Promise<Result<UserView>> {
  const denied = adminsOnly(actor);
  if (denied) return denied;
  const row = await selectById(db, users, userId);
  return row ? ok(toUserView(row)) : notFound();
}

export async function createUserAsAdmin(db: Executor, actor: Actor, input: UserCreate): Promise<Result<UserView>> {
  const parsed = parseWith(userCreateSchema, input);
  if (!parsed.ok) return parsed;
  const denied = adminsOnly(actor);
  if (denied) return denied;
  const data = parsed.value;
  const problem = newPasswordProblem(data.password, data.username);
  if (problem) return invalid({ password: [problem] });
  return inTransaction(
    db,
    async (tx) => {
      const user = await createUser(tx, actor, {
        username: data.username,
        password: data.password,
        email: data.email,
        firstName: data.first_name,
        lastName: data.last_name,
        isSuperuser: data.is_superuser,
        isActive: data.is_active,
        globalRole: data.global_role,
      });
      return ok(toUserView(user));
    },
    userConflicts,
  );
}

/** An admin cannot lock themselves out: no self-deactivation, no dropping their own superuser flag. */
export async function updateUser(db: Executor, actor: Actor, userId: number, input: UserUpdate): Promise<Result<UserView>> {
  const parsed = parseWith(userUpdateSchema, input);
  if (!parsed.ok) return parsed;
  const denied = adminsOnly(actor);
  if (denied) return denied;
  const data = parsed.value;
  if (userId === actor.id && data.is_active === false) return invalid({ is_active: ['You cannot deactivate your own account.'] });
  if (userId === actor.id && data.is_superuser === false)
    return invalid({ is_superuser: ['You cannot remove your own superuser status.'] });
  return inTransaction(
    db,
    async (tx) => {
      const [current] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
      if (!current) return notFound();
      if (data.password !== undefined) {
        const problem = newPasswordProblem(data.password, data.username ?? current.username);
        if (problem) return invalid({ password: [problem] });
      }
      const row = await updateById(tx, users, userId, {
        username: data.username,
        email: data.email,
        firstName: data.first_name,
        lastName: data.last_name,
        isSuperuser: data.is_superuser,
        isActive: data.is_active,
        globalRole: data.global_role,
        passwordHash: data.password === undefined ? undefined : await hashPassword(data.password),
      });
      if (!row) return notFound();
      // A deactivated user is signed out everywhere; a reset password also ends the user's API tokens.
      if (data.is_active === false || data.password !== undefined) {
        await revokeSessions(tx, userId, { apiTokens: data.password !== undefined });
      }
      const changes = fieldChanges(auditedFields(current), auditedFields(row));
      if (data.password !== undefined) changes.password = 'changed';
      if (Object.keys(changes).length > 0) await recordChange(tx, actor, { ...loggedUser(row), action: userAction(changes), changes });
      return ok(toUserView(row));
    },
    userConflicts,
  );
}

export async function deleteUser(db: Executor, actor: Actor, userId: number): Promise<Result<null>> {
  const denied = adminsOnly(actor);
  if (denied) return denied;
  if (userId === actor.id) return invalid({ [NON_FIELD]: ['You cannot delete your own account.'] });
  return inTransaction(db, async (tx) => {
    const [row] = await tx.delete(users).where(eq(users.id, userId)).returning();
    if (!row) return notFound();
    await recordChange(tx, actor, { ...loggedUser(row), action: 'deleted', changes: fieldChanges(auditedFields(row), {}) });
    return ok(null);
  });
}

/** Unlocks a user whose sign-in cap was reached (many failed attempts): superusers only. */
export async function clearUserSignInLock(db: Executor, actor: Actor, userId: number): Promise<Result<null>> {
  const denied = adminsOnly(actor);
  if (denied) return denied;
  const row = await selectById(db, users, userId);
  if (!row) return notFound();
  await clearSignInLimits(db, row.username);
  return ok(null);
}

/** The caller's own account (`/users/me`). */
export async function getOwnUser(db: Executor, actor: Actor): Promise<Result<UserView>> {
  const row = await selectById(db, users, actor.id);
  return row ? ok(toUserView(row)) : notFound();
}
