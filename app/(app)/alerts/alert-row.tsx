'use client';
// One row of the alerts page: select box, icon, title (its link marks it read), the unread pill,
// description, product, time, and its own actions (read or unread, archive or restore, snooze).
// The row itself is focusable for the page's j/k shortcuts.

import Link from 'next/link';
import { SnoozeMenu } from '@/components/bell/alert-item-menus';
import { EventIcon, Icon } from '@/components/bell/event-icon';
import { RelativeTime } from '@/components/bell/relative-time';
import { appPath } from '@/lib/links/app-path';
import type { AlertView } from '@/lib/notifications/alert-view';

const ACTION =
  'rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-700';

const ROW =
  'flex flex-wrap items-start gap-x-3 gap-y-2 px-4 py-3 sm:flex-nowrap ' +
  'focus:outline-2 focus:-outline-offset-2 focus:outline-indigo-700';

export interface RowActions {
  toggleRead: (alert: AlertView) => void;
  toggleArchive: (alert: AlertView) => void;
  snooze: (alert: AlertView, until: Date) => void;
  open: (alert: AlertView) => void;
}

export function AlertRow({
  alert,
  checked,
  onToggle,
  actions,
}: {
  alert: AlertView;
  checked: boolean;
  onToggle: () => void;
  actions: RowActions;
}) {
  const href = appPath(alert.url); // only a page of this app is a link (never another site)
  const title = <span className={alert.read ? 'text-slate-700' : 'font-semibold text-slate-900'}>{alert.title}</span>;
  return (
    <li
      data-testid="alert-row"
      data-alert-id={alert.id}
      data-unread={!alert.read || undefined}
      tabIndex={-1}
      aria-label={`${alert.title}${alert.read ? '' : ', unread'}`}
      className={ROW}
    >
      <input type="checkbox" className="mt-2" checked={checked} onChange={onToggle} aria-label={`Select: ${alert.title}`} />
      <EventIcon event={alert.event} />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm">
          <span className="min-w-0 break-words">
            {href ? (
              <Link href={href} onClick={() => actions.open(alert)} className="hover:underline">
                {title}
              </Link>
            ) : (
              title
            )}
          </span>
          {!alert.read && <span className="shrink-0 rounded bg-indigo-50 px-1.5 text-xs font-medium text-indigo-800">unread</span>}
        </p>
        {alert.description && (
          <p className="truncate text-sm text-slate-600" title={alert.description}>
            {alert.description}
          </p>
        )}
        <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-600">
          <RelativeTime iso={alert.created} />
          {alert.product && <span>{alert.product.name}</span>}
          {alert.snoozed_until && (
            <span>
              Snoozed until <RelativeTime iso={alert.snoozed_until} />
            </span>
          )}
        </p>
      </div>
      <div className="relative flex shrink-0 items-center gap-1">
        <button
          type="button"
          className={ACTION}
          onClick={() => actions.toggleRead(alert)}
          aria-label={`${alert.read ? 'Mark as unread' : 'Mark as read'}: ${alert.title}`}
        >
          {alert.read ? 'Mark as unread' : 'Mark as read'}
        </button>
        <button
          type="button"
          className={ACTION}
          onClick={() => actions.toggleArchive(alert)}
          aria-label={`${alert.archived ? 'Restore' : 'Archive'}: ${alert.title}`}
        >
          {alert.archived ? 'Restore' : 'Archive'}
        </button>
        {!alert.archived && <SnoozeMenu alert={alert} icon={<Icon name="clock" />} onSnooze={(until) => actions.snooze(alert, until)} />}
      </div>
    </li>
  );
}
