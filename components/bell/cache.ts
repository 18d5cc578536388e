// How socket events and the user's own actions change the bell's cached data, as pure functions
// of it: no refetch for what the event itself says. `undefined` data (not loaded yet) stays so.
import type { AlertView } from '@/lib/notifications/alert-view';
import { BELL_SIZE, type AlertPage } from './api';

type Bell = AlertPage | undefined;

/** A new alert goes on top (once, however often it is pushed); the list keeps `size` (BELL_SIZE). */
export function withNewAlert(data: Bell, alert: AlertView, unreadCount: number, size = BELL_SIZE): Bell {
  if (!data) return data;
  if (data.results.some((a) => a.id === alert.id)) return withReplaced(data, alert, unreadCount);
  const results = [alert, ...data.results].sort((a, b) => b.id - a.id);
  if (results.length <= size) return { ...data, results, unread_count: unreadCount };
  // One fell off the page: the next page starts below the last one kept.
  const kept = results.slice(0, size);
  return { ...data, results: kept, next: olderThanCursor(kept.at(-1)!.id), unread_count: unreadCount };
}

/** An alert already shown, updated (a grouped alert: new title, time, count and event ids). */
export function withReplaced(data: Bell, alert: AlertView, unreadCount: number): Bell {
  if (!data) return data;
  return { ...data, results: data.results.map((a) => (a.id === alert.id ? alert : a)), unread_count: unreadCount };
}

/** The API's cursor of the alerts older than this id (lib/notifications/alerts.ts encodeCursor, in the browser). */
export function olderThanCursor(id: number): string {
  return btoa(`a${id}`).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Alerts read here or in another tab; the count follows separately (alerts:count) unless given. */
export function withRead(data: Bell, ids: readonly number[], unreadCount?: number): Bell {
  if (!data) return data;
  const read = new Set(ids);
  const newlyRead = data.results.filter((a) => read.has(a.id) && !a.read).length;
  return {
    ...data,
    results: data.results.map((a) => (read.has(a.id) && !a.read ? { ...a, read: true } : a)),
    unread_count: unreadCount ?? Math.max(0, data.unread_count - newlyRead),
  };
}

/** Alerts marked unread here or in another tab. */
export function withUnread(data: Bell, ids: readonly number[], unreadCount?: number): Bell {
  if (!data) return data;
  const unread = new Set(ids);
  const newlyUnread = data.results.filter((a) => unread.has(a.id) && a.read).length;
  return {
    ...data,
    results: data.results.map((a) => (unread.has(a.id) && a.read ? { ...a, read: false } : a)),
    unread_count: unreadCount ?? data.unread_count + newlyUnread,
  };
}

export function withAllRead(data: Bell): Bell {
  if (!data) return data;
  return { ...data, results: data.results.map((a) => (a.read ? a : { ...a, read: true })), unread_count: 0 };
}

export function withDeleted(data: Bell, ids: readonly number[], unreadCount?: number): Bell {
  if (!data) return data;
  const gone = new Set(ids);
  const unreadGone = data.results.filter((a) => gone.has(a.id) && !a.read).length;
  return {
    ...data,
    results: data.results.filter((a) => !gone.has(a.id)),
    unread_count: unreadCount ?? Math.max(0, data.unread_count - unreadGone),
  };
}

export function withCount(data: Bell, unreadCount: number): Bell {
  return data && { ...data, unread_count: unreadCount };
}

/** Whether deleting these left the bell short of alerts that exist: then it refetches to fill up. */
export function needsRefill(before: Bell, after: Bell): boolean {
  return Boolean(before && after && before.next !== null && after.results.length < before.results.length);
}

/** The badge: exact up to 99. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count);
}

export function bellLabel(count: number | undefined): string {
  if (count === undefined) return 'Notifications';
  return `Notifications, ${count === 0 ? 'no' : count} unread`;
}
