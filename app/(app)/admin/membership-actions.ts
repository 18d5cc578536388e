'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { ROLES } from '@/lib/db/schema/enums';
import { createMembership, deleteMembership, MEMBERSHIP_KINDS, updateMembership, type MembershipKind } from '@/lib/domain/memberships';
import { id } from '@/lib/core/validation';

const kind = z.enum(Object.keys(MEMBERSHIP_KINDS) as [MembershipKind, ...MembershipKind[]]);
const role = z.enum(ROLES);

/** The form names its fields as the domain does (`product_type`, `user`, `role`), so errors land on them. */
const addSchema = z.object({
  kind,
  role,
  product_type: id.optional(),
  product: id.optional(),
  user: id.optional(),
  group: id.optional(),
});

export const addMembershipAction = validatedAction(addSchema, async ({ kind, ...input }, user) => {
  const result = await createMembership(db(), user, kind, input);
  if (result.ok) revalidatePath('/admin', 'layout');
  return result;
});

export const changeMembershipRoleAction = validatedAction(z.object({ kind, id, role }), async ({ kind, id, role }, user) => {
  const result = await updateMembership(db(), user, kind, id, { role });
  if (result.ok) revalidatePath('/admin', 'layout');
  return result;
});

export const removeMembershipAction = validatedAction(z.object({ kind, id }), async ({ kind, id }, user) => {
  const result = await deleteMembership(db(), user, kind, id);
  if (result.ok) revalidatePath('/admin', 'layout');
  return result;
});
