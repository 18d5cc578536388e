// Groups of users (memberships in products and product types can be given to a whole group).
// Superusers manage them; everyone with a global role sees them all, others the groups they are in.
import { eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { fieldChanges, hasChanges, recordChange } from '../audit/record';
import type { Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { groups } from '../db/schema';
import { mapPage, selectPage, type Page, type PageRequest } from './pagination';
import { forbidden, notFound, ok, type Result } from '../core/result';
import { selectById, updateById } from './row-by-id';
import { inTransaction } from '../core/transaction';
import { parseWith, requiredText, text } from '../core/validation';

export const groupSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  created: z.iso.datetime(),
});
export type Group = z.infer<typeof groupSchema>;

export const groupCreateSchema = z.object({ name: requiredText(255), description: text(4000).optional() });
export const groupUpdateSchema = groupCreateSchema.partial();
export type GroupCreate = z.input<typeof groupCreateSchema>;
export type GroupUpdate = z.input<typeof groupUpdateSchema>;

export interface GroupFilters {
  name?: string;
}

const conflicts = { groups_name_lower_idx: { name: ['A group with this name already exists.'] } };

function toGroup(row: typeof groups.$inferSelect): Group {
  return { id: row.id, name: row.name, description: row.description, created: row.createdAt.toISOString() };
}

const loggedGroup = (row: typeof groups.$inferSelect) => ({ objectKind: 'group' as const, objectId: row.id, objectLabel: row.name });
const groupFields = (row: typeof groups.$inferSelect) => ({ name: row.name, description: row.description });

/** SQL for the ids of the groups the actor can see. */
export function visibleGroupIdsSql(actor: Actor): SQL {
  if (actor.isSuperuser || actor.globalRole) return sql`select id from groups`;
  return sql`select group_id as id from group_members where user_id = ${actor.id}`;
}

export async function canViewGroup(db: Executor, actor: Actor, groupId: number): Promise<boolean> {
  const rows = await db.execute(sql`select 1 from groups where id = ${groupId} and id in (${visibleGroupIdsSql(actor)})`);
  return rows.length > 0;
}

/** not_found for a group the actor cannot see, forbidden for one they see but may not change. */
export async function checkGroupManagement(db: Executor, actor: Actor, groupId: number) {
  if (!(await canViewGroup(db, actor, groupId))) return notFound();
  return actor.isSuperuser ? null : forbidden();
}

export async function listGroups(db: Executor, actor: Actor, filters: GroupFilters, page: PageRequest): Promise<Result<Page<Group>>> {
  const where = sql`${groups.id} in (${visibleGroupIdsSql(actor)})
    ${filters.name ? sql`and lower(${groups.name}) = ${filters.name.toLowerCase()}` : sql``}`;
  return ok(mapPage(await selectPage(db, groups, where, page), toGroup));
}

export async function getGroup(db: Executor, actor: Actor, groupId: number): Promise<Result<Group>> {
  if (!(await canViewGroup(db, actor, groupId))) return notFound();
  return ok(toGroup((await selectById(db, groups, groupId))!));
}

export async function createGroup(db: Executor, actor: Actor, input: GroupCreate): Promise<Result<Group>> {
  const parsed = parseWith(groupCreateSchema, input);
  if (!parsed.ok) return parsed;
  if (!actor.isSuperuser) return forbidden();
  return inTransaction(
    db,
    async (tx) => {
      const [row] = await tx.insert(groups).values(parsed.value).returning();
      await recordChange(tx, actor, { ...loggedGroup(row!), action: 'created', changes: fieldChanges({}, groupFields(row!)) });
      return ok(toGroup(row!));
    },
    conflicts,
  );
}

export async function updateGroup(db: Executor, actor: Actor, groupId: number, input: GroupUpdate): Promise<Result<Group>> {
  const parsed = parseWith(groupUpdateSchema, input);
  if (!parsed.ok) return parsed;
  return inTransaction(
    db,
    async (tx) => {
      const denied = await checkGroupManagement(tx, actor, groupId);
      if (denied) return denied;
      const before = (await selectById(tx, groups, groupId))!;
      const row = (await updateById(tx, groups, groupId, parsed.value))!;
      const changes = fieldChanges(groupFields(before), groupFields(row));
      if (hasChanges(changes)) await recordChange(tx, actor, { ...loggedGroup(row), action: 'updated', changes });
      return ok(toGroup(row));
    },
    conflicts,
  );
}

export async function deleteGroup(db: Executor, actor: Actor, groupId: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const denied = await checkGroupManagement(tx, actor, groupId);
    if (denied) return denied;
    const [row] = await tx.delete(groups).where(eq(groups.id, groupId)).returning();
    if (row) await recordChange(tx, actor, { ...loggedGroup(row), action: 'deleted', changes: fieldChanges(groupFields(row), {}) });
    return ok(null);
  });
}
