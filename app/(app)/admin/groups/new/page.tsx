import type { Metadata } from 'next';
import { GroupForm } from '@/components/admin/group-form';
import { PageHeader } from '@/components/ui/page-header';
import { createGroupAction } from '../actions';

export const metadata: Metadata = { title: 'New group' };

export default function NewGroupPage() {
  return (
    <>
      <PageHeader title="New group" crumbs={[{ href: '/admin/groups', label: 'Groups' }]} />
      <GroupForm action={createGroupAction} />
    </>
  );
}
