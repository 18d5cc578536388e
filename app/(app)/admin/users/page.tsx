import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
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
import { listUsers } from '@/lib/domain/users';
import { filter, filtersOf, pageOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const page = pageOf(params);
  const filters = filtersOf({ is_active: filter.yesNo }, params);
  const list = await found(listUsers(db(), user, filters, page));
  return (
    <>
      <PageHeader
        title="Users"
        actions={
          <LinkButton href="/admin/users/new" kind="primary">
            New user
          </LinkButton>
        }
      />
      <FilterBar path="/admin/users">
        <FilterSelect
          name="is_active"
          label="Active"
          value={filters.is_active}
          allLabel="Any"
          options={[
            { value: 'true', label: 'Active' },
            { value: 'false', label: 'Deactivated' },
          ]}
        />
      </FilterBar>
      {list.count === 0 ? (
        <EmptyState title="No users match" />
      ) : (
        <Table label="Users" head={['Username', 'Name', 'Email', 'Global role', '']}>
          {list.results.map((u) => (
            <tr key={u.id}>
              <Cell>
                <Link href={`/admin/users/${u.id}`} className={LINK}>
                  {u.username}
                </Link>
              </Cell>
              <Cell>{[u.first_name, u.last_name].filter(Boolean).join(' ') || '—'}</Cell>
              <Cell>{u.email || '—'}</Cell>
              <Cell>{u.global_role ?? '—'}</Cell>
              <Cell>
                <span className="flex gap-1">
                  {u.is_superuser && <Badge tone="warn">Superuser</Badge>}
                  {!u.is_active && <Badge tone="bad">Deactivated</Badge>}
                </span>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <Pagination count={list.count} page={page.page} pageSize={PAGE_SIZE} params={params} path="/admin/users" />
    </>
  );
}
