import type { Metadata } from 'next';
import { ActivationButton } from '@/components/admin/activation-button';
import { MembershipsSection } from '@/components/admin/memberships-section';
import { SignInLock } from '@/components/admin/sign-in-lock';
import { UserForm } from '@/components/admin/user-form';
import { PageHeader } from '@/components/ui/page-header';
import { found, routeId } from '@/lib/session/page-guard';
import { isUsernameLocked } from '@/lib/auth/credentials';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getUser } from '@/lib/domain/users';
import { addMembershipAction, changeMembershipRoleAction, removeMembershipAction } from '../../membership-actions';
import { clearSignInLockAction, setUserActiveAction, updateUserAction } from '../actions';

export const metadata: Metadata = { title: 'User' };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireUser();
  const id = routeId((await params).id);
  const user = await found(getUser(db(), actor, id));
  const locked = await isUsernameLocked(db(), user.username);
  return (
    <>
      <PageHeader
        title={user.username}
        crumbs={[{ href: '/admin/users', label: 'Users' }]}
        subtitle={user.is_active ? `Joined ${user.date_joined.slice(0, 10)}` : 'Deactivated: cannot sign in and receives nothing.'}
        actions={
          user.id !== actor.id && (
            <ActivationButton action={setUserActiveAction} userId={user.id} active={user.is_active} username={user.username} />
          )
        }
      />
      {locked && <SignInLock action={clearSignInLockAction} userId={user.id} />}
      <UserForm key={`${user.is_active}`} action={updateUserAction} user={user} />
      <MembershipsSection
        actor={actor}
        principal="user"
        principalId={user.id}
        actions={{ add: addMembershipAction, changeRole: changeMembershipRoleAction, remove: removeMembershipAction }}
      />
    </>
  );
}
