import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EngagementForm } from '@/components/engagements/engagement-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getProduct } from '@/lib/domain/products';
import { filter, filtersOf, type SearchParams } from '@/lib/pages/list-query';
import { createEngagementAction } from '../actions';

export const metadata: Metadata = { title: 'New engagement' };

/** `?product=ID`: the product the engagement is for. */
export default async function NewEngagementPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { product: productId } = filtersOf({ product: filter.id }, await searchParams);
  if (!productId) notFound();
  const product = await found(getProduct(db(), user, productId));
  const allowed = await can(db(), user, { kind: 'product', id: productId }, 'add_child');
  return (
    <>
      <PageHeader
        title="New engagement"
        subtitle={`for ${product.name}`}
        crumbs={[
          { href: '/products', label: 'Products' },
          { href: `/products/${product.id}`, label: product.name },
        ]}
      />
      {allowed ? <EngagementForm action={createEngagementAction} productId={product.id} /> : <NotAllowed />}
    </>
  );
}
