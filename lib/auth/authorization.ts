// The one place that answers "can user U do A on X" and "who can view X".
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Role } from '../db/schema/enums';
import { rolesAllow, type Action, type ObjectKind } from './permissions';
import type { Decision } from '../core/result';

export interface Actor {
  id: number;
  isSuperuser: boolean;
  globalRole: Role | null;
  /** For the audit log (lib/audit/record.ts): who, as a name, and the trusted client address. */
  username?: string;
  clientAddress?: string | null;
}

export interface Subject {
  kind: ObjectKind;
  id: number;
}

/** Where an object sits in the hierarchy; null when it does not exist. */
export interface Placement {
  productTypeId: number;
  productId: number | null;
}

const placementQueries: Record<ObjectKind, (id: number) => SQL> = {
  product_type: (id) => sql`select id as product_type_id, null::int as product_id from product_types where id = ${id}`,
  product: (id) => sql`select prod_type_id as product_type_id, id as product_id from products where id = ${id}`,
  engagement: (id) => sql`
    select p.prod_type_id as product_type_id, p.id as product_id
    from engagements e join products p on p.id = e.product_id where e.id = ${id}`,
  test: (id) => sql`
    select p.prod_type_id as product_type_id, p.id as product_id
    from tests t join engagements e on e.id = t.engagement_id join products p on p.id = e.product_id where t.id = ${id}`,
  finding: (id) => sql`
    select p.prod_type_id as product_type_id, p.id as product_id
    from findings f join tests t on t.id = f.test_id join engagements e on e.id = t.engagement_id
    join products p on p.id = e.product_id where f.id = ${id}`,
};

export async function placementOf(db: Executor, subject: Subject): Promise<Placement | null> {
  const rows = await db.execute<{ product_type_id: number; product_id: number | null }>(placementQueries[subject.kind](subject.id));
  const row = rows[0];
  return row ? { productTypeId: row.product_type_id, productId: row.product_id } : null;
}

/** Roles a user holds on a placement: product-type membership reaches its products; groups count. */
export async function membershipRoles(db: Executor, userId: number, at: Placement): Promise<Role[]> {
  const productRoles =
    at.productId === null
      ? sql``
      : sql`
    union all select role from product_members where product_id = ${at.productId} and user_id = ${userId}
    union all select pg.role from product_groups pg join group_members gm on gm.group_id = pg.group_id
      where pg.product_id = ${at.productId} and gm.user_id = ${userId}`;
  const rows = await db.execute<{ role: Role }>(sql`
    select role from product_type_members where product_type_id = ${at.productTypeId} and user_id = ${userId}
    union all select ptg.role from product_type_groups ptg join group_members gm on gm.group_id = ptg.group_id
      where ptg.product_type_id = ${at.productTypeId} and gm.user_id = ${userId}
    ${productRoles}`);
  return rows.map((r) => r.role);
}

export type { Decision };

/**
 * Can the actor do the action on the subject? `not_found` when the subject does not exist or the
 * actor cannot even view it (callers answer 404 and never reveal that it exists), `forbidden` when
 * they can view it but not do this.
 */
export async function authorize(db: Executor, actor: Actor, subject: Subject, action: Action): Promise<Decision> {
  const at = await placementOf(db, subject);
  if (!at) return 'not_found';
  if (actor.isSuperuser) return 'allowed';
  const roles = await membershipRoles(db, actor.id, at);
  if (actor.globalRole) roles.push(actor.globalRole);
  if (!rolesAllow(roles, subject.kind, 'view')) return 'not_found';
  return rolesAllow(roles, subject.kind, action) ? 'allowed' : 'forbidden';
}

export async function can(db: Executor, actor: Actor, subject: Subject, action: Action): Promise<boolean> {
  return (await authorize(db, actor, subject, action)) === 'allowed';
}

/** Users who reach everything: superusers and holders of a global role. */
const everywhereUsers = sql`select id as user_id from users where is_superuser or global_role is not null`;

/** The active users among `members` (SQL for a set of user ids), and everyone who reaches everything. */
function activeViewersSql(members: SQL): SQL {
  return sql`
    select u.id as user_id from users u
    where u.is_active and u.id in (${everywhereUsers} union ${members})`;
}

/** The members of a product type, directly or by group. */
function productTypeMembersSql(productTypeId: number | SQL): SQL {
  return sql`
    select user_id from product_type_members where product_type_id = ${productTypeId}
    union select gm.user_id from product_type_groups ptg join group_members gm on gm.group_id = ptg.group_id
      where ptg.product_type_id = ${productTypeId}`;
}

/**
 * SQL for the ids of the active users who can view a product: one statement, for the notification
 * fan-out to join on. Every role grants view, so any membership counts: of the product, directly or
 * by group, or of its product type.
 */
