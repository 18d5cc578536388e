// Memberships of users and groups in product types and products, with a role: four resources with
// one set of rules. Seeing them needs view on the product (type); changing them needs
// manage_members; granting, changing or removing an Owner needs Owner rights (DefectDojo's rule).
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { recordChange, type AuditAction, type Change } from '../audit/record';
import { authorize, visibleProductIdsSql, visibleProductTypeIdsSql, type Actor } from '../auth/authorization';
import type { ObjectKind } from '../auth/permissions';
import type { Executor } from '../db/client';
import { ROLES, type Role } from '../db/schema/enums';
import type { Page, PageRequest } from './pagination';
import { denial, forbidden, invalid, notFound, ok, type Result } from '../core/result';
import { inTransaction } from '../core/transaction';
import { id, parseWith } from '../core/validation';

export const MEMBERSHIP_KINDS = {
  product_type_members: { table: 'product_type_members', parent: 'product_type', principal: 'user' },
  product_members: { table: 'product_members', parent: 'product', principal: 'user' },
  product_type_groups: { table: 'product_type_groups', parent: 'product_type', principal: 'group' },
  product_groups: { table: 'product_groups', parent: 'product', principal: 'group' },
} as const;
export type MembershipKind = keyof typeof MEMBERSHIP_KINDS;
type Spec<K extends MembershipKind> = (typeof MEMBERSHIP_KINDS)[K];

/** `{id, product | product_type, user | group, role}` for each kind. */
export type Membership<K extends MembershipKind> = { id: number; role: Role } & Record<Spec<K>['parent'] | Spec<K>['principal'], number>;

export type MembershipFilters = Partial<Record<'product' | 'product_type' | 'user' | 'group', number>>;

export function membershipSchemas<K extends MembershipKind>(kind: K) {
  const { parent, principal } = MEMBERSHIP_KINDS[kind];
  const view = z.object({ id: z.number().int(), [parent]: z.number().int(), [principal]: z.number().int(), role: z.enum(ROLES) });
  const create = z.object({ [parent]: id, [principal]: id, role: z.enum(ROLES) });
  const update = z.object({ role: z.enum(ROLES) });
  return { view, create, update };
}

interface Row {
  id: number;
  parent_id: number;
  principal_id: number;
  role: Role;
  [key: string]: unknown;
}

const parentColumn = (kind: MembershipKind) => `${MEMBERSHIP_KINDS[kind].parent}_id`;
const principalColumn = (kind: MembershipKind) => `${MEMBERSHIP_KINDS[kind].principal}_id`;

function columns(kind: MembershipKind): SQL {
  return sql`id, ${sql.identifier(parentColumn(kind))} as parent_id, ${sql.identifier(principalColumn(kind))} as principal_id, role`;
}

function toMembership<K extends MembershipKind>(kind: K, row: Row): Membership<K> {
  const { parent, principal } = MEMBERSHIP_KINDS[kind];
  return { id: row.id, [parent]: row.parent_id, [principal]: row.principal_id, role: row.role } as Membership<K>;
}

function visibleParentsSql(kind: MembershipKind, actor: Actor): SQL {
  return MEMBERSHIP_KINDS[kind].parent === 'product' ? visibleProductIdsSql(actor) : visibleProductTypeIdsSql(actor);
}

/** "group Auditors on product Shop": the membership, and its role before and after. */
async function loggedMembership(tx: Executor, kind: MembershipKind, row: Row, action: AuditAction, before: Row | null): Promise<Change> {
  const { parent, principal } = MEMBERSHIP_KINDS[kind];
  const parentTable = parent === 'product' ? 'products' : 'product_types';
  const [names] = await tx.execute<{ principal: string | null; parent: string | null }>(sql`
    select (select ${sql.raw(principal === 'user' ? 'username' : 'name')} from ${sql.identifier(principal === 'user' ? 'users' : 'groups')} where id = ${row.principal_id}) as principal,
      (select name from ${sql.identifier(parentTable)} where id = ${row.parent_id}) as parent`);
  const label = `${principal} ${names?.principal ?? row.principal_id} on ${parent.replace('_', ' ')} ${names?.parent ?? row.parent_id}`;
  const after = action === 'deleted' ? null : row;
  return {
    objectKind: 'membership',
    objectId: `${kind}:${row.id}`,
    objectLabel: label,
    action,
    changes: {
      ...(action === 'updated'
        ? {}
        : {
            [parent]: { before: before?.parent_id ?? null, after: after?.parent_id ?? null },
            [principal]: { before: before?.principal_id ?? null, after: after?.principal_id ?? null },
          }),
      role: { before: before?.role ?? null, after: after?.role ?? null },
    },
  };
}

async function selectRow(db: Executor, kind: MembershipKind, membershipId: number): Promise<Row | undefined> {
  const rows = await db.execute<Row>(
    sql`select ${columns(kind)} from ${sql.identifier(MEMBERSHIP_KINDS[kind].table)} where id = ${membershipId}`,
  );
  return rows[0];
}

/** Owner rights on the parent: what it takes to grant, change or remove an Owner. */
async function isOwnerOf(db: Executor, actor: Actor, parent: ObjectKind, parentId: number): Promise<boolean> {
  return (await authorize(db, actor, { kind: parent, id: parentId }, 'delete')) === 'allowed';
}

