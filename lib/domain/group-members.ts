// Who is in a group. Visible with the group; only superusers add or remove members.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordChange, type Change } from '../audit/record';
import type { Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { groupMembers, groups, users } from '../db/schema';
import { checkGroupManagement, visibleGroupIdsSql } from './groups';
import { mapPage, selectPage, type Page, type PageRequest } from './pagination';
import { forbidden, invalid, notFound, ok, type FieldErrors, type Result } from '../core/result';
import { selectById } from './row-by-id';
import { inTransaction } from '../core/transaction';
import { id, parseWith } from '../core/validation';

export const groupMemberSchema = z.object({ id: z.number().int(), group: z.number().int(), user: z.number().int() });
export type GroupMember = z.infer<typeof groupMemberSchema>;

export const groupMemberCreateSchema = z.object({ group: id, user: id });
export type GroupMemberCreate = z.input<typeof groupMemberCreateSchema>;

export interface GroupMemberFilters {
  group?: number;
  user?: number;
}

const conflicts = { group_members_group_id_user_id_pk: { user: ['This user is already a member of the group.'] } };

function toGroupMember(row: typeof groupMembers.$inferSelect): GroupMember {
  return { id: row.id, group: row.groupId, user: row.userId };
}

export async function listGroupMembers(
  db: Executor,
  actor: Actor,
  filters: GroupMemberFilters,
  page: PageRequest,
): Promise<Result<Page<GroupMember>>> {
  const where = sql`${groupMembers.groupId} in (${visibleGroupIdsSql(actor)})
    ${filters.group ? sql`and ${groupMembers.groupId} = ${filters.group}` : sql``}
    ${filters.user ? sql`and ${groupMembers.userId} = ${filters.user}` : sql``}`;
  return ok(mapPage(await selectPage(db, groupMembers, where, page), toGroupMember));
}

/** "alice in Auditors": who joined or left which group. */
async function loggedMember(tx: Executor, row: typeof groupMembers.$inferSelect, action: 'joined' | 'left'): Promise<Change> {
  const [names] = await tx.execute<{ username: string | null; name: string | null }>(sql`
    select (select username from users where id = ${row.userId}) as username, (select name from groups where id = ${row.groupId}) as name`);
  const member = { group: row.groupId, user: row.userId };
  return {
    objectKind: 'group_member',
    objectId: row.id,
    objectLabel: `${names?.username ?? `user ${row.userId}`} in ${names?.name ?? `group ${row.groupId}`}`,
    action,
    changes: Object.fromEntries(
      Object.entries(member).map(([key, value]) => [
        key,
        action === 'joined' ? { before: null, after: value } : { before: value, after: null },
      ]),
    ),
  };
}

async function visibleMember(db: Executor, actor: Actor, memberId: number) {
  const row = await selectById(db, groupMembers, memberId);
  if (!row) return null;
  const rows = await db.execute(sql`select 1 where ${row.groupId} in (${visibleGroupIdsSql(actor)})`);
  return rows.length ? row : null;
}

export async function getGroupMember(db: Executor, actor: Actor, memberId: number): Promise<Result<GroupMember>> {
  const row = await visibleMember(db, actor, memberId);
  return row ? ok(toGroupMember(row)) : notFound();
}

export async function addGroupMember(db: Executor, actor: Actor, input: GroupMemberCreate): Promise<Result<GroupMember>> {
  const parsed = parseWith(groupMemberCreateSchema, input);
  if (!parsed.ok) return parsed;
  if (!actor.isSuperuser) return forbidden();
  const data = parsed.value;
  return inTransaction(
    db,
    async (tx) => {
      const errors: FieldErrors = {};
      if (!(await selectById(tx, groups, data.group))) errors.group = ['Unknown group.'];
      if (!(await selectById(tx, users, data.user))) errors.user = ['Unknown user.'];
      if (Object.keys(errors).length) return invalid(errors);
      const [row] = await tx.insert(groupMembers).values({ groupId: data.group, userId: data.user }).returning();
      await recordChange(tx, actor, await loggedMember(tx, row!, 'joined'));
      return ok(toGroupMember(row!));
    },
    conflicts,
  );
}

export async function removeGroupMember(db: Executor, actor: Actor, memberId: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const row = await visibleMember(tx, actor, memberId);
    if (!row) return notFound();
    const denied = await checkGroupManagement(tx, actor, row.groupId);
    if (denied) return denied;
    await tx.delete(groupMembers).where(eq(groupMembers.id, memberId));
    await recordChange(tx, actor, await loggedMember(tx, row, 'left'));
    return ok(null);
  });
}
