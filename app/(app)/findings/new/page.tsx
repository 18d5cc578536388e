import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { FindingForm } from '@/components/findings/finding-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { programTrail } from '@/lib/pages/crumbs';
import { getTest } from '@/lib/domain/tests';
import { filter, filtersOf, type SearchParams } from '@/lib/pages/list-query';
import { createFindingAction } from '../actions';

export const metadata: Metadata = { title: 'New finding' };

/** `?test=ID`: the test the finding belongs to. */
export default async function NewFindingPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { test: testId } = filtersOf({ test: filter.id }, await searchParams);
  if (!testId) notFound();
  const test = await found(getTest(db(), user, testId));
  const trail = await programTrail(db(), { test: testId });
  const allowed = await can(db(), user, { kind: 'test', id: testId }, 'add_child');
  return (
    <>
      <PageHeader title="New finding" subtitle={`in ${test.title}`} crumbs={trail} />
      {allowed ? <FindingForm action={createFindingAction} testId={test.id} /> : <NotAllowed />}
    </>
  );
}
