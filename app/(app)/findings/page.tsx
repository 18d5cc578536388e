import type { Metadata } from 'next';
import { z } from 'zod';
import { FindingTable } from '@/components/findings/finding-table';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { SEVERITIES } from '@/lib/db/schema/enums';
import { listFindings } from '@/lib/domain/findings';
import { filter, filtersOf, pageOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';
import { productChoices } from '@/lib/pages/choices';

export const metadata: Metadata = { title: 'Findings' };

const FILTERS = { product: filter.id, severity: z.enum(SEVERITIES), active: filter.yesNo, verified: filter.yesNo };
const YES_NO = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

export default async function FindingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const page = pageOf(params);
  const filters = filtersOf(FILTERS, params);
  const [list, products] = await Promise.all([found(listFindings(db(), user, filters, page)), productChoices(user)]);
  const filtered = Object.values(filters).some((v) => v !== undefined);
  return (
    <>
      <PageHeader title="Findings" subtitle="Add a finding from its test's page." />
      <FilterBar path="/findings">
        <FilterSelect name="product" label="Product" value={filters.product} options={products} />
        <FilterSelect name="severity" label="Severity" value={filters.severity} options={SEVERITIES.map((s) => ({ value: s, label: s }))} />
        <FilterSelect name="active" label="Active" value={filters.active} options={YES_NO} allLabel="Any" />
        <FilterSelect name="verified" label="Verified" value={filters.verified} options={YES_NO} allLabel="Any" />
      </FilterBar>
      {list.count === 0 ? (
        <EmptyState title="No findings">
          {filtered ? 'None match these filters.' : 'Findings of the products you can see will be listed here.'}
        </EmptyState>
      ) : (
        <FindingTable findings={list.results} />
      )}
      <Pagination count={list.count} page={page.page} pageSize={PAGE_SIZE} params={params} path="/findings" />
    </>
  );
}
