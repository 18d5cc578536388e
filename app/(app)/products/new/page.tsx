import type { Metadata } from 'next';
import { ProductForm } from '@/components/products/product-form';
import { NotAllowed } from '@/components/ui/not-allowed';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/session/current-user';
import { filter, filtersOf, type SearchParams } from '@/lib/pages/list-query';
import { productTypesToAddTo } from '@/lib/pages/choices';
import { createProductAction } from '../actions';

export const metadata: Metadata = { title: 'New product' };

export default async function NewProductPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { prod_type } = filtersOf({ prod_type: filter.id }, await searchParams);
  const productTypes = await productTypesToAddTo(user);
  return (
    <>
      <PageHeader title="New product" crumbs={[{ href: '/products', label: 'Products' }]} />
      {productTypes.length > 0 ? (
        <ProductForm action={createProductAction} productTypes={productTypes} prodType={prod_type} />
      ) : (
        <NotAllowed>Adding a product takes the Maintainer or Owner role in a product type.</NotAllowed>
      )}
    </>
  );
}
