import type { Metadata } from 'next';
import { UserForm } from '@/components/admin/user-form';
import { PageHeader } from '@/components/ui/page-header';
import { createUserAction } from '../actions';

export const metadata: Metadata = { title: 'New user' };

export default function NewUserPage() {
  return (
    <>
      <PageHeader title="New user" crumbs={[{ href: '/admin/users', label: 'Users' }]} />
      <UserForm action={createUserAction} />
    </>
  );
}
