'use client';
// One alert in the bell's menu: icon, title, one line of description, relative time; a link to its
// subject when it has one. Selecting it (click, Enter, Space) marks it read and follows the link.

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import Link from 'next/link';
import { appPath } from '@/lib/links/app-path';
import type { AlertView } from '@/lib/realtime/events';
import { EventIcon } from './event-icon';
import { RelativeTime } from './relative-time';

const ITEM = 'flex cursor-pointer gap-3 rounded-md px-3 py-2.5 outline-none data-[highlighted]:bg-slate-100';

export function BellAlertItem({ alert, onActivate }: { alert: AlertView; onActivate: (alert: AlertView) => void }) {
  const content = (
    <>
      <EventIcon event={alert.event} />
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline gap-2">
          <span className={`truncate text-sm ${alert.read ? 'text-slate-700' : 'font-semibold text-slate-900'}`}>{alert.title}</span>
          {!alert.read && (<><span className="sr-only">, unread</span><span aria-hidden className="ml-auto size-2 shrink-0 rounded-full bg-indigo-500" /></>)}
        </span>
        {alert.description && <span className="block truncate text-xs text-slate-500">{alert.description}</span>}
        <RelativeTime iso={alert.created} className="block text-xs text-slate-400" />
      </span>
    </>
  );
  const href = appPath(alert.url); // only a page of this app is a link (never another site)
  return (
    <DropdownMenu.Item asChild onSelect={() => onActivate(alert)} data-testid="bell-alert" data-unread={!alert.read || undefined}>
      {href ? <Link href={href} className={ITEM}>{content}</Link> : <div className={ITEM}>{content}</div>}
    </DropdownMenu.Item>
  );
}
