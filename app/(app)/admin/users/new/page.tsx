import type { Metadata } from 'next';
import { UserForm } from '@/components/admin/user-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireSuperuser } from '@/lib/session/page-guard';
import { createUserAction } from '../actions';

export const metadata: Metadata = { title: 'New user' };

export default async function NewUserPage() {
  await requireSuperuser();
  return (
    <>
      <PageHeader title="New user" crumbs={[{ href: '/admin/users', label: 'Users' }]} />
      <UserForm action={createUserAction} />
    </>
  );
}
