// The alerts API as the browser calls it (same origin, the session cookie), and the query keys of
// the data it returns. Plain functions: the bell and the alerts page share them.
import type { AlertPage, UnreadCount } from '@/lib/notifications/alerts';

export type { AlertPage };

/** How many alerts the bell shows. */
export const BELL_SIZE = 10;

export interface AlertQuery {
  unread?: boolean;
  type?: string;
  cursor?: string;
  limit: number;
}

export const alertKeys = {
  all: ['alerts'] as const,
  /** The bell: the latest BELL_SIZE alerts and the unread count, from one request. */
  bell: ['alerts', 'bell'] as const,
  pages: ['alerts', 'page'] as const,
  page: (query: AlertQuery) => ['alerts', 'page', query] as const,
};

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
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
  if (query.unread !== undefined) params.set('unread', String(query.unread));
  if (query.type) params.set('type', query.type);
  if (query.cursor) params.set('cursor', query.cursor);
  return call('GET', `/alerts?${params}`);
}

export const markAlertsRead = (body: { ids: number[] } | { all: true }) => call<UnreadCount>('POST', '/alerts/read', body);
export const deleteAlerts = (ids: number[]) => call<UnreadCount>('POST', '/alerts/delete', { ids });
export const clearAlerts = () => call<null>('DELETE', '/alerts');
