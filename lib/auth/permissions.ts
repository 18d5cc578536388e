// What each role may do, by kind of object: DefectDojo's role model, as one table.
import type { Role } from '../db/schema/enums';

export const OBJECT_KINDS = ['product_type', 'product', 'engagement', 'test', 'finding'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export const ACTIONS = ['view', 'comment', 'edit', 'delete', 'add_child', 'import', 'manage_members'] as const;
export type Action = (typeof ACTIONS)[number];

type Grants = Record<ObjectKind, readonly Action[]>;

const ALL: readonly Action[] = ACTIONS;
const WORK_ITEM: readonly Action[] = ['view', 'comment', 'edit', 'delete', 'add_child', 'import'];

export const PERMISSIONS: Record<Role, Grants> = {
  Reader: {
    product_type: ['view'],
    product: ['view'],
    engagement: ['view'],
    test: ['view'],
    finding: ['view', 'comment'],
  },
  'API Importer': {
    product_type: ['view'],
    product: ['view', 'add_child', 'import'],
    engagement: ['view', 'edit', 'add_child', 'import'],
    test: ['view', 'edit', 'add_child', 'import'],
    finding: ['view'],
  },
  Writer: {
    product_type: ['view'],
    product: ['view', 'add_child', 'import'],
    engagement: ['view', 'edit', 'add_child', 'import'],
    test: ['view', 'edit', 'add_child', 'import'],
    finding: ['view', 'comment', 'edit'],
  },
  Maintainer: {
    product_type: ['view', 'edit', 'add_child', 'manage_members'],
    product: ['view', 'edit', 'add_child', 'import', 'manage_members'],
    engagement: WORK_ITEM,
    test: WORK_ITEM,
    finding: WORK_ITEM,
  },
  Owner: { product_type: ALL, product: ALL, engagement: ALL, test: ALL, finding: ALL },
};

/** Whether any of the roles a user holds on an object grants the action. */
export function rolesAllow(roles: Iterable<Role>, kind: ObjectKind, action: Action): boolean {
  for (const role of roles) if (PERMISSIONS[role][kind].includes(action)) return true;
  return false;
}
