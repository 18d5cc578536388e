import type { Metadata } from 'next';
import Link from 'next/link';
import { FindingTable } from '@/components/findings/finding-table';
import { DeleteConfirmation } from '@/components/forms/delete-confirmation';
import { DetailList } from '@/components/ui/detail-list';
import { EmptyState } from '@/components/ui/empty-state';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { LINK } from '@/components/ui/styles';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { programTrail } from '@/lib/pages/crumbs';
import { getEngagement } from '@/lib/domain/engagements';
import { listFindings } from '@/lib/domain/findings';
import { getTest } from '@/lib/domain/tests';
import { ALL_ROWS } from '@/lib/pages/list-query';
import { deleteTestAction } from '../actions';

export const metadata: Metadata = { title: 'Test' };

export default async function TestPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const test = await found(getTest(db(), user, id));
  const trail = await programTrail(db(), { test: id });
  const subject = { kind: 'test', id } as const;
  const [canEdit, canDelete, canAdd, canImport, engagement, findings] = await Promise.all([
    can(db(), user, subject, 'edit'),
    can(db(), user, subject, 'delete'),
    can(db(), user, subject, 'add_child'),
    can(db(), user, subject, 'import'),
    found(getEngagement(db(), user, test.engagement)),
    found(listFindings(db(), user, { test: id }, ALL_ROWS)),
  ]);
  return (
    <>
      <PageHeader
        title={test.title}
        crumbs={trail.slice(0, -1)}
        actions={
          <>
            {canImport && <LinkButton href={`/tests/${id}/reimport`}>Re-import</LinkButton>}
            {canEdit && <LinkButton href={`/tests/${id}/edit`}>Edit</LinkButton>}
            {canDelete && (
              <DeleteConfirmation
                action={deleteTestAction}
                id={id}
                what={`test ${test.title}`}
                consequence="Its findings are deleted too."
              />
            )}
          </>
        }
      />
      <DetailList
        items={[
          ['Test type', test.test_type],
          [
            'Engagement',
            <Link key="e" href={`/engagements/${engagement.id}`} className={LINK}>
              {engagement.name}
            </Link>,
          ],
          ['Created', test.created.slice(0, 10)],
        ]}
      />
      <Section
        title="Findings"
        id="findings"
        actions={
          canAdd && (
            <LinkButton href={`/findings/new?test=${id}`} kind="primary">
              Add finding
            </LinkButton>
          )
        }
      >
        {findings.count === 0 ? <EmptyState title="No findings in this test" /> : <FindingTable findings={findings.results} />}
      </Section>
    </>
  );
}
