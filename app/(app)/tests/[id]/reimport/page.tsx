import type { Metadata } from 'next';
import { ScanUploadForm } from '@/components/scans/scan-upload-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getTest } from '@/lib/domain/tests';
import { SCAN_TYPES } from '@/lib/scans/formats';

export const metadata: Metadata = { title: 'Re-import' };

export default async function ReimportScanPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const test = await found(getTest(db(), user, id));
  const allowed = await can(db(), user, { kind: 'test', id }, 'import');
  const known = SCAN_TYPES.find((t) => t.toLowerCase() === test.test_type.toLowerCase());
  return (
    <>
      <PageHeader
        title="Re-import"
        subtitle={`into ${test.title}`}
        crumbs={[
          { href: `/engagements/${test.engagement}`, label: 'Engagement' },
          { href: `/tests/${id}`, label: test.title },
        ]}
      />
      {allowed ? <ScanUploadForm mode="reimport" targetId={id} scanTypes={SCAN_TYPES} defaultScanType={known} /> : <NotAllowed />}
    </>
  );
}
