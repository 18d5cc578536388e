'use client';
// The alerts page's list: select many → mark read or unread, archive or restore, delete; mark read
// everything the filters match ("Mark these 2 read"), clear all (confirmed); pages both ways by
// cursor with the total; grouping by product; keyboard shortcuts. Starts from the server's first
// render and follows live changes through the query cache (the bell's socket invalidates these pages).

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { alertKeys, fetchAlerts, type AlertPage, type AlertQuery } from '@/components/bell/api';
import type { AlertView } from '@/lib/notifications/alert-view';
import { AlertRow, type RowActions } from './alert-row';
import { ClearAllButton } from './clear-all-button';
import { useAlertActions } from './use-alert-actions';
import { useAlertShortcuts } from './use-alert-shortcuts';

export type AlertsView = 'inbox' | 'archived' | 'snoozed';

const BUTTON =
  'rounded-md border border-slate-400 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 ' +
  'disabled:cursor-not-allowed disabled:text-slate-600 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-700';

export function AlertsTable({
  query,
  view,
  groupByProduct,
  initial,
  filtered,
}: {
  query: AlertQuery;
  view: AlertsView;
  groupByProduct: boolean;
  initial: AlertPage;
  filtered: boolean;
}) {
  const { data } = useQuery({
    queryKey: alertKeys.page(query),
    queryFn: () => fetchAlerts(query),
    initialData: initial,
  });
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const actions = useAlertActions();
  // Only what is still on the page counts as selected (alerts deleted in another tab drop out).
  const chosen = data.results.filter((a) => selected.has(a.id));
  const chosenIds = chosen.map((a) => a.id);
  const allChosen = data.results.length > 0 && chosen.length === data.results.length;
  const n = chosen.length ? ` (${chosen.length})` : '';

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const done = () => setSelected(new Set());
  const rowActions: RowActions = useMemo(
    () => ({
      toggleRead: (a) => (a.read ? actions.markUnread([a.id]) : actions.markRead([a.id])),
      toggleArchive: (a) => (a.archived ? actions.unarchive([a.id]) : actions.archive([a.id])),
      snooze: (a, until) => actions.snooze([a.id], until),
      open: (a) => !a.read && actions.markRead([a.id]),
    }),
    [actions],
  );
  const shortcuts = useMemo(
    () => ({ ...rowActions, alerts: data.results, select: (a: AlertView) => toggle(a.id) }),
    [rowActions, data.results],
  );
  useAlertShortcuts(shortcuts);

  // "Mark all read" covers what the filters match: all of it when unfiltered, "these N" otherwise.
  const markAll = () =>
    view === 'snoozed'
      ? actions.markRead(data.results.map((a) => a.id))
      : actions.markAllRead({
          type: query.type,
          product: query.product,
          severity: query.severity,
          archived: view === 'archived' || (filtered ? false : undefined),
        });
  const markAllLabel = filtered || view !== 'inbox' ? `Mark ${data.count === 1 ? 'this' : `these ${data.count}`} read` : 'Mark all read';

  return (
    <div className="mt-6">
      <div className="flex flex-wrap items-center gap-2 rounded-t-lg border border-slate-200 bg-white px-4 py-2">
        <label className="mr-2 flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={allChosen}
            disabled={data.results.length === 0}
            onChange={() => setSelected(allChosen ? new Set() : new Set(data.results.map((a) => a.id)))}
          />
          Select all on this page
        </label>
        <button
          type="button"
          className={BUTTON}
          disabled={chosen.length === 0 || actions.busy}
          onClick={() => actions.markRead(chosenIds, done)}
        >
          Mark read{n}
        </button>
        <button
          type="button"
          className={BUTTON}
          disabled={chosen.length === 0 || actions.busy}
          onClick={() => actions.markUnread(chosenIds, done)}
        >
          Mark as unread{n}
        </button>
        <button
          type="button"
          className={BUTTON}
          disabled={chosen.length === 0 || actions.busy}
          onClick={() => (view === 'archived' ? actions.unarchive(chosenIds, done) : actions.archive(chosenIds, done))}
        >
          {view === 'archived' ? 'Restore' : 'Archive'}
          {n}
        </button>
        <button
          type="button"
          className={BUTTON}
          disabled={chosen.length === 0 || actions.busy}
          onClick={() => actions.remove(chosenIds, done)}
        >
          Delete{n}
        </button>
        <span className="ml-auto flex flex-wrap gap-2">
          <button
            type="button"
            className={BUTTON}
            onClick={markAll}
            disabled={data.count === 0 || data.unread_count === 0 || query.unread === false || actions.busy}
          >
            {markAllLabel}
          </button>
          <ClearAllButton disabled={actions.busy || (data.results.length === 0 && !filtered)} onConfirm={() => actions.clearAll(done)} />
        </span>
      </div>
      {actions.error && (
        <p role="alert" className="border-x border-slate-200 bg-red-50 px-4 py-2 text-sm text-red-700">
          {actions.error}
        </p>
      )}
      {data.results.length === 0 ? (
        <div data-testid="alerts-empty" className="rounded-b-lg border border-t-0 border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="text-lg font-medium">{filtered ? 'No alerts match these filters' : EMPTY[view][0]}</p>
          <p className="mt-1 text-sm text-slate-600">
            {filtered ? 'Try another event, product or severity, or show read and unread alerts.' : EMPTY[view][1]}
          </p>
        </div>
      ) : (
        <div className="rounded-b-lg border border-t-0 border-slate-200 bg-white">
          {groupsOf(data.results, groupByProduct).map((group) => {
            const list = (
              <ul className="divide-y divide-slate-100" aria-label={group.label ? undefined : 'Alerts on this page'}>
                {group.alerts.map((alert) => (
                  <AlertRow
                    key={alert.id}
                    alert={alert}
                    checked={selected.has(alert.id)}
                    onToggle={() => toggle(alert.id)}
                    actions={rowActions}
                  />
                ))}
              </ul>
            );
            return group.label ? (
              <section key={group.key} aria-labelledby={`group-${group.key}`}>
                <h2
                  id={`group-${group.key}`}
                  className="border-b border-slate-100 bg-slate-50 px-4 py-1.5 text-sm font-semibold text-slate-800"
                >
                  {group.label}
                </h2>
                {list}
              </section>
            ) : (
              <div key={group.key}>{list}</div>
            );
          })}
        </div>
      )}
      <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="flex gap-3">
          {query.cursor && (
            <Link href={hrefOf({ ...query, cursor: undefined }, view, groupByProduct)} className="text-indigo-700 hover:underline">
              « Newest
            </Link>
          )}
          {data.previous && (
            <Link href={hrefOf({ ...query, cursor: data.previous }, view, groupByProduct)} className="text-indigo-700 hover:underline">
              ← Newer
            </Link>
          )}
        </span>
        <span data-testid="alerts-total" className="text-slate-700">
          {data.count === 1 ? '1 alert' : `${data.count} alerts`}
        </span>
        {data.next ? (
          <Link href={hrefOf({ ...query, cursor: data.next }, view, groupByProduct)} className="text-indigo-700 hover:underline">
            Older →
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </div>
  );
}

const EMPTY: Record<AlertsView, [string, string]> = {
  inbox: ['No alerts', 'When something happens on your products, it shows up here and in the bell.'],
  archived: ['Nothing archived', 'Archived alerts leave the bell and wait here until you restore them.'],
  snoozed: ['Nothing snoozed', 'Snoozed alerts come back to the bell, unread, at the time you chose.'],
};

/** Rows by product (in the order they first appear), or all in one unlabeled group. */
function groupsOf(alerts: AlertView[], byProduct: boolean): { key: string; label?: string; alerts: AlertView[] }[] {
  if (!byProduct) return [{ key: 'all', alerts }];
  const groups = new Map<string, { key: string; label: string; alerts: AlertView[] }>();
  for (const alert of alerts) {
    const key = alert.product ? `p${alert.product.id}` : 'none';
    const group = groups.get(key) ?? { key, label: alert.product?.name ?? 'Not about a product', alerts: [] };
    group.alerts.push(alert);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function hrefOf(query: AlertQuery, view: AlertsView, groupByProduct: boolean): string {
  const params = new URLSearchParams();
  if (view !== 'inbox') params.set('view', view);
  if (query.type) params.set('type', query.type);
  if (query.product) params.set('product', String(query.product));
  if (query.severity) params.set('severity', query.severity);
  if (query.unread !== undefined) params.set('unread', String(query.unread));
  if (groupByProduct) params.set('group', 'product');
  if (query.cursor) params.set('cursor', query.cursor);
  const search = params.toString();
  return search ? `/alerts?${search}` : '/alerts';
}
