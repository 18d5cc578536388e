import type { Metadata } from 'next';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { SEVERITIES } from '@/lib/db/schema/enums';
import { alertProducts, decodeCursor, listAlerts } from '@/lib/notifications/alerts';
import { EVENT_TYPES } from '@/lib/core/event-catalog';
import { AlertsFilters } from './alerts-filters';
import { AlertsTable, type AlertsView } from './alerts-table';
import { KeyboardShortcuts } from './keyboard-shortcuts';

export const metadata: Metadata = { title: 'Alerts' };

const PAGE_SIZE = 25;

type SearchParams = Record<string, string | string[] | undefined>;

/** The page's filters from its URL; anything unrecognised is ignored rather than refused. */
function filtersOf(params: SearchParams) {
  const one = (key: string) => (typeof params[key] === 'string' ? params[key] : undefined);
  const unread = one('unread') === 'true' ? true : one('unread') === 'false' ? false : undefined;
  const type = EVENT_TYPES.find((t) => t === one('type'));
  const severity = SEVERITIES.find((s) => s === one('severity'));
  const product = /^[1-9][0-9]{0,8}$/.test(one('product') ?? '') ? Number(one('product')) : undefined;
  const view: AlertsView = one('view') === 'archived' ? 'archived' : one('view') === 'snoozed' ? 'snoozed' : 'inbox';
  const cursor = one('cursor');
  return {
    unread,
    type,
    severity,
    product,
    view,
    group: one('group') === 'product' ? ('product' as const) : undefined,
    cursor: cursor && decodeCursor(cursor) !== null ? cursor : undefined,
  };
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const filters = filtersOf(await searchParams);
  const [initial, products] = await Promise.all([
    listAlerts(db(), user.id, {
      box: filters.view,
      unread: filters.unread,
      type: filters.type,
      product: filters.product,
      severity: filters.severity,
      ...(filters.cursor ? decodeCursor(filters.cursor)! : {}),
      limit: PAGE_SIZE,
    }),
    alertProducts(db(), user.id),
  ]);
  const { view, group, ...rest } = filters;
  const query = {
    ...rest,
    archived: view === 'archived' || undefined,
    snoozed: view === 'snoozed' || undefined,
    limit: PAGE_SIZE,
  };
  const filtered = [filters.type, filters.unread, filters.product, filters.severity].some((f) => f !== undefined);

  return (
    <section aria-labelledby="alerts-heading">
      <h1 id="alerts-heading" className="text-2xl font-semibold">
        Alerts
      </h1>
      <AlertsFilters filters={filters} products={products} />
      {/* Keyed by the query: another filter or page starts with nothing selected. */}
      <AlertsTable
        key={JSON.stringify(query)}
        query={query}
        view={view}
        groupByProduct={group === 'product'}
        initial={initial}
        filtered={filtered}
      />
      <KeyboardShortcuts />
    </section>
  );
}
