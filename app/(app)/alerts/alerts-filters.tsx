// The alerts page's filters, a plain GET form: which alerts (inbox, snoozed, archived), event type,
// product, severity, read state, and grouping by product.
import Link from 'next/link';
import { SEVERITIES } from '@/lib/db/schema/enums';
import { EVENT_TYPES, EVENTS, type EventType } from '@/lib/core/event-catalog';
import type { AlertsView } from './alerts-table';

const label = (type: EventType) => type.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
const FOCUS = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-700';
const SELECT = 'rounded-md border border-slate-400 bg-white px-2 py-1.5';
const VIEWS: { view: AlertsView; label: string }[] = [
  { view: 'inbox', label: 'Inbox' },
  { view: 'snoozed', label: 'Snoozed' },
  { view: 'archived', label: 'Archived' },
];

export interface AlertsFilterValues {
  view: AlertsView;
  type?: EventType;
  product?: number;
  severity?: string;
  unread?: boolean;
  group?: 'product';
}

export function AlertsFilters({ filters, products }: { filters: AlertsFilterValues; products: { id: number; name: string }[] }) {
  return (
    <>
      <nav aria-label="Alert boxes" className="mt-4 flex gap-1 border-b border-slate-200 text-sm">
        {VIEWS.map(({ view, label: text }) => (
          <Link
            key={view}
            href={view === 'inbox' ? '/alerts' : `/alerts?view=${view}`}
            aria-current={filters.view === view ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 ${FOCUS} ${
              filters.view === view
                ? 'border-indigo-600 font-semibold text-indigo-800'
                : 'border-transparent text-slate-700 hover:text-slate-900'
            }`}
          >
            {text}
          </Link>
        ))}
      </nav>
      <form method="get" className="mt-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Filter alerts">
        {filters.view !== 'inbox' && <input type="hidden" name="view" value={filters.view} />}
        <label className="flex flex-col gap-1">
          <span className="text-slate-700">Event</span>
          <select name="type" defaultValue={filters.type ?? ''} className={SELECT}>
            <option value="">All events</option>
            {EVENT_TYPES.map((type) => (
              <option key={type} value={type} title={EVENTS[type].explanation}>
                {label(type)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-700">Product</span>
          <select name="product" defaultValue={filters.product ?? ''} className={SELECT}>
            <option value="">All products</option>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-700">Severity</span>
          <select name="severity" defaultValue={filters.severity ?? ''} className={SELECT}>
            <option value="">Any severity</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-700">Show</span>
          <select name="unread" defaultValue={filters.unread === undefined ? '' : String(filters.unread)} className={SELECT}>
            <option value="">Read and unread</option>
            <option value="true">Unread only</option>
            <option value="false">Read only</option>
          </select>
        </label>
        <label className="flex items-center gap-2 py-1.5">
          <input type="checkbox" name="group" value="product" defaultChecked={filters.group === 'product'} />
          <span className="text-slate-700">Group by product</span>
        </label>
        <button type="submit" className="rounded-md border border-slate-400 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">
          Filter
        </button>
      </form>
    </>
  );
}
