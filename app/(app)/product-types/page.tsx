import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { LinkButton } from '@/components/ui/link-button';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { canAddProductType, listProductTypes } from '@/lib/domain/product-types';
import { pageOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';

export const metadata: Metadata = { title: 'Product types' };

export default async function ProductTypesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const page = pageOf(params);
  const list = await found(listProductTypes(db(), user, {}, page));
  return (
    <>
      <PageHeader
        title="Product types"
        actions={
          canAddProductType(user) && (
            <LinkButton href="/product-types/new" kind="primary">
              New product type
            </LinkButton>
          )
        }
      />
      {list.count === 0 ? (
        <EmptyState title="No product types">
          {canAddProductType(user) ? 'Create the first one to start organising products.' : 'You are not a member of any product type yet.'}
        </EmptyState>
      ) : (
        <Table label="Product types" head={['Name', 'Description']}>
          {list.results.map((pt) => (
            <tr key={pt.id}>
              <Cell>
                <Link href={`/product-types/${pt.id}`} className={LINK}>
                  {pt.name}
                </Link>
              </Cell>
              <Cell className="text-slate-600">{pt.description || '—'}</Cell>
            </tr>
          ))}
        </Table>
      )}
      <Pagination count={list.count} page={page.page} pageSize={PAGE_SIZE} params={params} path="/product-types" />
    </>
  );
}
