'use client';
// The alerts page's list: select many → mark read or delete, mark all read, clear all (confirmed),
// pages by cursor. Starts from the server's first render and follows live changes through the
// query cache (the bell's socket invalidates these pages).

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { alertKeys, fetchAlerts, type AlertPage, type AlertQuery } from '@/components/bell/api';
import { EventIcon } from '@/components/bell/event-icon';
import { RelativeTime } from '@/components/bell/relative-time';
import { appPath } from '@/lib/links/app-path';
import type { AlertView } from '@/lib/realtime/events';
import { ClearAllButton } from './clear-all-button';
import { useAlertActions } from './use-alert-actions';

const BUTTON = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50';

export function AlertsTable({ query, initial, filtered }: { query: AlertQuery; initial: AlertPage; filtered: boolean }) {
  const { data } = useQuery({ queryKey: alertKeys.page(query), queryFn: () => fetchAlerts(query), initialData: initial });
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const actions = useAlertActions();
  // Only what is still on the page counts as selected (alerts deleted in another tab drop out).
  const chosen = data.results.filter((a) => selected.has(a.id)).map((a) => a.id);
  const allChosen = data.results.length > 0 && chosen.length === data.results.length;

  const toggle = (id: number) => setSelected((s) => {
    const next = new Set(s);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const done = () => setSelected(new Set());

  return (
    <div className="mt-6">
      <div className="flex flex-wrap items-center gap-2 rounded-t-lg border border-slate-200 bg-white px-4 py-2">
        <label className="mr-2 flex items-center gap-2 text-sm text-slate-600">
          <input type="checkbox" checked={allChosen} disabled={data.results.length === 0}
            onChange={() => setSelected(allChosen ? new Set() : new Set(data.results.map((a) => a.id)))} />
          Select all on this page
        </label>
        <button type="button" className={BUTTON} disabled={chosen.length === 0 || actions.busy}
          onClick={() => actions.markRead(chosen, done)}>Mark read{chosen.length ? ` (${chosen.length})` : ''}</button>
        <button type="button" className={BUTTON} disabled={chosen.length === 0 || actions.busy}
          onClick={() => actions.remove(chosen, done)}>Delete{chosen.length ? ` (${chosen.length})` : ''}</button>
        <span className="ml-auto flex gap-2">
          <button type="button" className={BUTTON} disabled={data.unread_count === 0 || actions.busy} onClick={() => actions.markAllRead()}>
            Mark all read
          </button>
          <ClearAllButton disabled={actions.busy || (data.results.length === 0 && !filtered)} onConfirm={() => actions.clearAll(done)} />
        </span>
      </div>
      {actions.error && <p role="alert" className="border-x border-slate-200 bg-red-50 px-4 py-2 text-sm text-red-700">{actions.error}</p>}
      {data.results.length === 0 ? (
        <div data-testid="alerts-empty" className="rounded-b-lg border border-t-0 border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="text-lg font-medium">{filtered ? 'No alerts match these filters' : 'No alerts'}</p>
          <p className="mt-1 text-sm text-slate-500">
            {filtered ? 'Try another event or show read and unread alerts.' : 'When something happens on your products, it shows up here and in the bell.'}
          </p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-b-lg border border-t-0 border-slate-200 bg-white">
          {data.results.map((alert) => (
            <AlertRow key={alert.id} alert={alert} checked={selected.has(alert.id)} onToggle={() => toggle(alert.id)}
              onOpen={() => !alert.read && actions.markRead([alert.id])} />
          ))}
        </ul>
      )}
      <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
        {query.cursor ? <Link href={hrefOf({ ...query, cursor: undefined })} className="text-indigo-600 hover:underline">← Newest</Link> : <span />}
        {data.next && <Link href={hrefOf({ ...query, cursor: data.next })} className="text-indigo-600 hover:underline">Older →</Link>}
      </nav>
    </div>
  );
}

function AlertRow({ alert, checked, onToggle, onOpen }: { alert: AlertView; checked: boolean; onToggle: () => void; onOpen: () => void }) {
  const href = appPath(alert.url); // only a page of this app is a link (never another site)
  const title = <span className={alert.read ? 'text-slate-700' : 'font-semibold text-slate-900'}>{alert.title}</span>;
  return (
    <li data-testid="alert-row" data-unread={!alert.read || undefined} className="flex items-start gap-3 px-4 py-3">
      <input type="checkbox" className="mt-2" checked={checked} onChange={onToggle} aria-label={`Select: ${alert.title}`} />
      <EventIcon event={alert.event} />
      <div className="min-w-0 flex-1">
        <p className="flex items-baseline gap-2 text-sm">
          {href ? <Link href={href} onClick={onOpen} className="hover:underline">{title}</Link> : title}
          {!alert.read && <span className="rounded bg-indigo-50 px-1.5 text-xs font-medium text-indigo-700">unread</span>}
        </p>
        {alert.description && <p className="truncate text-sm text-slate-500">{alert.description}</p>}
      </div>
      <RelativeTime iso={alert.created} className="shrink-0 text-xs text-slate-400" />
    </li>
  );
}

function hrefOf(query: AlertQuery): string {
  const params = new URLSearchParams();
  if (query.type) params.set('type', query.type);
  if (query.unread !== undefined) params.set('unread', String(query.unread));
  if (query.cursor) params.set('cursor', query.cursor);
  const search = params.toString();
  return search ? `/alerts?${search}` : '/alerts';
}
