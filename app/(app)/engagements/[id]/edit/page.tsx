import type { Metadata } from 'next';
import { EngagementForm } from '@/components/engagements/engagement-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { programTrail } from '@/lib/pages/crumbs';
import { getEngagement } from '@/lib/domain/engagements';
import { updateEngagementAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit engagement' };

export default async function EditEngagementPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const engagement = await found(getEngagement(db(), user, id));
  const trail = await programTrail(db(), { engagement: id });
  const allowed = await can(db(), user, { kind: 'engagement', id }, 'edit');
  return (
    <>
      <PageHeader title={`Edit ${engagement.name}`} crumbs={trail} />
      {allowed ? <EngagementForm action={updateEngagementAction} engagement={engagement} /> : <NotAllowed />}
    </>
  );
}
