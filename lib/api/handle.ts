// The one wrapper for API route handlers: authenticate → parse params, query and body with the
// endpoint's zod schemas → call one lib function → map its Result to a response. Nothing a client
// sends can produce a 500; anything unexpected is logged with its context and answered briefly.
import 'server-only';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import type { Caller } from '../auth/api-tokens';
import { db, type Db } from '../db/client';
import type { Page, PageRequest } from '../domain/pagination';
import { invalid, type Result } from '../core/result';
import { nulCharacterErrors, parseWith } from '../core/validation';
import { observeRequests } from '../metrics/web';
import { authenticateRequest, clientAddress, isCrossSite } from './authenticate';
import { readJsonBody } from './body';
import { isMultipart } from './form-body';
import type { Endpoint, EndpointSpec } from './endpoint';
import { DEFAULT_LIMIT, queryObject } from './query';
import { errorResponse, internalError, json, pageBody, publicUrl } from './respond';
import { loggable } from '../db/error-text';

type Parsed<S, K extends keyof EndpointSpec> = K extends keyof S ? (S[K] extends z.ZodType ? z.output<S[K]> : undefined) : undefined;

export interface HandlerContext<S extends EndpointSpec> {
  request: NextRequest;
  db: Db;
  /** The authenticated user; for public endpoints, null. */
  caller: S['public'] extends true ? null : Caller;
  params: Parsed<S, 'params'>;
  query: Parsed<S, 'query'>;
  headers: Parsed<S, 'headers'>;
  body: Parsed<S, 'body'>;
  /** `?limit=&offset=` for paginated endpoints. */
  page: PageRequest;
}

type Item<S extends EndpointSpec> = S['response'] extends z.ZodType ? z.input<S['response']> : null;
export type HandlerValue<S extends EndpointSpec> = S['paginated'] extends true ? Page<Item<S>> : Item<S>;

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type RouteHandler = ((request: NextRequest, context: RouteContext) => Promise<Response>) & { endpoint: Endpoint };

export function handle<S extends EndpointSpec>(
  endpoint: Endpoint<S>,
  run: (context: HandlerContext<S>) => Promise<Result<HandlerValue<S>>>,
): RouteHandler {
  const handler = async (request: NextRequest, context: RouteContext): Promise<Response> => {
    let callerId: number | undefined;
    try {
      const database = db();
      const url = publicUrl(request);
      let caller: Caller | null = null;
      if (!endpoint.public) {
        const auth = await authenticateRequest(database, request);
        if (!auth.ok) return errorResponse({ status: 401, detail: auth.detail });
        if (auth.via === 'session' && endpoint.method !== 'get' && isCrossSite(request, url.host)) {
          return errorResponse({ status: 403, detail: 'Cross-site request refused.' });
        }
        caller = { ...auth.caller, clientAddress: clientAddress(request) };
        callerId = caller.id;
      }

      // Routes without dynamic segments get no params at all.
      const params = parseWith(endpoint.params ?? z.object({}), (await context?.params) ?? {});
      if (!params.ok) return errorResponse(params);
      const rawQuery = queryObject(url);
      const nulInQuery = nulCharacterErrors(rawQuery);
      if (nulInQuery) return errorResponse(invalid(nulInQuery));
      const query = parseWith(endpoint.querySchema, rawQuery);
      if (!query.ok) return errorResponse(query);
      let headers: unknown;
      if (endpoint.headers) {
        const given = Object.fromEntries(Object.keys(endpoint.headers.shape).map((name) => [name, request.headers.get(name) ?? undefined]));
        const parsed = parseWith(endpoint.headers, given);
        if (!parsed.ok) return errorResponse(parsed);
        headers = parsed.value;
      }
      let body: unknown;
      // A multipart body is the handler's to read (endpoint.form): leave the stream unread.
      if (endpoint.body && !(endpoint.form && isMultipart(request))) {
        const raw = await readJsonBody(request, endpoint.maxBodyBytes);
        if (!raw.ok) return errorResponse(raw);
        const nul = nulCharacterErrors(raw.value);
        if (nul) return errorResponse(invalid(nul));
        const parsed = parseWith(endpoint.body, raw.value);
        if (!parsed.ok) return errorResponse(parsed);
        body = parsed.value;
      }
      const { limit, offset } = query.value as { limit?: number; offset?: number };
      const page = { limit: limit ?? DEFAULT_LIMIT, offset: offset ?? 0 };

      const result = await run({
        request,
        db: database,
        caller,
        params: params.value,
        query: query.value,
        headers,
        body,
        page,
      } as HandlerContext<S>);
      if (!result.ok) return errorResponse(result);
      return respond(endpoint, result.value, url, page);
    } catch (error) {
      console.error(`[api] ${endpoint.method.toUpperCase()} ${endpoint.path} failed (caller ${callerId ?? 'anonymous'}):`, loggable(error));
      return internalError();
    }
  };
  return Object.assign(observeRequests(endpoint.method, endpoint.path, handler), { endpoint: endpoint as Endpoint });
}

/** Success: the body passes through the response schema, so only declared fields ever leave. */
function respond(endpoint: Endpoint, value: unknown, url: URL, page: PageRequest): Response {
  if (!endpoint.response) return new Response(null, { status: 204 });
  if (endpoint.paginated) {
    const items = value as Page<unknown>;
    const results = items.results.map((item) => endpoint.response!.parse(item));
    return json(pageBody(url, { count: items.count, results }, page));
  }
  return json(endpoint.response.parse(value), endpoint.status ?? 200);
}
