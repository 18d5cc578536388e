'use client';
// The bell's panel: a non-modal dialog with tabs (Unread, All, Archived) over a list of alerts that
// loads more as it scrolls, "Mark all read", the connection's state when it is not live, and
// "View all". Its scrolling list is itself focusable, so it can be scrolled from the keyboard.

import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { alertKeys, BELL_TABS, bellQuery, fetchAlerts, type BellTab } from './api';
import { BellAlertItem } from './bell-alert-item';
import { Icon } from './event-icon';
import type { BellAction } from './use-bell-actions';
import { POLL_MS, type ConnectionState } from './use-alerts-socket';

/** The findings' severities (lib/db/schema/enums.ts), spelled here to keep the schema out of the browser bundle. */
const SEVERITY_CHOICES = ['Critical', 'High', 'Medium', 'Low', 'Info'] as const;
const TAB_LABEL: Record<BellTab, string> = { unread: 'Unread', all: 'All', archived: 'Archived' };
const PANEL =
  'z-50 rounded-lg border border-slate-200 bg-white p-1 shadow-lg ' +
  'max-sm:fixed max-sm:inset-x-2 max-sm:top-14 sm:absolute sm:right-0 sm:top-full sm:mt-2 sm:w-[24rem]';
const SMALL_BUTTON =
  'rounded-md px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 ' + 'disabled:cursor-default disabled:text-slate-600';
const TAB = '-mb-px border-b-2 px-3 py-1.5 text-sm';
const TAB_SELECTED = 'border-indigo-600 font-semibold text-indigo-800';
const TAB_OTHER = 'border-transparent text-slate-700 hover:text-slate-900';
const VIEW_ALL = 'block rounded-md px-3 py-2 text-center text-sm font-medium text-indigo-700 hover:bg-slate-100';
const FOCUS = 'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-700';

