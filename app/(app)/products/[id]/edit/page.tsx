import type { Metadata } from 'next';
import { ProductForm } from '@/components/products/product-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/authorization';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { getProductType } from '@/lib/domain/product-types';
import { getProduct } from '@/lib/domain/products';
import { productTypesToAddTo } from '@/lib/pages/choices';
import { updateProductAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit product' };

export default async function EditProductPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const product = await found(getProduct(db(), user, id));
  const [allowed, productTypes, current] = await Promise.all([
    can(db(), user, { kind: 'product', id }, 'edit'),
    productTypesToAddTo(user),
    getProductType(db(), user, product.prod_type),
  ]);
  // The product's own type stays a choice even for an editor who may not add products to it.
  const types = productTypes.some((t) => t.value === product.prod_type)
    ? productTypes
    : [{ value: product.prod_type, label: current.ok ? current.value.name : 'Current product type' }, ...productTypes];
  return (
    <>
      <PageHeader
        title={`Edit ${product.name}`}
        crumbs={[
          { href: '/products', label: 'Products' },
          { href: `/products/${id}`, label: product.name },
        ]}
      />
      {allowed ? <ProductForm action={updateProductAction} product={product} productTypes={types} /> : <NotAllowed />}
    </>
  );
}
