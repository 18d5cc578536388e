import type { Metadata } from 'next';
import Link from 'next/link';
import { EngagementTable } from '@/components/engagements/engagement-table';
import { DeleteConfirmation } from '@/components/forms/delete-confirmation';
import { MuteControls } from '@/components/mutes/mute-controls';
import { RiskAcceptancesSection } from '@/components/risk-acceptances/risk-acceptances-section';
import { ProductTypeName } from '@/components/products/product-type-name';
import { SeverityCount } from '@/components/severity-badge';
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
import { SEVERITIES } from '@/lib/db/schema/enums';
import { listEngagements } from '@/lib/domain/engagements';
import { muteOf } from '@/lib/domain/mutes';
import { openFindingCounts } from '@/lib/domain/product-overview';
import { productTypeLabels } from '@/lib/domain/product-type-names';
import { getProduct } from '@/lib/domain/products';
import { ALL_ROWS } from '@/lib/pages/list-query';
import { muteAction, unmuteAction } from '../../mute-actions';
import { deleteProductAction } from '../actions';
import { createRiskAcceptanceAction, deleteRiskAcceptanceAction } from '../risk-acceptance-actions';

export const metadata: Metadata = { title: 'Product' };

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const product = await found(getProduct(db(), user, id));
  const subject = { kind: 'product', id } as const;
  const [canEdit, canDelete, canAdd, typeLabels, counts, engagements, mute] = await Promise.all([
    can(db(), user, subject, 'edit'),
    can(db(), user, subject, 'delete'),
    can(db(), user, subject, 'add_child'),
    productTypeLabels(db(), user, [id]),
    found(openFindingCounts(db(), user, id)),
    found(listEngagements(db(), user, { product: id }, ALL_ROWS)),
    muteOf(db(), user, { product: id }),
  ]);
  const sla = (days: number | null) => (days ? `${days} days` : 'system default');
  return (
    <>
      <PageHeader
        title={product.name}
        subtitle={product.description}
        crumbs={[{ href: '/products', label: 'Products' }]}
        actions={
          <>
            <MuteControls kind="product" subject={id} mute={mute} muteAction={muteAction} unmuteAction={unmuteAction} />
            <LinkButton href={`/products/${id}/notifications`}>Notifications</LinkButton>
            {canEdit && <LinkButton href={`/products/${id}/settings`}>Destinations</LinkButton>}
            {canEdit && <LinkButton href={`/products/${id}/edit`}>Edit</LinkButton>}
            {canDelete && (
              <DeleteConfirmation
                action={deleteProductAction}
                id={id}
                what={`product ${product.name}`}
                consequence="Its engagements, tests, findings and risk acceptances are deleted too."
              />
            )}
          </>
        }
      />
      <DetailList
        items={[
          ['Product type', <ProductTypeName key="type" type={typeLabels.get(id)} />],
          [
            'SLA',
            `Critical ${sla(product.sla_critical_days)} · High ${sla(product.sla_high_days)} · Medium ${sla(product.sla_medium_days)} · Low ${sla(product.sla_low_days)}`,
          ],
        ]}
      />
      <Section
        title="Open findings"
        id="open-findings"
        actions={
          <Link href={`/findings?product=${id}`} className={LINK}>
            All findings →
          </Link>
        }
      >
        <div className="flex flex-wrap gap-1.5" data-testid="findings-summary">
          {SEVERITIES.map((s) => (
            <SeverityCount key={s} severity={s} count={counts[s]} />
          ))}
        </div>
      </Section>
      <Section
        title="Engagements"
        id="engagements"
        actions={
          canAdd && (
            <LinkButton href={`/engagements/new?product=${id}`} kind="primary">
              Add engagement
            </LinkButton>
          )
        }
      >
        {engagements.count === 0 ? <EmptyState title="No engagements yet" /> : <EngagementTable engagements={engagements.results} />}
      </Section>
      <RiskAcceptancesSection
        user={user}
        productId={id}
        canManage={canEdit}
        createAction={createRiskAcceptanceAction}
        deleteAction={deleteRiskAcceptanceAction}
      />
    </>
  );
}
