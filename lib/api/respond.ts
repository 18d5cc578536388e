// Turning results into HTTP responses: JSON bodies, DefectDojo's page envelope with absolute links,
// and the error shapes (`{errors: {field: [message]}}` for input, `{detail}` for the rest).
import 'server-only';
import type { Page, PageRequest } from '../domain/pagination';
import type { FieldErrors } from '../core/result';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

export function errorResponse(failure: { status: number; errors?: FieldErrors; detail?: string }): Response {
  const headers: Record<string, string> = failure.status === 401 ? { 'www-authenticate': 'Token' } : {};
  // A 413 comes before the body was read: close the connection, or its unread rest would be taken
  // for the client's next request on it (and a client told 413 early may stop sending it at all).
  if (failure.status === 413) headers.connection = 'close';
  if (failure.errors) return json({ errors: failure.errors }, failure.status, headers);
  return json({ detail: failure.detail ?? 'Error.' }, failure.status, headers);
}

export function internalError(): Response {
  return json({ detail: 'Internal error' }, 500);
}

/**
 * The URL the client used, for absolute links: Next builds `request.url` from its own bind address,
 * so take the host (and scheme, behind a proxy) from the request's headers, as Django does.
 */
export function publicUrl(request: Request): URL {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (host) url.host = host.split(',')[0]!.trim();
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`;
  return url;
}

function pageLink(url: URL, limit: number, offset: number): string {
  const link = new URL(url);
  link.searchParams.set('limit', String(limit));
  if (offset > 0) link.searchParams.set('offset', String(offset));
  else link.searchParams.delete('offset');
  return link.toString();
}

export function pageBody<T>(url: URL, page: Page<T>, request: PageRequest) {
  const { limit, offset } = request;
  return {
    count: page.count,
    next: offset + limit < page.count ? pageLink(url, limit, offset + limit) : null,
    previous: offset > 0 ? pageLink(url, limit, Math.max(0, offset - limit)) : null,
    results: page.results,
  };
}
