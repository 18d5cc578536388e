import type { Metadata } from 'next';
import Link from 'next/link';
import { UtcTime } from '@/components/deliveries/utc-time';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { BUTTON, LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { listOutboxEmails } from '@/lib/delivery/outbox-reader';
import { filter, filtersOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';
import { eventLabel } from '@/components/settings/event-label';

export const metadata: Metadata = { title: 'Outbox' };

/** The mail "sent" while no Resend key is configured, newest first; `?before=` pages back. */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const { before } = filtersOf({ before: filter.id }, await searchParams);
  const emails = await found(listOutboxEmails(db(), user, { limit: PAGE_SIZE, beforeId: before }));
  const last = emails.at(-1);
  return (
    <>
      <PageHeader title="Outbox" subtitle="Email kept here instead of being sent, because no Resend API key is configured." />
      {emails.length === 0 ? (
        <EmptyState title="The outbox is empty" />
      ) : (
        <Table label="Outbox" head={['Subject', 'To', 'Event', 'Time']}>
          {emails.map((e) => (
            <tr key={e.id}>
              <Cell>
                <Link href={`/admin/outbox/${e.id}`} className={LINK}>
                  {e.subject || '(no subject)'}
                </Link>
              </Cell>
              <Cell>{e.to.join(', ')}</Cell>
              <Cell>{eventLabel(e.eventType)}</Cell>
              <Cell>
                <UtcTime iso={e.createdAt} />
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <nav aria-label="Pagination" className="mt-4 flex justify-end gap-2 text-sm">
        {before && (
          <Link href="/admin/outbox" className={BUTTON.secondary}>
            Newest
          </Link>
        )}
        {last && emails.length === PAGE_SIZE && (
          <Link href={`/admin/outbox?before=${last.id}`} className={BUTTON.secondary}>
            Older
          </Link>
        )}
      </nav>
    </>
  );
}
