import { membershipEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteMembership, getMembership, updateMembership } from '@/lib/domain/memberships';

const endpoints = membershipEndpoints.product_type_members;

export const GET = handle(endpoints.read, ({ db, caller, params }) => getMembership(db, caller, 'product_type_members', params.id));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) =>
  updateMembership(db, caller, 'product_type_members', params.id, body),
);
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteMembership(db, caller, 'product_type_members', params.id));
