import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TestForm } from '@/components/tests/test-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { programTrail } from '@/lib/pages/crumbs';
import { getEngagement } from '@/lib/domain/engagements';
import { filter, filtersOf, type SearchParams } from '@/lib/pages/list-query';
import { createTestAction } from '../actions';

export const metadata: Metadata = { title: 'New test' };

/** `?engagement=ID`: the engagement the test belongs to. */
export default async function NewTestPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { engagement: engagementId } = filtersOf({ engagement: filter.id }, await searchParams);
  if (!engagementId) notFound();
  const engagement = await found(getEngagement(db(), user, engagementId));
  const trail = await programTrail(db(), { engagement: engagementId });
  const allowed = await can(db(), user, { kind: 'engagement', id: engagementId }, 'add_child');
  return (
    <>
      <PageHeader title="New test" subtitle={`in ${engagement.name}`} crumbs={trail} />
      {allowed ? <TestForm action={createTestAction} engagementId={engagement.id} /> : <NotAllowed />}
    </>
  );
}
