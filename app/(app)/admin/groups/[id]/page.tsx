import type { Metadata } from 'next';
import { GroupForm } from '@/components/admin/group-form';
import { GroupMembersSection } from '@/components/admin/group-members-section';
import { MembershipsSection } from '@/components/admin/memberships-section';
import { DeleteConfirmation } from '@/components/forms/delete-confirmation';
import { PageHeader } from '@/components/ui/page-header';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { listGroupMembers } from '@/lib/domain/group-members';
import { getGroup } from '@/lib/domain/groups';
import { listUsers } from '@/lib/domain/users';
import { ALL_ROWS } from '@/lib/pages/list-query';
import { addMembershipAction, changeMembershipRoleAction, removeMembershipAction } from '../../membership-actions';
import { addGroupMemberAction, deleteGroupAction, removeGroupMemberAction, updateGroupAction } from '../actions';

export const metadata: Metadata = { title: 'Group' };

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireUser();
  const id = routeId((await params).id);
  const group = await found(getGroup(db(), actor, id));
  const [members, users] = await Promise.all([
    found(listGroupMembers(db(), actor, { group: id }, ALL_ROWS)),
    found(listUsers(db(), actor, {}, ALL_ROWS)),
  ]);
  return (
    <>
      <PageHeader
        title={group.name}
        crumbs={[{ href: '/admin/groups', label: 'Groups' }]}
        actions={
          <DeleteConfirmation
            action={deleteGroupAction}
            id={id}
            what={`group ${group.name}`}
            consequence="Its members lose the roles they held through it."
          />
        }
      />
      <GroupForm action={updateGroupAction} group={group} />
      <GroupMembersSection
        groupId={id}
        members={members.results}
        users={users.results}
        add={addGroupMemberAction}
        remove={removeGroupMemberAction}
      />
      <MembershipsSection
        actor={actor}
        principal="group"
        principalId={id}
        actions={{ add: addMembershipAction, changeRole: changeMembershipRoleAction, remove: removeMembershipAction }}
      />
    </>
  );
}
