import { membershipEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createMembership, listMemberships } from '@/lib/domain/memberships';

const endpoints = membershipEndpoints.product_type_members;

export const GET = handle(endpoints.list, ({ db, caller, query, page }) =>
  listMemberships(db, caller, 'product_type_members', query, page),
);
export const POST = handle(endpoints.create, ({ db, caller, body }) => createMembership(db, caller, 'product_type_members', body));
