import type { Metadata } from 'next';
import { EngagementTable } from '@/components/engagements/engagement-table';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { ENGAGEMENT_STATUSES } from '@/lib/db/schema/enums';
import { listEngagements } from '@/lib/domain/engagements';
import { filter, filtersOf, pageOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';
import { namesById, productChoices } from '@/lib/pages/choices';
import { z } from 'zod';

export const metadata: Metadata = { title: 'Engagements' };

const FILTERS = { product: filter.id, status: z.enum(ENGAGEMENT_STATUSES) };

export default async function EngagementsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const page = pageOf(params);
  const filters = filtersOf(FILTERS, params);
  const [list, products] = await Promise.all([found(listEngagements(db(), user, filters, page)), productChoices(user)]);
  return (
    <>
      <PageHeader title="Engagements" subtitle="Add an engagement from its product's page." />
      <FilterBar path="/engagements">
        <FilterSelect name="product" label="Product" value={filters.product} options={products} />
        <FilterSelect
          name="status"
          label="Status"
          value={filters.status}
          options={ENGAGEMENT_STATUSES.map((s) => ({ value: s, label: s }))}
        />
      </FilterBar>
      {list.count === 0 ? (
        <EmptyState title="No engagements">
          {filters.product || filters.status ? 'None match these filters.' : 'Engagements of the products you can see will be listed here.'}
        </EmptyState>
      ) : (
        <EngagementTable engagements={list.results} productNames={namesById(products)} />
      )}
      <Pagination count={list.count} page={page.page} pageSize={PAGE_SIZE} params={params} path="/engagements" />
    </>
  );
}
