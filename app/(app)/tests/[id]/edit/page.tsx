import type { Metadata } from 'next';
import { TestForm } from '@/components/tests/test-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { programTrail } from '@/lib/pages/crumbs';
import { getTest } from '@/lib/domain/tests';
import { updateTestAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit test' };

export default async function EditTestPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const test = await found(getTest(db(), user, id));
  const trail = await programTrail(db(), { test: id });
  const allowed = await can(db(), user, { kind: 'test', id }, 'edit');
  return (
    <>
      <PageHeader title={`Edit ${test.title}`} crumbs={trail} />
      {allowed ? <TestForm action={updateTestAction} test={test} /> : <NotAllowed />}
    </>
  );
}
