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
import { listGroups } from '@/lib/domain/groups';
import { pageOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';

export const metadata: Metadata = { title: 'Groups' };

export default async function GroupsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const page = pageOf(params);
  const list = await found(listGroups(db(), user, {}, page));
  return (
    <>
      <PageHeader
        title="Groups"
        subtitle="Give a role in a product type or product to a whole group at once."
        actions={
          <LinkButton href="/admin/groups/new" kind="primary">
            New group
          </LinkButton>
        }
      />
      {list.count === 0 ? (
        <EmptyState title="No groups yet" />
      ) : (
        <Table label="Groups" head={['Name', 'Description']}>
          {list.results.map((g) => (
            <tr key={g.id}>
              <Cell>
                <Link href={`/admin/groups/${g.id}`} className={LINK}>
                  {g.name}
                </Link>
              </Cell>
              <Cell className="text-slate-600">{g.description || '—'}</Cell>
            </tr>
          ))}
        </Table>
      )}
      <Pagination count={list.count} page={page.page} pageSize={PAGE_SIZE} params={params} path="/admin/groups" />
    </>
  );
}