export function useBellTab(tab: BellTab, severity = 'any') {
  return useInfiniteQuery({
    queryKey: alertKeys.bellTab(tab, severity),
    queryFn: ({ pageParam }) => fetchAlerts(bellQuery(tab, severity, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

export function BellPanel({
  id,
  tab,
  onTab,
  severity,
  onSeverity,
  count,
  connection,
  message,
  onAction,
}: {
  id: string;
  tab: BellTab;
  onTab: (tab: BellTab) => void;
  severity: string;
  onSeverity: (severity: string) => void;
  count: number | undefined;
  connection: ConnectionState;
  message: string;
  onAction: (action: BellAction) => void;
}) {
  const tabRefs = useRef<Partial<Record<BellTab, HTMLButtonElement | null>>>({});
  useEffect(() => tabRefs.current[tab]?.focus(), []); // eslint-disable-line react-hooks/exhaustive-deps -- on open only

  // Arrow keys move between the tabs (the WAI-ARIA tabs pattern, selection follows focus).
  const onTabKey = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = BELL_TABS[(BELL_TABS.indexOf(tab) + step + BELL_TABS.length) % BELL_TABS.length]!;
    onTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div id={id} role="dialog" aria-labelledby={`${id}-title`} data-testid="bell-panel" className={PANEL}>
      <div className="flex items-center justify-between gap-2 px-3 py-2">
        <h2 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
          Notifications
        </h2>
        <button
          type="button"
          disabled={!count}
          onClick={() => onAction({ kind: 'read-all', severity: severity === 'any' ? undefined : severity })}
          className={`${SMALL_BUTTON} ${FOCUS}`}
        >
          {severity === 'any' ? 'Mark all read' : `Mark all ${severity} read`}
        </button>
      </div>
      <label className="flex items-center gap-2 px-3 pb-2 text-xs text-slate-700">
        Severity
        <select
          value={severity}
          onChange={(e) => onSeverity(e.target.value)}
          data-testid="bell-severity"
          className={`rounded border border-slate-400 bg-white px-1.5 py-0.5 text-xs ${FOCUS}`}
        >
          <option value="any">Any</option>
          {SEVERITY_CHOICES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <div role="tablist" aria-label="Which notifications" className="flex gap-1 border-b border-slate-200 px-2" onKeyDown={onTabKey}>
        {BELL_TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`${id}-tab-${t}`}
            aria-selected={t === tab}
            aria-controls={`${id}-list`}
            tabIndex={t === tab ? 0 : -1}
            ref={(el) => {
              tabRefs.current[t] = el;
            }}
            onClick={() => onTab(t)}
            className={`${TAB} ${t === tab ? TAB_SELECTED : TAB_OTHER} ${FOCUS}`}
          >
            {TAB_LABEL[t]}
            {t === 'unread' && count ? ` (${count})` : ''}
          </button>
        ))}
      </div>
      <ConnectionNote connection={connection} />
      <TabList id={id} tab={tab} severity={severity} onAction={onAction} />
      <p role="status" className="sr-only" data-testid="bell-action-status">
        {message}
      </p>
      <div className="mt-1 border-t border-slate-200 pt-1">
        <Link href="/alerts" className={`${VIEW_ALL} ${FOCUS}`}>
          View all
        </Link>
      </div>
    </div>
  );
}

function ConnectionNote({ connection }: { connection: ConnectionState }) {
  const text =
    connection === 'polling'
      ? 'Live updates are unavailable (the realtime server cannot be reached): ' +
        `checking for new alerts every ${POLL_MS / 1000} seconds.`
      : connection === 'reconnecting'
        ? 'Reconnecting… new alerts will appear when it is back.'
        : connection === 'refused'
          ? 'Live updates are off: reload the page to sign in again.'
          : null;
  if (!text) return null;
  return (
    <p data-testid="bell-connection" className="mx-3 my-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
      {text}
    </p>
  );
}

function TabList({ id, tab, severity, onAction }: { id: string; tab: BellTab; severity: string; onAction: (action: BellAction) => void }) {
  const query = useBellTab(tab, severity);
  const sentinel = useRef<HTMLLIElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  // Infinite scroll: the last row coming into view loads the next page.
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { root: scroller.current, rootMargin: '80px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, query.data]);

  const alerts = query.data?.pages.flatMap((p) => p.results) ?? [];
  return (
    <div
      ref={scroller}
      id={`${id}-list`}
      role="tabpanel"
      aria-labelledby={`${id}-tab-${tab}`}
      tabIndex={0}
      data-testid="bell-list"
      className={`max-h-[26rem] overflow-y-auto rounded-md ${FOCUS}`}
    >
      {query.isPending ? (
        <p className="px-3 py-6 text-center text-sm text-slate-600">Loading notifications…</p>
      ) : query.isError && !query.data ? (
        <div className="px-3 py-4 text-center text-sm text-slate-700">
          <p>Notifications could not be loaded.</p>
          <button type="button" onClick={() => void query.refetch()} className={`mt-1 text-xs font-medium text-indigo-700 ${FOCUS}`}>
            Try again
          </button>
        </div>
      ) : alerts.length === 0 ? (
        <Empty tab={tab} />
      ) : (
        <ul aria-label={`${TAB_LABEL[tab]} notifications`}>
          {alerts.map((alert) => (
            <BellAlertItem key={alert.id} alert={alert} archived={tab === 'archived'} onAction={onAction} />
          ))}
          {hasNextPage && (
            <li ref={sentinel} className="px-3 py-2 text-center text-xs text-slate-600">
              {isFetchingNextPage ? (
                'Loading more…'
              ) : (
                <button type="button" onClick={() => void fetchNextPage()} className={`text-indigo-700 ${FOCUS}`}>
                  Load more
                </button>
              )}
            </li>
          )}
        </ul>
      )}
    </div>
  );
}

function Empty({ tab }: { tab: BellTab }) {
  const [title, text] =
    tab === 'archived'
      ? ['Nothing archived', 'Archived alerts leave the bell and wait here until you restore them.']
      : tab === 'unread'
        ? ['No unread notifications', 'You have read everything in your inbox.']
        : ['You\u2019re all caught up', 'Alerts about your products, findings and mentions will show up here.'];
  return (
    <div data-testid="bell-empty" className="flex flex-col items-center gap-2 px-6 py-8 text-center">
      <span className="flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-600">
        <Icon name="bell" className="size-5" />
      </span>
      <p className="text-sm font-medium text-slate-800">{title}</p>
      <p className="text-xs text-slate-600">{text}</p>
    </div>
  );
}
