// An endpoint's contract: method, path and the zod schemas of its params, query, body and response.
// Defining one registers it in the OpenAPI document; `handle` (./handle.ts) validates requests with
// the very same schemas, so the document cannot drift from what the handlers accept.
import 'server-only';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { pagination } from './query';
import { AUTHENTICATED, errorDetailSchema, registry, validationErrorSchema } from './registry';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface EndpointSpec {
  method: Method;
  /** The OpenAPI path, e.g. `/api/v2/products/{id}`; a trailing slash is also served. */
  path: string;
  summary: string;
  tag: string;
  /** No credentials needed (api-token-auth, the OpenAPI document). */
  public?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the endpoint reads, keyed by their name (matched in any case), e.g. `Idempotency-Key`. */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** Also (or only) takes multipart/form-data with these fields; the handler reads it (lib/api/form-body.ts). */
  form?: z.ZodType;
  /** The body size limit, when an endpoint takes more than the default (a scan's findings). */
  maxBodyBytes?: number;
  /** The response body (one item, or the items of a page); none means 204 No Content. */
  response?: z.ZodType;
  paginated?: boolean;
  status?: 200 | 201 | 202;
}

export type Endpoint<S extends EndpointSpec = EndpointSpec> = S & { querySchema: z.ZodObject };

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

function pageOf(item: z.ZodType) {
  return z.object({
    count: z.number().int(),
    next: z.string().nullable().meta({ description: 'Absolute URL of the next page.' }),
    previous: z.string().nullable().meta({ description: 'Absolute URL of the previous page.' }),
    results: z.array(item),
  });
}

function bodyContent(spec: EndpointSpec) {
  return { ...(spec.body && json(spec.body)), ...(spec.form && { 'multipart/form-data': { schema: spec.form } }) };
}

function openApiRoute(spec: EndpointSpec, querySchema: z.ZodObject): RouteConfig {
  const errors: RouteConfig['responses'] = {
    400: { description: 'Malformed input', content: json(validationErrorSchema) },
  };
  if (!spec.public) {
    errors[401] = { description: 'No or bad credentials', content: json(errorDetailSchema) };
    errors[403] = { description: 'Visible, but the action is not allowed', content: json(errorDetailSchema) };
    errors[404] = { description: 'Does not exist, or the caller cannot see it', content: json(errorDetailSchema) };
  }
  if (spec.method === 'post' || spec.method === 'put' || spec.method === 'patch')
    errors[409] = { description: 'Conflicts with an existing object', content: json(validationErrorSchema) };
  const success: RouteConfig['responses'] = spec.response
    ? { [spec.status ?? 200]: { description: 'Success', content: json(spec.paginated ? pageOf(spec.response) : spec.response) } }
    : { 204: { description: 'Done' } };
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tags: [spec.tag],
    security: spec.public ? [] : AUTHENTICATED,
    request: {
      params: spec.params,
      query: Object.keys(querySchema.shape).length ? querySchema : undefined,
      headers: spec.headers,
      body: spec.body || spec.form ? { content: bodyContent(spec), required: true } : undefined,
    },
    responses: { ...success, ...errors },
  };
}

export function defineEndpoint<const S extends EndpointSpec>(spec: S): Endpoint<S> {
  const base = spec.query ?? z.object({});
  const querySchema = spec.paginated ? base.extend(pagination.shape) : base;
  registry.registerPath(openApiRoute(spec, querySchema));
  return { ...spec, querySchema };
}
