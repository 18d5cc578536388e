import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/session';
import { db } from '@/lib/db/client';
import { decodeCursor, listAlerts } from '@/lib/notifications/alerts';
import { EVENT_TYPES, EVENTS, type EventType } from '@/lib/notifications/catalog';
import { AlertsTable } from './alerts-table';

export const metadata: Metadata = { title: 'Alerts' };

const PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;

/** The page's filters from its URL; anything unrecognised is ignored rather than refused. */
function filtersOf(params: SearchParams) {
  const one = (key: string) => (typeof params[key] === 'string' ? params[key] : undefined);
  const unread = one('unread') === 'true' ? true : one('unread') === 'false' ? false : undefined;
  const type = EVENT_TYPES.find((t) => t === one('type'));
  const cursor = one('cursor');
  return { unread, type, cursor: cursor && decodeCursor(cursor) !== null ? cursor : undefined };
}

const label = (type: EventType) => type.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const filters = filtersOf(await searchParams);
  const initial = await listAlerts(db(), user.id, {
    unread: filters.unread, type: filters.type, ...(filters.cursor ? decodeCursor(filters.cursor)! : {}), limit: PAGE_SIZE,
  });
  const query = { ...filters, limit: PAGE_SIZE };

  return (
    <section aria-labelledby="alerts-heading">
      <h1 id="alerts-heading" className="text-2xl font-semibold">Alerts</h1>
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Filter alerts">
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">Event</span>
          <select name="type" defaultValue={filters.type ?? ''} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">All events</option>
            {EVENT_TYPES.map((type) => <option key={type} value={type} title={EVENTS[type].explanation}>{label(type)}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-600">Show</span>
          <select name="unread" defaultValue={filters.unread === undefined ? '' : String(filters.unread)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
            <option value="">Read and unread</option>
            <option value="true">Unread only</option>
            <option value="false">Read only</option>
          </select>
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">Filter</button>
      </form>
      {/* Keyed by the query: another filter or page starts with nothing selected. */}
      <AlertsTable key={JSON.stringify(query)} query={query} initial={initial} filtered={filters.type !== undefined || filters.unread !== undefined} />
    </section>
  );
}
