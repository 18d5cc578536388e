'use client';
// One alert in the bell's list: icon, title (in full on hover when it is cut), one line of
// description, relative time; its subject's link, which also marks it read. Its actions show on
// hover and on keyboard focus: mark read or unread, archive (restore in the Archived tab), snooze,
// and more (delete, its notification settings).

import Link from 'next/link';
import { SeverityBadge } from '@/components/severity-badge';
import { appPath } from '@/lib/links/app-path';
import type { AlertView } from '@/lib/notifications/alert-view';
import { MoreMenu, SnoozeMenu, ICON_BUTTON } from './alert-item-menus';
import { Icon, EventIcon } from './event-icon';
import { RelativeTime } from './relative-time';
import type { BellAction } from './use-bell-actions';

const TITLE_LINK =
  'block truncate rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 ' + 'focus-visible:outline-indigo-700';

/** Shown on hover and keyboard focus; always on touch screens, which have no hover. */
const ACTIONS =
  'flex shrink-0 items-start opacity-0 ' + 'group-hover:opacity-100 group-focus-within:opacity-100 [@media(hover:none)]:opacity-100';

export function BellAlertItem({
  alert,
  archived,
  onAction,
}: {
  alert: AlertView;
  archived: boolean;
  onAction: (action: BellAction) => void;
}) {
  const titleClass = alert.read ? 'text-slate-700' : 'font-semibold text-slate-900';
  const href = appPath(alert.url); // only a page of this app is a link (never another site)
  const title = href ? (
    <Link
      href={href}
      title={alert.title}
      className={`${TITLE_LINK} ${titleClass}`}
      onClick={() => !alert.read && onAction({ kind: 'read', alert })}
    >
      {alert.title}
    </Link>
  ) : (
    <span title={alert.title} className={`block truncate ${titleClass}`}>
      {alert.title}
    </span>
  );
  return (
    <li
      data-testid="bell-alert"
      data-unread={!alert.read || undefined}
      className="group relative flex gap-3 rounded-md px-3 py-2.5 hover:bg-slate-50 focus-within:bg-slate-50"
    >
      <EventIcon event={alert.event} />
      <div className="min-w-0 flex-1 text-sm">
        <div className="flex items-center gap-2">
          <div className="min-w-0 flex-1">{title}</div>
          {!alert.read && (
            <>
              <span className="sr-only">, unread</span>
              <span aria-hidden className="size-2 shrink-0 rounded-full bg-indigo-600" />
            </>
          )}
        </div>
        {alert.description && (
          <p title={alert.description} className="truncate text-xs text-slate-600">
            {alert.description}
          </p>
        )}
        <p className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs text-slate-600">
          {alert.severity && <SeverityBadge severity={alert.severity} />}
          {alert.count > 1 && <span data-testid="bell-alert-count">{alert.count} events</span>}
          <RelativeTime iso={alert.created} />
        </p>
        <p className="text-xs text-slate-600" data-testid="bell-alert-reason">
          Because:{' '}
          <Link href={alert.settings_url} className="underline hover:text-slate-900">
            {alert.reason_label}
          </Link>
        </p>
      </div>
      <div data-testid="bell-alert-actions" className={ACTIONS}>
        <button
          type="button"
          className={ICON_BUTTON}
          aria-label={`${alert.read ? 'Mark as unread' : 'Mark as read'}: ${alert.title}`}
          title={alert.read ? 'Mark as unread' : 'Mark as read'}
          onClick={() => onAction({ kind: alert.read ? 'unread' : 'read', alert })}
        >
          <Icon name={alert.read ? 'dot' : 'check'} />
        </button>
        <button
          type="button"
          className={ICON_BUTTON}
          aria-label={`${archived ? 'Restore' : 'Archive'}: ${alert.title}`}
          title={archived ? 'Restore' : 'Archive'}
          onClick={() => onAction({ kind: archived ? 'unarchive' : 'archive', alert })}
        >
          <Icon name={archived ? 'restore' : 'archive'} />
        </button>
        {!archived && (
          <SnoozeMenu alert={alert} icon={<Icon name="clock" />} onSnooze={(until) => onAction({ kind: 'snooze', alert, until })} />
        )}
        <MoreMenu
          alert={alert}
          icon={<Icon name="more" />}
          onDelete={() => onAction({ kind: 'delete', alert })}
          onMute={() => onAction({ kind: 'mute', alert })}
        />
      </div>
    </li>
  );
}
