import type { Metadata } from 'next';
import { ScanUploadForm } from '@/components/scans/scan-upload-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getEngagement } from '@/lib/domain/engagements';
import { SCAN_TYPES } from '@/lib/scans/formats';

export const metadata: Metadata = { title: 'Import scan results' };

export default async function ImportScanPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const engagement = await found(getEngagement(db(), user, id));
  const allowed = await can(db(), user, { kind: 'engagement', id }, 'import');
  return (
    <>
      <PageHeader
        title="Import scan results"
        subtitle={`into a new test of ${engagement.name}`}
        crumbs={[
          { href: '/engagements', label: 'Engagements' },
          { href: `/engagements/${id}`, label: engagement.name },
        ]}
      />
      {allowed ? <ScanUploadForm mode="import" targetId={id} scanTypes={SCAN_TYPES} /> : <NotAllowed />}
    </>
  );
}
