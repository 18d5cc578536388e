import type { Metadata } from 'next';
import { TestTable } from '@/components/tests/test-table';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { listTests } from '@/lib/domain/tests';
import { filter, filtersOf, pageOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';
import { engagementChoices, namesById, productChoices } from '@/lib/pages/choices';

export const metadata: Metadata = { title: 'Tests' };

export default async function TestsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const page = pageOf(params);
  const filters = filtersOf({ product: filter.id, engagement: filter.id }, params);
  const [list, products, engagements] = await Promise.all([
    found(listTests(db(), user, filters, page)),
    productChoices(user),
    engagementChoices(user),
  ]);
  return (
    <>
      <PageHeader title="Tests" subtitle="Add a test from its engagement's page." />
      <FilterBar path="/tests">
        <FilterSelect name="product" label="Product" value={filters.product} options={products} />
        <FilterSelect name="engagement" label="Engagement" value={filters.engagement} options={engagements} />
      </FilterBar>
      {list.count === 0 ? (
        <EmptyState title="No tests">
          {filters.product || filters.engagement ? 'None match these filters.' : 'Tests of the products you can see will be listed here.'}
        </EmptyState>
      ) : (
        <TestTable tests={list.results} engagementNames={namesById(engagements)} />
      )}
      <Pagination count={list.count} page={page.page} pageSize={PAGE_SIZE} params={params} path="/tests" />
    </>
  );
}
