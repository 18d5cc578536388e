import type { Metadata } from 'next';
import { FindingForm } from '@/components/findings/finding-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { programTrail } from '@/lib/pages/crumbs';
import { getFinding } from '@/lib/domain/findings';
import { updateFindingAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit finding' };

export default async function EditFindingPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const finding = await found(getFinding(db(), user, id));
  const trail = await programTrail(db(), { finding: id });
  const allowed = await can(db(), user, { kind: 'finding', id }, 'edit');
  return (
    <>
      <PageHeader title={`Edit ${finding.title}`} crumbs={trail} />
      {allowed ? <FindingForm action={updateFindingAction} finding={finding} /> : <NotAllowed />}
    </>
  );
}
