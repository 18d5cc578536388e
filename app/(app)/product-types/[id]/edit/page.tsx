import type { Metadata } from 'next';
import { ProductTypeForm } from '@/components/product-types/product-type-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getProductType } from '@/lib/domain/product-types';
import { updateProductTypeAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit product type' };

export default async function EditProductTypePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const productType = await found(getProductType(db(), user, id));
  const allowed = await can(db(), user, { kind: 'product_type', id }, 'edit');
  return (
    <>
      <PageHeader
        title={`Edit ${productType.name}`}
        crumbs={[
          { href: '/product-types', label: 'Product types' },
          { href: `/product-types/${id}`, label: productType.name },
        ]}
      />
      {allowed ? <ProductTypeForm action={updateProductTypeAction} productType={productType} /> : <NotAllowed />}
    </>
  );
}
