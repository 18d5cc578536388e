// The five endpoints of a resource (list, create, read, update, delete), for contracts to compose.
import 'server-only';
import type { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import { idParams } from '../query';

interface Resource<V extends z.ZodType> {
  /** e.g. `/api/v2/products` */
  path: string;
  tag: string;
  /** e.g. `product`, for summaries. */
  noun: string;
  /** Who may call it, when not everyone: "superusers only", added to every summary. */
  note?: string;
  /** The registered response schema. */
  view: V;
}

/** "an engagement", "a product". */
const withArticle = (noun: string) => `${/^([aeio]|u(?!s))/i.test(noun) ? 'an' : 'a'} ${noun}`; // "a user"
const noted = (r: { note?: string }, summary: string) => (r.note ? `${summary} (${r.note})` : summary);

export function listEndpoint<V extends z.ZodType, F extends z.ZodObject>(r: Resource<V>, filters: F) {
  return defineEndpoint({
    method: 'get',
    path: r.path,
    tag: r.tag,
    summary: noted(r, r.note ? `List the ${r.noun}s` : `List the ${r.noun}s the caller can see`),
    query: filters,
    response: r.view,
    paginated: true,
  });
}

export function createEndpoint<V extends z.ZodType, B extends z.ZodType>(r: Resource<V>, body: B) {
  return defineEndpoint({
    method: 'post',
    path: r.path,
    tag: r.tag,
    summary: noted(r, `Create ${withArticle(r.noun)}`),
    body,
    response: r.view,
    status: 201,
  });
}

export function readEndpoint<V extends z.ZodType>(r: Resource<V>) {
  return defineEndpoint({
    method: 'get',
    path: `${r.path}/{id}`,
    tag: r.tag,
    summary: noted(r, `Read ${withArticle(r.noun)}`),
    params: idParams,
    response: r.view,
  });
}

export function updateEndpoint<V extends z.ZodType, B extends z.ZodType>(r: Resource<V>, body: B) {
  return defineEndpoint({
    method: 'patch',
    path: `${r.path}/{id}`,
    tag: r.tag,
    summary: noted(r, `Change ${withArticle(r.noun)}: only the fields given`),
    params: idParams,
    body,
    response: r.view,
  });
}

export function deleteEndpoint<V extends z.ZodType>(r: Resource<V>) {
  return defineEndpoint({
    method: 'delete',
    path: `${r.path}/{id}`,
    tag: r.tag,
    summary: noted(r, `Delete ${withArticle(r.noun)}`),
    params: idParams,
  });
}