export function productViewersSql(productId: number | SQL): SQL {
  return activeViewersSql(sql`
    select user_id from product_members where product_id = ${productId}
    union select gm.user_id from product_groups pg join group_members gm on gm.group_id = pg.group_id
      where pg.product_id = ${productId}
    union ${productTypeMembersSql(sql`(select prod_type_id from products where id = ${productId})`)}`);
}

/** SQL for the ids of the active users who can view a product type (its members, directly or by group). */
export function productTypeViewersSql(productTypeId: number | SQL): SQL {
  return activeViewersSql(productTypeMembersSql(productTypeId));
}

/**
 * Whether the user `userId` is a member of the product, directly or by group, or of its product
 * type: index lookups from the user's side, cheap per row where productViewersSql would list every
 * viewer of the row's product (the send-time check of a digest's thousand events).
 */
export function memberOfProductSql(userId: SQL, productId: SQL): SQL {
  return sql`(exists (select 1 from product_members m where m.product_id = ${productId} and m.user_id = ${userId})
    or exists (select 1 from product_groups pg join group_members gm on gm.group_id = pg.group_id
      where pg.product_id = ${productId} and gm.user_id = ${userId})
    or ${memberOfProductTypeSql(userId, sql`(select prod_type_id from products where id = ${productId})`)})`;
}

/** Whether the user `userId` is a member of the product type, directly or by group (per row, as above). */
export function memberOfProductTypeSql(userId: SQL, productTypeId: SQL): SQL {
  return sql`(exists (select 1 from product_type_members m where m.product_type_id = ${productTypeId} and m.user_id = ${userId})
    or exists (select 1 from product_type_groups ptg join group_members gm on gm.group_id = ptg.group_id
      where ptg.product_type_id = ${productTypeId} and gm.user_id = ${userId}))`;
}

export async function productViewerIds(db: Executor, productId: number): Promise<number[]> {
  const rows = await db.execute<{ user_id: number }>(productViewersSql(productId));
  return rows.map((r) => r.user_id).sort((a, b) => a - b);
}

export async function productTypeViewerIds(db: Executor, productTypeId: number): Promise<number[]> {
  const rows = await db.execute<{ user_id: number }>(productTypeViewersSql(productTypeId));
  return rows.map((r) => r.user_id).sort((a, b) => a - b);
}

/** SQL for the ids of the products an actor can view, for lists and dashboards. */
export function visibleProductIdsSql(actor: Actor): SQL {
  if (actor.isSuperuser || actor.globalRole) return sql`select id from products`;
  return memberProductIdsSql(actor.id);
}

/** SQL for the ids of the product types an actor can view. */
export function visibleProductTypeIdsSql(actor: Actor): SQL {
  if (actor.isSuperuser || actor.globalRole) return sql`select id from product_types`;
  return memberProductTypeIdsSql(actor.id);
}

/**
 * The products a user reaches through memberships (directly, by group, through the product type);
 * `userId` may be a column, for a set per row (the sidecar's unread counts).
 */
export function memberProductIdsSql(userId: number | SQL): SQL {
  return sql`
    select product_id as id from product_members where user_id = ${userId}
    union select pg.product_id from product_groups pg join group_members gm on gm.group_id = pg.group_id
      where gm.user_id = ${userId}
    union select p.id from products p join product_type_members ptm on ptm.product_type_id = p.prod_type_id
      where ptm.user_id = ${userId}
    union select p.id from products p join product_type_groups ptg on ptg.product_type_id = p.prod_type_id
      join group_members gm on gm.group_id = ptg.group_id where gm.user_id = ${userId}`;
}

/** True when the user reaches everything (a superuser or a global role); `userId` may be a column. */
export function globalReachSql(userId: number | SQL): SQL {
  return sql`exists (select 1 from users where id = ${userId} and (is_superuser or global_role is not null))`;
}

export function memberProductTypeIdsSql(userId: number | SQL): SQL {
  return sql`
    select product_type_id as id from product_type_members where user_id = ${userId}
    union select ptg.product_type_id from product_type_groups ptg join group_members gm on gm.group_id = ptg.group_id
      where gm.user_id = ${userId}`;
}

/**
 * The same two sets for a user known by id only (reads of their own rows, e.g. their alerts): the
 * global reach is looked up in SQL. Uncorrelated, so PostgreSQL computes each once per statement.
 */
export function userVisibleProductIdsSql(userId: number): SQL {
  return sql`
    select id from products where ${globalReachSql(userId)}
    union ${memberProductIdsSql(userId)}`;
}

export function userVisibleProductTypeIdsSql(userId: number): SQL {
  return sql`
    select id from product_types where ${globalReachSql(userId)}
    union ${memberProductTypeIdsSql(userId)}`;
}
