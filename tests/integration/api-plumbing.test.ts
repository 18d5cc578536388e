// The API's plumbing over real HTTP: how bad input is answered (always a 4xx with field messages,
// never a 500), trailing slashes, pagination, and the OpenAPI document covering every route handler.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIMIT } from '@/lib/api/query';
import { startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { addProductTypeMember, makeProductType, makeUser, type User } from '../support/fixtures';

let t: ApiApp;
let member: User;
let memberApi: ApiClient;

beforeAll(async () => {
  t = await startApiApp();
  member = await makeUser();
  memberApi = t.api.as({ token: await tokenFor(member.id) });
});
afterAll(async () => t?.stop());

describe('malformed input is a 400 with field messages, never a 500', () => {
  it('invalid JSON, a non-JSON content type, a JSON array', async () => {
    const malformed = await t.admin.request('POST', '/product_types', '{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ errors: { non_field_errors: ['Malformed JSON.'] } });
    const form = await t.admin.request('POST', '/product_types', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    expect(form.body.errors.non_field_errors[0]).toMatch(/Content-Type: application\/json/);
    const array = await t.admin.post('/product_types', [{ name: 'x' }]);
    expect(array.status).toBe(400);
    expect(array.body.errors.non_field_errors).toHaveLength(1);
  });

  it('wrong types, missing and blank fields, unknown enum values, NUL characters, bad dates', async () => {
    const pt = await makeProductType();
    const cases: [string, unknown, string[]][] = [
      ['/products', { name: 5, prod_type: 'one' }, ['name', 'prod_type']],
      ['/products', {}, ['name', 'prod_type']],
      ['/products', { name: '   ', prod_type: pt.id }, ['name']],
      ['/products', { name: 'x', prod_type: 1.5 }, ['prod_type']],
      ['/products', { name: 'x', prod_type: 99_999_999_999 }, ['prod_type']],
      ['/products', { name: 'a\u0000b', prod_type: pt.id }, ['name']],
      ['/products', { name: 'x'.repeat(256), prod_type: pt.id }, ['name']],
      ['/engagements', { name: 'e', product: 1, target_start: '2026-02-30', target_end: 'soon' }, ['target_start', 'target_end']],
      [
        '/engagements',
        { name: 'e', product: 1, target_start: '0000-01-01', target_end: '2026-01-01', status: 'Done' },
        ['target_start', 'status'],
      ],
      ['/findings', { test: 1, title: 't', severity: 'Urgent', active: 'yes' }, ['severity', 'active']],
      ['/risk_acceptances', { name: 'r', product: 1, findings: [1, 1] }, ['findings']],
      ['/users', { username: 'bad name!', password: 'short' }, ['username', 'password']],
    ];
    for (const [url, body, fields] of cases) {
      const response = await t.admin.post(url, body);
      expect(response.status, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(Object.keys(response.body.errors).sort(), JSON.stringify(response.body)).toEqual([...fields].sort());
    }
  });

  it('ids in the path must be positive integers PostgreSQL can hold', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '1e3', '2147483648', '99999999999', '%20']) {
      const response = await t.admin.get(`/products/${id}`);
      expect(response.status, id).toBe(400);
      expect(Object.keys(response.body.errors), id).toEqual(['id']);
    }
    expect((await t.admin.get('/products/2147483647')).status).toBe(404);
  });

  it('query parameters are checked too', async () => {
    for (const query of ['limit=abc', 'limit=0', 'limit=-5', 'offset=-1', 'prod_type=x', 'active=maybe', 'severity=Huge', 'name=%00']) {
      const url = query.startsWith('active') || query.startsWith('severity') ? `/findings?${query}` : `/products?${query}`;
      const response = await t.admin.get(url);
      expect(response.status, query).toBe(400);
    }
  });

  it('a limit above the maximum is clamped to it and `next` pages on, as DefectDojo (DRF) answers', async () => {
    const pt = await makeProductType();
    for (let i = 0; i < 3; i++) await t.admin.post('/products', { name: `Clamp ${i}`, prod_type: pt.id });
    const all = await t.admin.get('/products?limit=1000000');
    expect(all.status).toBe(200);
    expect(all.body.results.length).toBe(all.body.count);
    const page = await t.admin.get('/products?limit=2');
    expect(page.body.results).toHaveLength(2);
    const clamped = new URL(page.body.next);
    expect(clamped.searchParams.get('limit')).toBe('2');
    // A request for more than the maximum answers at most the maximum and says where the rest is.
    const over = await t.admin.get(`/products?limit=${MAX_LIMIT + 1000}&offset=0`);
    expect(over.status).toBe(200);
    expect(over.body.results.length).toBeLessThanOrEqual(MAX_LIMIT);
  });

  it('a body over 1 MiB is refused with 413', async () => {
    const response = await t.admin.post('/product_types', { name: 'big', description: 'x'.repeat(1_100_000) });
    expect(response.status).toBe(413);
  });

  it('an empty PATCH changes nothing; an unknown id is a 404 with no detail about it', async () => {
    const pt = await makeProductType();
    const response = await t.admin.request('PATCH', `/product_types/${pt.id}`);
    expect(response.status).toBe(200);
    expect(response.body.name).toBe(pt.name);
    expect(await t.admin.get('/product_types/987654')).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
  });

  it('a method a resource does not have is a 405, not a 500', async () => {
    expect((await t.admin.request('PUT', '/products', {})).status).toBe(405);
    expect((await t.admin.request('PATCH', '/group_members/1', {})).status).toBe(405);
  });
});

describe('trailing slashes', () => {
  it('every verb works with and without the slash, without a redirect', async () => {
    const created = await t.admin.post('/product_types/', { name: 'Slashed' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await t.admin.get(`/product_types/${id}/`)).status).toBe(200);
    expect((await t.admin.get(`/product_types/${id}`)).status).toBe(200);
    expect((await t.admin.patch(`/product_types/${id}/`, { description: 'd' })).body.description).toBe('d');
    expect((await t.admin.get('/product_types/?limit=1')).status).toBe(200);
    expect((await t.admin.delete(`/product_types/${id}/`)).status).toBe(204);
  });

  it('pages still redirect to the URL without the slash', async () => {
    const response = await fetch(`${t.app.url}/profile/`, { redirect: 'manual' });
    expect(response.status).toBe(308);
    expect(new URL(response.headers.get('location')!, t.app.url).pathname).toBe('/profile');
  });
});

describe('pagination', () => {
  it('pages with limit and offset, with absolute next and previous links', async () => {
    const pt = await makeProductType();
    await addProductTypeMember(pt.id, member.id, 'Reader');
    const first = await memberApi.get('/product_types?limit=1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ count: 1, next: null, previous: null });
    expect(first.body.results.map((r: { id: number }) => r.id)).toEqual([pt.id]);

    for (let i = 0; i < 4; i++) await makeProductType(`page-${i}`);
    const total = (await t.admin.get('/product_types')).body.count as number;
    expect(total).toBeGreaterThanOrEqual(5);
    const page1 = await t.admin.get('/product_types?limit=2');
    expect(page1.body.results).toHaveLength(2);
    expect(page1.body.previous).toBeNull();
    const next = new URL(page1.body.next);
    expect(next.origin).toBe(t.app.url);
    expect(Object.fromEntries(next.searchParams)).toEqual({ limit: '2', offset: '2' });
    const page2 = await t.admin.get(`${next.pathname.replace('/api/v2', '')}${next.search}`);
    expect(page2.body.results[0].id).toBeGreaterThan(page1.body.results[1].id);
    expect(Object.fromEntries(new URL(page2.body.previous).searchParams)).toEqual({ limit: '2' });
    const last = await t.admin.get(`/product_types?limit=2&offset=${total - 1}`);
    expect(last.body.results).toHaveLength(1);
    expect(last.body.next).toBeNull();
    const beyond = await t.admin.get(`/product_types?offset=${total + 10}`);
    expect(beyond.body).toMatchObject({ count: total, results: [], next: null });
  });
});

describe('the OpenAPI document', () => {
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

  /** `app/api/v2/products/[id]/route.ts` → `/api/v2/products/{id}` */
  function routeFiles(): { file: string; path: string }[] {
    const root = path.resolve('app/api/v2');
    return fs
      .readdirSync(root, { recursive: true })
      .map(String)
      .filter((f) => path.basename(f) === 'route.ts')
      .map((f) => ({
        file: path.join(root, f),
        path:
          '/api/v2/' +
          path
            .dirname(f)
            .split(path.sep)
            .map((s) => s.replace(/^\[(.+)\]$/, '{$1}'))
            .join('/'),
      }));
  }

  it('is OpenAPI 3.1 and served without credentials', async () => {
    const response = await t.api.get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(response.body.components.securitySchemes.tokenAuth).toBeDefined();
  });

  it('describes every route handler under app/api/v2 and every method it exports, and nothing else', async () => {
    const documented = (await t.api.get('/openapi.json')).body.paths as Record<string, Record<string, unknown>>;
    const served = new Set<string>();
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(30);
    for (const { file, path: route } of files) {
      const routeModule = (await import(file)) as Record<string, unknown>;
      const exported = METHODS.filter((m) => m in routeModule);
      expect(exported.length, file).toBeGreaterThan(0);
      for (const method of exported) {
        const handler = routeModule[method] as { endpoint?: { method: string; path: string } };
        // Made by handle(): the handler validates with the contract the document is generated from.
        expect(handler.endpoint, `${method} ${route}`).toMatchObject({ method: method.toLowerCase(), path: route });
        expect(documented[route]?.[method.toLowerCase()], `${method} ${route} is not documented`).toBeDefined();
        served.add(`${method.toLowerCase()} ${route}`);
      }
    }
    const inDocument = Object.entries(documented).flatMap(([route, ops]) => Object.keys(ops).map((m) => `${m} ${route}`));
    expect(inDocument.sort()).toEqual([...served].sort());
  });

  it('documents the contract field names and never a secret', async () => {
    const schemas = (await t.api.get('/openapi.json')).body.components.schemas;
    expect(Object.keys(schemas.ProductCreate.properties)).toEqual(expect.arrayContaining(['name', 'description', 'prod_type']));
    expect(Object.keys(schemas.Finding.properties)).toEqual(
      expect.arrayContaining(['test', 'title', 'severity', 'description', 'active', 'verified', 'sla_expiration_date']),
    );
    expect(Object.keys(schemas.UserCreate.properties)).toContain('password');
    expect(Object.keys(schemas.User.properties)).not.toContain('password');
    expect(JSON.stringify(schemas)).not.toMatch(/password_hash|passwordHash|token_hash/);
  });
});
