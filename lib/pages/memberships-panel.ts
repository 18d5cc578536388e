// The data of a user's or a group's memberships panel (/admin/users/[id], /admin/groups/[id]): the roles
// held in product types and products the actor can see, and what can still be added.
import 'server-only';
import type { Actor } from '../auth/authorization';
import type { Result } from '../core/result';
import { db } from '../db/client';
import type { Role } from '../db/schema/enums';
import { listMemberships, type MembershipKind } from '../domain/memberships';
import type { Page } from '../domain/pagination';
import { productChoices, productTypeChoices, type Choice } from './choices';
import { ALL_ROWS } from './list-query';

export type MembershipParent = 'product_type' | 'product';

export interface MembershipRow {
  id: number;
  target: number;
  role: Role;
}

export interface MembershipList {
  kind: MembershipKind;
  rows: MembershipRow[];
  choices: Choice[];
}

type Listed = { id: number; role: Role } & Partial<Record<MembershipParent, number>>;

const rowsOf = (result: Result<Page<Listed>>, parent: MembershipParent): MembershipRow[] =>
  result.ok ? result.value.results.map((m) => ({ id: m.id, target: m[parent]!, role: m.role })) : [];

export async function membershipsPanel(
  actor: Actor,
  principal: 'user' | 'group',
  principalId: number,
): Promise<Record<MembershipParent, MembershipList>> {
  const typeKind: MembershipKind = principal === 'user' ? 'product_type_members' : 'product_type_groups';
  const productKind: MembershipKind = principal === 'user' ? 'product_members' : 'product_groups';
  const [typeRows, productRows, productTypes, products] = await Promise.all([
    listMemberships(db(), actor, typeKind, { [principal]: principalId }, ALL_ROWS),
    listMemberships(db(), actor, productKind, { [principal]: principalId }, ALL_ROWS),
    productTypeChoices(actor),
    productChoices(actor),
  ]);
  return {
    product_type: { kind: typeKind, rows: rowsOf(typeRows, 'product_type'), choices: productTypes },
    product: { kind: productKind, rows: rowsOf(productRows, 'product'), choices: products },
  };
}
