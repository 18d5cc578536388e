import type { Metadata } from 'next';
import { GroupForm } from '@/components/admin/group-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireSuperuser } from '@/lib/session/page-guard';
import { createGroupAction } from '../actions';

export const metadata: Metadata = { title: 'New group' };

export default async function NewGroupPage() {
  await requireSuperuser();
  return (
    <>
      <PageHeader title="New group" crumbs={[{ href: '/admin/groups', label: 'Groups' }]} />
      <GroupForm action={createGroupAction} />
    </>
  );
}
