import type { Metadata } from 'next';
import Link from 'next/link';
import { ProductTypeName } from '@/components/products/product-type-name';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { productTypeLabels } from '@/lib/domain/product-type-names';
import { listProducts } from '@/lib/domain/products';
import { filter, filtersOf, pageOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';
import { productTypeChoices, productTypesToAddTo } from '@/lib/pages/choices';

export const metadata: Metadata = { title: 'Products' };

export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const page = pageOf(params);
  const filters = filtersOf({ prod_type: filter.id }, params);
  const [list, productTypes, addable] = await Promise.all([
    found(listProducts(db(), user, filters, page)),
    productTypeChoices(user),
    productTypesToAddTo(user),
  ]);
  const types = await productTypeLabels(
    db(),
    user,
    list.results.map((p) => p.id),
  );
  return (
    <>
      <PageHeader
        title="Products"
        actions={
          addable.length > 0 && (
            <LinkButton href="/products/new" kind="primary">
              New product
            </LinkButton>
          )
        }
      />
      <FilterBar path="/products">
        <FilterSelect name="prod_type" label="Product type" value={filters.prod_type} options={productTypes} />
      </FilterBar>
      {list.count === 0 ? (
        <EmptyState title="No products">
          {filters.prod_type ? 'No product of this product type is visible to you.' : 'Products you can see will be listed here.'}
        </EmptyState>
      ) : (
        <Table label="Products" head={['Name', 'Product type', 'Description']}>
          {list.results.map((p) => (
            <tr key={p.id}>
              <Cell>
                <Link href={`/products/${p.id}`} className={LINK}>
                  {p.name}
                </Link>
              </Cell>
              <Cell>
                <ProductTypeName type={types.get(p.id)} />
              </Cell>
              <Cell className="text-slate-600">{p.description || '—'}</Cell>
            </tr>
          ))}
        </Table>
      )}
      <Pagination count={list.count} page={page.page} pageSize={PAGE_SIZE} params={params} path="/products" />
    </>
  );
}
