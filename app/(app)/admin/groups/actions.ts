'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { addGroupMember, groupMemberCreateSchema, removeGroupMember } from '@/lib/domain/group-members';
import { createGroup, deleteGroup, groupCreateSchema, groupUpdateSchema, updateGroup } from '@/lib/domain/groups';
import { id } from '@/lib/core/validation';

export const createGroupAction = validatedAction(groupCreateSchema, async (data, user) => {
  const result = await createGroup(db(), user, data);
  if (result.ok) redirect(`/admin/groups/${result.value.id}`);
  return result;
});

export const updateGroupAction = validatedAction(groupUpdateSchema.extend({ id }), async ({ id, ...data }, user) => {
  const result = await updateGroup(db(), user, id, data);
  if (result.ok) revalidatePath(`/admin/groups/${id}`);
  return result;
});

export const deleteGroupAction = validatedAction(z.object({ id }), async ({ id }, user) => {
  const result = await deleteGroup(db(), user, id);
  if (result.ok) redirect('/admin/groups');
  return result;
});

export const addGroupMemberAction = validatedAction(groupMemberCreateSchema, async (data, user) => {
  const result = await addGroupMember(db(), user, data);
  if (result.ok) revalidatePath(`/admin/groups/${data.group}`);
  return result;
});

export const removeGroupMemberAction = validatedAction(z.object({ id }), async ({ id }, user) => {
  const result = await removeGroupMember(db(), user, id);
  if (result.ok) revalidatePath('/admin/groups/[id]', 'page');
  return result;
});
