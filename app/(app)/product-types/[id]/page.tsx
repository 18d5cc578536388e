import type { Metadata } from 'next';
import Link from 'next/link';
import { DeleteConfirmation } from '@/components/forms/delete-confirmation';
import { EmptyState } from '@/components/ui/empty-state';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getProductType } from '@/lib/domain/product-types';
import { listProducts } from '@/lib/domain/products';
import { ALL_ROWS } from '@/lib/pages/list-query';
import { deleteProductTypeAction } from '../actions';

export const metadata: Metadata = { title: 'Product type' };

export default async function ProductTypePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const productType = await found(getProductType(db(), user, id));
  const subject = { kind: 'product_type', id } as const;
  const [canEdit, canDelete, canAdd, products] = await Promise.all([
    can(db(), user, subject, 'edit'),
    can(db(), user, subject, 'delete'),
    can(db(), user, subject, 'add_child'),
    found(listProducts(db(), user, { prod_type: id }, ALL_ROWS)),
  ]);
  return (
    <>
      <PageHeader
        title={productType.name}
        subtitle={productType.description}
        crumbs={[{ href: '/product-types', label: 'Product types' }]}
        actions={
          <>
            {canEdit && <LinkButton href={`/product-types/${id}/edit`}>Edit</LinkButton>}
            {canDelete && (
              <DeleteConfirmation
                action={deleteProductTypeAction}
                id={id}
                what={`product type ${productType.name}`}
                consequence="Its products, with their engagements, tests, findings and risk acceptances, are deleted too."
              />
            )}
          </>
        }
      />
      <Section
        title="Products"
        id="products"
        actions={
          canAdd && (
            <LinkButton href={`/products/new?prod_type=${id}`} kind="primary">
              Add product
            </LinkButton>
          )
        }
      >
        {products.count === 0 ? (
          <EmptyState title="No products in this product type" />
        ) : (
          <Table label="Products" head={['Name', 'Description']}>
            {products.results.map((p) => (
              <tr key={p.id}>
                <Cell>
                  <Link href={`/products/${p.id}`} className={LINK}>
                    {p.name}
                  </Link>
                </Cell>
                <Cell className="text-slate-600">{p.description || '—'}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </>
  );
}
