'use client';
// The bell in the top bar: the unread count as a badge and in the tab title, a menu of the latest
// alerts (Radix: Enter/Space open it, arrows move, Escape closes it and returns focus), live
// updates from the realtime sidecar, and a polite live region announcing new alerts.

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useState } from 'react';
import type { AlertView } from '@/lib/realtime/events';
import { alertKeys, BELL_SIZE, fetchAlerts, markAlertsRead, type AlertPage } from './api';
import { BellAlertItem } from './bell-alert-item';
import { badgeText, bellLabel, withAllRead, withCount, withRead } from './cache';
import { Icon } from './event-icon';
import { useAlertsSocket, type RealtimeEndpoint } from './use-alerts-socket';
import { useUnreadTitle } from './use-unread-title';

const MENU_ITEM = 'cursor-pointer rounded-md px-2 py-1 text-xs font-medium text-indigo-600 outline-none data-[disabled]:cursor-default data-[disabled]:text-slate-400 data-[highlighted]:bg-indigo-50';

export function Bell({ realtime }: { realtime: RealtimeEndpoint }) {
  const bell = useQuery({ queryKey: alertKeys.bell, queryFn: () => fetchAlerts({ limit: BELL_SIZE }) });
  const count = bell.data?.unread_count;
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((alert: AlertView) => setAnnouncement(`New notification: ${alert.title}`), []);
  const connection = useAlertsSocket(realtime, announce);
  useUnreadTitle(count);
  const markRead = useMarkRead();

  const activate = (alert: AlertView) => {
    if (!alert.read) markRead.mutate({ ids: [alert.id] });
  };

  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger aria-label={bellLabel(count)} data-testid="bell" data-connection={connection}
          className="relative rounded-full p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400">
          <Icon name="bell" className="size-5" />
          {count ? (
            <span data-testid="bell-badge" aria-hidden
              className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-5 text-white">
              {badgeText(count)}
            </span>
          ) : null}
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={6} aria-label="Notifications"
            className="z-50 w-[min(24rem,calc(100vw-1rem))] rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
            <div className="flex items-center justify-between px-3 py-2">
              <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
              <DropdownMenu.Item disabled={!count} className={MENU_ITEM}
                onSelect={(event) => {
                  event.preventDefault(); // stay open: the user sees them turn read
                  markRead.mutate({ all: true });
                }}>
                Mark all read
              </DropdownMenu.Item>
            </div>
            {connection === 'reconnecting' && (
              <p className="mx-3 mb-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-800">Reconnecting… new alerts will appear when it is back.</p>
            )}
            <BellBody bell={bell} onActivate={activate} />
            <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
            <DropdownMenu.Item asChild className="block cursor-pointer rounded-md px-3 py-2 text-center text-sm font-medium text-indigo-600 outline-none data-[highlighted]:bg-slate-100">
              <Link href="/alerts">View all</Link>
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <div role="status" aria-live="polite" className="sr-only" data-testid="bell-announcer">{announcement}</div>
    </>
  );
}

function BellBody({ bell, onActivate }: { bell: UseQueryResult<AlertPage>; onActivate: (alert: AlertView) => void }) {
  if (bell.isPending) return <p className="px-3 py-6 text-center text-sm text-slate-500">Loading notifications…</p>;
  if (bell.isError && !bell.data) {
    return (
      <div className="px-3 py-4 text-center text-sm text-slate-600">
        <p>Notifications could not be loaded.</p>
        <DropdownMenu.Item className={`${MENU_ITEM} mt-1 inline-block`} onSelect={(event) => {
          event.preventDefault();
          void bell.refetch();
        }}>Try again</DropdownMenu.Item>
      </div>
    );
  }
  if (bell.data.results.length === 0) {
    return (
      <div data-testid="bell-empty" className="flex flex-col items-center gap-2 px-6 py-8 text-center">
        <span className="flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-400"><Icon name="bell" className="size-5" /></span>
        <p className="text-sm font-medium text-slate-800">You&apos;re all caught up</p>
        <p className="text-xs text-slate-500">Alerts about your products, findings and mentions will show up here.</p>
      </div>
    );
  }
  return (
    <div className="max-h-[26rem] overflow-y-auto">
      {bell.data.results.map((alert) => <BellAlertItem key={alert.id} alert={alert} onActivate={onActivate} />)}
    </div>
  );
}

/** Marks alerts read at once in the cache, then takes the server's count. */
function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: markAlertsRead,
    onMutate: async (body) => {
      await queryClient.cancelQueries({ queryKey: alertKeys.bell });
      queryClient.setQueryData<AlertPage>(alertKeys.bell, (data) => ('all' in body ? withAllRead(data) : withRead(data, body.ids)));
    },
    onSuccess: ({ unread_count }) => queryClient.setQueryData<AlertPage>(alertKeys.bell, (data) => withCount(data, unread_count)),
    onError: () => queryClient.invalidateQueries({ queryKey: alertKeys.bell }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.pages }),
  });
}
