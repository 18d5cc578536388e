// The alerts API as the browser calls it (same origin, the session cookie), and the query keys of
// the data it returns. Plain functions: the bell and the alerts page share them.
import type { AlertPage, UnreadCount } from '@/lib/notifications/alerts';

export type { AlertPage };

/** How many alerts the bell loads at a time (it loads more as its list scrolls). */
export const BELL_SIZE = 10;

/** The bell's tabs: Unread, All (the inbox: neither archived nor snoozed), Archived. */
export type BellTab = 'unread' | 'all' | 'archived';
export const BELL_TABS: readonly BellTab[] = ['unread', 'all', 'archived'];

export interface AlertQuery {
  unread?: boolean;
  archived?: boolean;
  snoozed?: boolean;
  type?: string;
  product?: number;
  severity?: string;
  cursor?: string;
  limit: number;
}

export const alertKeys = {
  all: ['alerts'] as const,
  /** The bell's lists, one infinite query per tab; the All tab's first page carries the unread count. */
  bell: ['alerts', 'bell'] as const,
  /** One tab's list, with the severity the panel filters by ('any': none). */
  bellTab: (tab: BellTab, severity = 'any') => ['alerts', 'bell', tab, severity] as const,
  pages: ['alerts', 'page'] as const,
  page: (query: AlertQuery) => ['alerts', 'page', query] as const,
};

/** The API query of a bell tab. */
export function bellQuery(tab: BellTab, severity: string, cursor?: string): AlertQuery {
  return {
    limit: BELL_SIZE,
    cursor,
    unread: tab === 'unread' ? true : undefined,
    archived: tab === 'archived' ? true : undefined,
    severity: severity === 'any' ? undefined : severity,
  };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/v2${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new ApiError(response.status, `${method} ${path}: ${response.status}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

export function fetchAlerts(query: AlertQuery): Promise<AlertPage> {
  const params = new URLSearchParams({ limit: String(query.limit) });
  for (const key of ['unread', 'archived', 'snoozed', 'type', 'product', 'severity', 'cursor'] as const) {
    if (query[key] !== undefined && query[key] !== '') params.set(key, String(query[key]));
  }
  return call('GET', `/alerts?${params}`);
}

/** The filters "mark all read" can follow (those of the alerts page). */
export interface ReadFilter {
  type?: string;
  product?: number;
  severity?: string;
  archived?: boolean;
}

export const markAlertsRead = (body: { ids: number[] } | ({ all: true } & ReadFilter)) => call<UnreadCount>('POST', '/alerts/read', body);
export const markAlertsUnread = (ids: number[]) => call<UnreadCount>('POST', '/alerts/unread', { ids });
export const archiveAlerts = (ids: number[]) => call<UnreadCount>('POST', '/alerts/archive', { ids });
export const unarchiveAlerts = (ids: number[]) => call<UnreadCount>('POST', '/alerts/unarchive', { ids });
export const snoozeAlerts = (ids: number[], until: Date) =>
  call<UnreadCount>('POST', '/alerts/snooze', { ids, until: until.toISOString() });
export const deleteAlerts = (ids: number[]) => call<UnreadCount>('POST', '/alerts/delete', { ids });
export const clearAlerts = () => call<null>('DELETE', '/alerts');
/** Mutes the product for the caller (DESIGN §4b.2): nothing more about it, but mentions and required events. */
export const muteProduct = (productId: number) => call<{ id: number }>('POST', '/mutes', { product: productId });