async function checkManage(db: Executor, actor: Actor, kind: MembershipKind, parentId: number, roles: Role[]) {
  const parent = MEMBERSHIP_KINDS[kind].parent;
  const denied = denial(await authorize(db, actor, { kind: parent, id: parentId }, 'manage_members'));
  if (denied) return denied;
  if (roles.includes('Owner') && !(await isOwnerOf(db, actor, parent, parentId)))
    return forbidden('Only an Owner may grant, change or remove the Owner role.');
  return null;
}

export async function listMemberships<K extends MembershipKind>(
  db: Executor,
  actor: Actor,
  kind: K,
  filters: MembershipFilters,
  page: PageRequest,
): Promise<Result<Page<Membership<K>>>> {
  const { table, parent, principal } = MEMBERSHIP_KINDS[kind];
  const parentId = filters[parent];
  const principalId = filters[principal];
  const where = sql`${sql.identifier(parentColumn(kind))} in (${visibleParentsSql(kind, actor)})
    ${parentId ? sql`and ${sql.identifier(parentColumn(kind))} = ${parentId}` : sql``}
    ${principalId ? sql`and ${sql.identifier(principalColumn(kind))} = ${principalId}` : sql``}`;
  const [total] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`);
  const rows = await db.execute<Row>(sql`
    select ${columns(kind)} from ${sql.identifier(table)} where ${where} order by id limit ${page.limit} offset ${page.offset}`);
  return ok({ count: total?.n ?? 0, results: rows.map((r) => toMembership(kind, r)) });
}

export async function getMembership<K extends MembershipKind>(
  db: Executor,
  actor: Actor,
  kind: K,
  membershipId: number,
): Promise<Result<Membership<K>>> {
  const row = await selectRow(db, kind, membershipId);
  if (!row) return notFound();
  const denied = denial(await authorize(db, actor, { kind: MEMBERSHIP_KINDS[kind].parent, id: row.parent_id }, 'view'));
  return denied ?? ok(toMembership(kind, row));
}

export async function createMembership<K extends MembershipKind>(
  db: Executor,
  actor: Actor,
  kind: K,
  input: unknown,
): Promise<Result<Membership<K>>> {
  const parsed = parseWith(membershipSchemas(kind).create, input);
  if (!parsed.ok) return parsed;
  const { table, parent, principal } = MEMBERSHIP_KINDS[kind];
  const parentId = parsed.value[parent] as number;
  const principalId = parsed.value[principal] as number;
  const role = parsed.value.role as Role;
  return inTransaction(
    db,
    async (tx) => {
      const denied = await checkManage(tx, actor, kind, parentId, [role]);
      if (denied) return denied;
      const principalTable = principal === 'user' ? 'users' : 'groups';
      const exists = await tx.execute(sql`select 1 from ${sql.identifier(principalTable)} where id = ${principalId}`);
      if (exists.length === 0) return invalid({ [principal]: [`Unknown ${principal}.`] });
      const rows = await tx.execute<Row>(sql`
      insert into ${sql.identifier(table)} (${sql.identifier(parentColumn(kind))}, ${sql.identifier(principalColumn(kind))}, role)
      values (${parentId}, ${principalId}, ${role}) returning ${columns(kind)}`);
      await recordChange(tx, actor, await loggedMembership(tx, kind, rows[0]!, 'created', null));
      return ok(toMembership(kind, rows[0]!));
    },
    { [`${table}_uniq`]: { [principal]: [`This ${principal} already has a role here.`] } },
  );
}

export async function updateMembership<K extends MembershipKind>(
  db: Executor,
  actor: Actor,
  kind: K,
  membershipId: number,
  input: unknown,
): Promise<Result<Membership<K>>> {
  const parsed = parseWith(membershipSchemas(kind).update, input);
  if (!parsed.ok) return parsed;
  return inTransaction(db, async (tx) => {
    const row = await selectRow(tx, kind, membershipId);
    if (!row) return notFound();
    const denied = await checkManage(tx, actor, kind, row.parent_id, [row.role, parsed.value.role]);
    if (denied) return denied;
    const rows = await tx.execute<Row>(sql`
      update ${sql.identifier(MEMBERSHIP_KINDS[kind].table)} set role = ${parsed.value.role} where id = ${membershipId}
      returning ${columns(kind)}`);
    if (row.role !== rows[0]!.role) await recordChange(tx, actor, await loggedMembership(tx, kind, rows[0]!, 'updated', row));
    return ok(toMembership(kind, rows[0]!));
  });
}

export async function deleteMembership(db: Executor, actor: Actor, kind: MembershipKind, membershipId: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const row = await selectRow(tx, kind, membershipId);
    if (!row) return notFound();
    const denied = await checkManage(tx, actor, kind, row.parent_id, [row.role]);
    if (denied) return denied;
    await tx.execute(sql`delete from ${sql.identifier(MEMBERSHIP_KINDS[kind].table)} where id = ${membershipId}`);
    await recordChange(tx, actor, await loggedMembership(tx, kind, row, 'deleted', row));
    return ok(null);
  });
}
