// One place where a change to the user's alerts updates the bell's cached lists (every loaded page
// of every tab): the sidecar's pushes and the user's own actions go through it alike.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { RemovedReason } from '@/lib/realtime/socket-events';
import type { AlertView } from '@/lib/notifications/alert-view';
import { alertKeys, BELL_SIZE, type AlertPage, type BellTab } from './api';
import { needsRefill, withAllRead, withCount, withDeleted, withNewAlert, withRead, withReplaced, withUnread } from './cache';

export type BellChange =
  | { kind: 'new'; alert: AlertView; count: number; back?: 'snooze_ended' | 'unarchived' }
  | { kind: 'read'; ids: number[] }
  | { kind: 'all-read' }
  | { kind: 'unread'; ids: number[] }
  | { kind: 'deleted'; ids: number[] }
  | { kind: 'removed'; ids: number[]; reason: RemovedReason }
  | { kind: 'unarchived'; ids: number[] }
  | { kind: 'count'; count: number };

export type BellData = InfiniteData<AlertPage, string | undefined>;

const TABS: BellTab[] = ['unread', 'all', 'archived'];

/** The change on one tab's pages; `stale` when the tab must refetch (what it lacks cannot be made up). */
function onTab(tab: BellTab, data: BellData, change: BellChange): { data: BellData; stale?: boolean } {
  const pages = (fn: (page: AlertPage, index: number) => AlertPage) => ({
    ...data,
    pages: data.pages.map((p, i) => fn(p, i)),
  });
  const inbox = tab !== 'archived';
  switch (change.kind) {
    case 'new': {
      if (!inbox) return { data: pages((p) => withDeleted(p, [change.alert.id], change.count)!) };
      if (tab === 'unread' && change.alert.read) return { data: pages((p) => withCount(p, change.count)!) };
      // A grouped alert comes again with its id, updated by a newer event: replaced where it is shown.
      if (data.pages.some((p) => p.results.some((a) => a.id === change.alert.id))) {
        return { data: pages((p) => withReplaced(p, change.alert, change.count)!) };
      }
      const size = data.pages.length > 1 ? Infinity : BELL_SIZE;
      return {
        data: pages((p, i) => (i === 0 ? withNewAlert(p, change.alert, change.count, size)! : withCount(p, change.count)!)),
      };
    }
    case 'read':
      return { data: pages((p) => withRead(p, change.ids)!) };
    case 'all-read':
      return { data: pages((p) => withAllRead(p)!) };
    case 'unread': {
      const missing = tab === 'unread' && !data.pages.some((p) => p.results.some((a) => change.ids.includes(a.id)));
      return { data: pages((p) => withUnread(p, change.ids)!), stale: missing };
    }
    case 'deleted': {
      const after = pages((p) => withDeleted(p, change.ids)!);
      return { data: after, stale: needsRefill(data.pages.at(-1), after.pages.at(-1)) };
    }
    case 'removed':
      if (!inbox) return { data, stale: change.reason === 'archived' };
      return { data: pages((p) => withDeleted(p, change.ids)!), stale: data.pages.at(-1)?.next !== null };
    case 'unarchived':
      // The inbox tabs get the restored alerts from the push (alert:new, back: 'unarchived'); a refetch
      // started now could answer before the server has restored them and overwrite the push.
      return inbox ? { data } : { data: pages((p) => withDeleted(p, change.ids)!) };
    case 'count':
      return { data: pages((p) => withCount(p, change.count)!) };
  }
}

export function applyBellChange(queryClient: QueryClient, change: BellChange): void {
  for (const [key, data] of queryClient.getQueriesData<BellData>({ queryKey: alertKeys.bell })) {
    const [, , tab, severity] = key as ReturnType<typeof alertKeys.bellTab>;
    if (!data || !TABS.includes(tab)) continue;
    // A list filtered by severity cannot tell whether a pushed alert belongs: it takes the count and refetches.
    const result =
      change.kind === 'new' && severity !== 'any'
        ? { data: onTab(tab, data, { kind: 'count', count: change.count }).data, stale: true }
        : onTab(tab, data, change);
    queryClient.setQueryData<BellData>(key, result.data);
    if (result.stale) void queryClient.invalidateQueries({ queryKey: key, exact: true });
  }
  // The alerts page, when open, refetches.
  if (change.kind !== 'count') void queryClient.invalidateQueries({ queryKey: alertKeys.pages });
}

/**
 * A change the sidecar pushed: applied like any other, and each bell list whose fetch was in flight
 * fetches again. That fetch (the refetch on connect, a poll) may have read the database before the
 * pushed change committed; its answer, arriving after the push, would overwrite it with the older
 * state until the next change. Not for the user's own actions: the server may not have done them yet.
 */
export function applyPushedChange(queryClient: QueryClient, change: BellChange): void {
  const inFlight = queryClient.getQueryCache().findAll({ queryKey: alertKeys.bell, fetchStatus: 'fetching' });
  applyBellChange(queryClient, change);
  for (const query of inFlight) void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
}

/** The unread count as the bell knows it: the All tab's first page. */
export function unreadCountOf(data: BellData | undefined): number | undefined {
  return data?.pages[0]?.unread_count;
}
