// Crafted input on every route of the OpenAPI document (generated from it, not listed by hand): a
// NUL character in each string field or query parameter, keys that name Object.prototype members,
// bodies that are not objects, methods no route has (TRACE). Each is a 4xx with field messages where
// fields are concerned, never a 500.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiApp, type ApiApp } from '../support/api';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
};
interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Route {
  method: string;
  path: string;
  url: string;
  op: Operation;
  body: Schema | null;
}

let t: ApiApp;
let routes: Route[] = [];
let components: Record<string, Schema> = {};

beforeAll(async () => {
  t = await startApiApp();
  const doc = (await t.api.get('/openapi.json')).body as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  components = doc.components.schemas;
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      op,
      url: `${t.app.url}${path.replace(/\{[^}]+\}/g, '1')}`,
      body: op.requestBody?.content['application/json']?.schema ?? null,
    })),
  );
}, 120_000);
afterAll(async () => t?.stop());

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = components[s.$ref.replace('#/components/schemas/', '')]!;
  const all = s.allOf?.map(resolve);
  if (all) return { ...s, properties: Object.assign({}, ...all.map((a) => a.properties ?? {}), s.properties) };
  return s;
}

const types = (schema: Schema): string[] => {
  const s = resolve(schema);
  return [s.type ?? [], ...(s.anyOf ?? s.oneOf ?? []).map(types)].flat(2) as string[];
};
const isString = (schema: Schema) => types(schema).includes('string');
const isStringArray = (schema: Schema) => {
  const s = resolve(schema);
  const variants = [s, ...(s.anyOf ?? s.oneOf ?? []).map(resolve)];
  return variants.some((v) => v.type === 'array' && v.items !== undefined && isString(v.items));
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function send(method: string, url: string, body?: string): Promise<{ status: number; json: any }> {
  return new Promise((done, fail) => {
    const headers: Record<string, string> = { authorization: `Token ${(t.admin.auth as { token: string }).token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const request = http.request(url, { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        done({ status: response.statusCode!, json });
      });
    });
    request.on('error', fail);
    request.end(body);
  });
}

const withBody = () => routes.filter((r) => r.body !== null);

describe('generated from the OpenAPI document', () => {
  it('covers the routes (the document is not empty)', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(withBody().length).toBeGreaterThan(20);
  });

  it('TRACE (and other methods no route has) on every path is a 405', async () => {
    for (const path of new Set(routes.map((r) => r.url))) {
      for (const method of ['TRACE', 'PROPFIND']) expect((await send(method, path)).status, `${method} ${path}`).toBe(405);
    }
  });

  it('a NUL character in any string field of any body is a 400 naming that field', async () => {
    let fields = 0;
    for (const route of withBody()) {
      const properties = resolve(route.body!).properties ?? {};
      const body: Record<string, unknown> = {};
      const expected: string[] = [];
      for (const [name, schema] of Object.entries(properties)) {
        if (isString(schema)) {
          body[name] = 'x\u0000y';
          expected.push(name);
        } else if (isStringArray(schema)) {
          body[name] = ['x\u0000y'];
          expected.push(`${name}.0`);
        }
      }
      if (expected.length === 0) continue;
      fields += expected.length;
      const response = await send(route.method, route.url, JSON.stringify(body));
      expect(response.status, `${route.method} ${route.path} ${JSON.stringify(response.json)}`).toBe(400);
      expect(Object.keys(response.json.errors), `${route.method} ${route.path}`).toEqual(expect.arrayContaining(expected));
    }
    expect(fields).toBeGreaterThan(30);
  });

  it('a NUL character in any query parameter is a 400', async () => {
    for (const route of routes) {
      for (const parameter of route.op.parameters ?? []) {
        if (parameter.in !== 'query' || !parameter.schema || !isString(parameter.schema)) continue;
        const response = await send(route.method, `${route.url}?${parameter.name}=a%00b`, route.body ? '{}' : undefined);
        expect(response.status, `${route.method} ${route.path}?${parameter.name}`).toBe(400);
      }
    }
  });

  it('body keys named like Object.prototype members are never a 500, and settings refuse them as unknown', async () => {
    for (const route of withBody()) {
      for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        const response = await send(route.method, route.url, `{"${key}": ["alert"]}`);
        expect(response.status, `${route.method} ${route.path} ${key}`).toBeLessThan(500);
        // zod drops a `__proto__` key before anything reads it; the others are named as unknown events.
        if (route.path.startsWith('/api/v2/notifications/') && route.method !== 'POST' && key !== '__proto__') {
          expect(response.status, `${route.method} ${route.path} ${key}`).toBe(400);
          expect(response.json.errors[key], `${route.method} ${route.path} ${key}`).toEqual(['Unknown event.']);
        }
      }
    }
  });

  it('a body that is not an object (array, string, number, null) is a 400 wherever an object is expected', async () => {
    for (const route of withBody()) {
      if (resolve(route.body!).type !== 'object') continue;
      for (const body of ['[]', '[{}]', '"text"', '1', 'null', 'true']) {
        const response = await send(route.method, route.url, body);
        expect(response.status, `${route.method} ${route.path} ${body}`).toBe(400);
        expect(response.json.errors, `${route.method} ${route.path} ${body}`).toBeDefined();
      }
    }
  });

  it('a path id with a NUL character is a 400', async () => {
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      const url = `${t.app.url}${route.path.replace(/\{[^}]+\}/g, '%00')}`;
      const response = await send(route.method, url, route.body ? '{}' : undefined);
      expect(response.status, `${route.method} ${route.path}`).toBe(400);
    }
  });
});
