import type { Metadata } from 'next';
import Link from 'next/link';
import { CloseReopenButton } from '@/components/engagements/close-reopen';
import { EngagementStatusBadge } from '@/components/engagements/engagement-status';
import { DeleteConfirmation } from '@/components/forms/delete-confirmation';
import { TestTable } from '@/components/tests/test-table';
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
import { getEngagement, isClosed } from '@/lib/domain/engagements';
import { getProduct } from '@/lib/domain/products';
import { listTests } from '@/lib/domain/tests';
import { ALL_ROWS } from '@/lib/pages/list-query';
import { closeEngagementAction, deleteEngagementAction, reopenEngagementAction } from '../actions';

export const metadata: Metadata = { title: 'Engagement' };

export default async function EngagementPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const engagement = await found(getEngagement(db(), user, id));
  const subject = { kind: 'engagement', id } as const;
  const [canEdit, canDelete, canAdd, canImport, product, tests] = await Promise.all([
    can(db(), user, subject, 'edit'),
    can(db(), user, subject, 'delete'),
    can(db(), user, subject, 'add_child'),
    can(db(), user, subject, 'import'),
    found(getProduct(db(), user, engagement.product)),
    found(listTests(db(), user, { engagement: id }, ALL_ROWS)),
  ]);
  return (
    <>
      <PageHeader
        title={engagement.name}
        subtitle={engagement.description}
        crumbs={[
          { href: '/products', label: 'Products' },
          { href: `/products/${product.id}`, label: product.name },
        ]}
        actions={
          <>
            {canEdit && (
              <CloseReopenButton
                id={id}
                closed={isClosed(engagement.status)}
                close={closeEngagementAction}
                reopen={reopenEngagementAction}
              />
            )}
            {canImport && <LinkButton href={`/engagements/${id}/import`}>Import scan results</LinkButton>}
            {canEdit && <LinkButton href={`/engagements/${id}/edit`}>Edit</LinkButton>}
            {canDelete && (
              <DeleteConfirmation
                action={deleteEngagementAction}
                id={id}
                what={`engagement ${engagement.name}`}
                consequence="Its tests and their findings are deleted too."
              />
            )}
          </>
        }
      />
      <DetailList
        items={[
          [
            'Product',
            <Link key="p" href={`/products/${product.id}`} className={LINK}>
              {product.name}
            </Link>,
          ],
          [
            'Status',
            <span key="s" data-testid="engagement-status">
              <EngagementStatusBadge status={engagement.status} />
            </span>,
          ],
          ['Dates', `${engagement.target_start} → ${engagement.target_end}`],
        ]}
      />
      <Section
        title="Tests"
        id="tests"
        actions={
          canAdd && (
            <LinkButton href={`/tests/new?engagement=${id}`} kind="primary">
              Add test
            </LinkButton>
          )
        }
      >
        {tests.count === 0 ? <EmptyState title="No tests yet" /> : <TestTable tests={tests.results} />}
      </Section>
    </>
  );
}
