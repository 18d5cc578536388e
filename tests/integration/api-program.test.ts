// A tool scripting a security program over /api/v2: create → read → update → list → delete for
// product types, products, engagements, tests, findings, notes, review requests, risk acceptances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toIsoDate } from '@/lib/domain/sla';
import { startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { addProductMember, makeUser } from '../support/fixtures';

let t: ApiApp;
let admin: ApiClient;
const today = toIsoDate(new Date());

beforeAll(async () => {
  t = await startApiApp();
  admin = t.admin;
});
afterAll(async () => t?.stop());

/** create → read → update → read, checking the fields; returns the created object. */
async function roundTrip(path: string, create: Record<string, unknown>, update: Record<string, unknown>) {
  const created = await admin.post(path, create);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body).toMatchObject(create);
  const read = await admin.get(`${path}/${created.body.id}`);
  expect(read).toMatchObject({ status: 200, body: created.body });
  const updated = await admin.patch(`${path}/${created.body.id}`, update);
  expect(updated.status, JSON.stringify(updated.body)).toBe(200);
  expect(updated.body).toMatchObject({ ...create, ...update, id: created.body.id });
  expect((await admin.get(`${path}/${created.body.id}`)).body).toEqual(updated.body);
  return updated.body;
}

async function expectDeleted(path: string) {
  expect((await admin.delete(path)).status).toBe(204);
  expect((await admin.get(path)).status).toBe(404);
  expect((await admin.delete(path)).status).toBe(404);
}

describe('the program hierarchy', () => {
  it('product type → product → engagement → test → finding, each created, read, updated, listed and deleted', async () => {
    const pt = await roundTrip('/product_types', { name: 'Web', description: 'web apps' }, { description: 'all web apps' });
    const product = await roundTrip(
      '/products',
      { name: 'Shop', description: 'the shop', prod_type: pt.id },
      { description: 'the web shop', sla_high_days: 10 },
    );
    const engagement = await roundTrip(
      '/engagements',
      { name: 'Q1 pentest', product: product.id, target_start: '2026-01-05', target_end: '2026-01-30', status: 'Not Started' },
      { status: 'In Progress', target_end: '2026-02-15' },
    );
    const test = await roundTrip(
      '/tests',
      { engagement: engagement.id, title: 'Baseline', test_type: 'ZAP Scan' },
      { title: 'Baseline scan' },
    );
    const finding = await roundTrip(
      '/findings',
      { test: test.id, title: 'XSS in search', severity: 'High', description: 'reflected', active: true, verified: false },
      { verified: true, title: 'Reflected XSS in search' },
    );
    // The product's own SLA for High (10 days) applies.
    expect(finding.sla_expiration_date).toBe(addDays(today, 10));

    const lists: [string, number][] = [
      [`/products?prod_type=${pt.id}`, product.id],
      [`/engagements?product=${product.id}`, engagement.id],
      [`/tests?engagement=${engagement.id}`, test.id],
      [`/tests?product=${product.id}`, test.id],
      [`/findings?test=${test.id}`, finding.id],
      [`/findings?product=${product.id}&severity=High&active=true&verified=true`, finding.id],
    ];
    for (const [url, id] of lists) {
      const response = await admin.get(url);
      expect(response.status, url).toBe(200);
      expect(
        response.body.results.map((r: { id: number }) => r.id),
        url,
      ).toEqual([id]);
    }
    expect((await admin.get(`/findings?product=${product.id}&verified=false`)).body.count).toBe(0);

    await expectDeleted(`/findings/${finding.id}`);
    await expectDeleted(`/tests/${test.id}`);
    await expectDeleted(`/engagements/${engagement.id}`);
    await expectDeleted(`/products/${product.id}`);
    await expectDeleted(`/product_types/${pt.id}`);
  });

  it('deleting a product type removes everything under it', async () => {
    const pt = (await admin.post('/product_types', { name: 'Doomed' })).body;
    const product = (await admin.post('/products', { name: 'Doomed product', prod_type: pt.id })).body;
    expect((await admin.delete(`/product_types/${pt.id}`)).status).toBe(204);
    expect((await admin.get(`/products/${product.id}`)).status).toBe(404);
  });

  it('names of product types and products are unique (409), in any case', async () => {
    const pt = (await admin.post('/product_types', { name: 'Unique PT' })).body;
    expect(await admin.post('/product_types', { name: 'unique pt' })).toMatchObject({
      status: 409,
      body: { errors: { name: ['A product type with this name already exists.'] } },
    });
    await admin.post('/products', { name: 'Unique product', prod_type: pt.id });
    expect((await admin.post('/products', { name: 'UNIQUE PRODUCT', prod_type: pt.id })).status).toBe(409);
    const other = (await admin.post('/products', { name: 'Other product', prod_type: pt.id })).body;
    expect((await admin.patch(`/products/${other.id}`, { name: 'unique product' })).status).toBe(409);
  });

  it('a referenced parent that does not exist is a 404', async () => {
    expect((await admin.post('/products', { name: 'Orphan', prod_type: 999_999 })).status).toBe(404);
    expect((await admin.post('/engagements', { name: 'e', product: 999_999, target_start: today, target_end: today })).status).toBe(404);
    expect((await admin.post('/tests', { engagement: 999_999, title: 't', test_type: 'x' })).status).toBe(404);
    expect((await admin.post('/findings', { test: 999_999, title: 'f', severity: 'Low' })).status).toBe(404);
  });
});

describe('engagements', () => {
  it('close and reopen, with and without a trailing slash', async () => {
    const pt = (await admin.post('/product_types', { name: 'Closing' })).body;
    const product = (await admin.post('/products', { name: 'Closing product', prod_type: pt.id })).body;
    const engagement = (await admin.post('/engagements', { name: 'e', product: product.id, target_start: today, target_end: today })).body;
    expect(engagement.status).toBe('Not Started');
    expect((await admin.post(`/engagements/${engagement.id}/close`)).body.status).toBe('Completed');
    expect((await admin.post(`/engagements/${engagement.id}/reopen/`)).body.status).toBe('In Progress');
    expect((await admin.get(`/engagements?product=${product.id}&status=In%20Progress`)).body.count).toBe(1);
  });

  it('the end may not come before the start, on create or on update', async () => {
    const pt = (await admin.post('/product_types', { name: 'Dates' })).body;
    const product = (await admin.post('/products', { name: 'Dates product', prod_type: pt.id })).body;
    const bad = await admin.post('/engagements', { name: 'e', product: product.id, target_start: '2026-02-01', target_end: '2026-01-01' });
    expect(bad).toMatchObject({ status: 400, body: { errors: { target_end: [expect.any(String)] } } });
    const engagement = (
      await admin.post('/engagements', { name: 'e', product: product.id, target_start: '2026-02-01', target_end: '2026-03-01' })
    ).body;
    expect((await admin.patch(`/engagements/${engagement.id}`, { target_start: '2026-04-01' })).status).toBe(400);
  });
});

describe('findings, notes, review requests and risk acceptances', () => {
  let product: { id: number };
  let test: { id: number };
  let reader: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    const pt = (await admin.post('/product_types', { name: 'Findings PT' })).body;
    product = (await admin.post('/products', { name: 'Findings product', prod_type: pt.id })).body;
    const engagement = (await admin.post('/engagements', { name: 'e', product: product.id, target_start: today, target_end: today })).body;
    test = (await admin.post('/tests', { engagement: engagement.id, title: 't', test_type: 'Manual' })).body;
    reader = await makeUser();
    await addProductMember(product.id, reader.id, 'Reader');
  });

  it('the SLA date follows the severity and the found-on date', async () => {
    const finding = (await admin.post('/findings', { test: test.id, title: 'f', severity: 'Critical', date: '2026-03-01' })).body;
    expect(finding).toMatchObject({ date: '2026-03-01', sla_expiration_date: '2026-03-08', active: true, verified: false });
    expect((await admin.patch(`/findings/${finding.id}`, { severity: 'Medium' })).body.sla_expiration_date).toBe('2026-05-30');
    expect((await admin.patch(`/findings/${finding.id}`, { date: '2026-04-01' })).body.sla_expiration_date).toBe('2026-06-30');
    expect((await admin.patch(`/findings/${finding.id}`, { severity: 'Info' })).body.sla_expiration_date).toBeNull();
  });

  it('notes: a reader may comment; `@username` of someone who can see the finding is a mention', async () => {
    const finding = (await admin.post('/findings', { test: test.id, title: 'noted', severity: 'Low' })).body;
    const readerApi = t.api.as({ token: await tokenFor(reader.id) });
    const note = await readerApi.post(`/findings/${finding.id}/notes`, { entry: 'Looks real, @admin please check' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ finding: finding.id, author: reader.id, mentions: [t.adminId] });
    const own = await admin.post(`/findings/${finding.id}/notes/`, { entry: `@${reader.username} thanks, and @admin is me` });
    expect(own.body.mentions).toEqual([reader.id]);
    const list = await readerApi.get(`/findings/${finding.id}/notes`);
    expect(list.body).toMatchObject({ count: 2, results: [{ id: note.body.id }, { id: own.body.id }] });
    expect((await admin.post(`/findings/${finding.id}/notes`, { entry: '  ' })).status).toBe(400);
  });

  it('review requests: reviewers must be able to see the finding', async () => {
    const finding = (await admin.post('/findings', { test: test.id, title: 'review me', severity: 'Low' })).body;
    const outsider = await makeUser();
    const refused = await admin.post(`/findings/${finding.id}/request_review`, { reviewers: [reader.id, outsider.id] });
    expect(refused).toMatchObject({ status: 400, body: { errors: { reviewers: [`User ${outsider.id} cannot view this finding.`] } } });
    expect((await admin.post(`/findings/${finding.id}/request_review`, { reviewers: [] })).status).toBe(400);
    const made = await admin.post(`/findings/${finding.id}/request_review/`, { reviewers: [reader.id] });
    expect(made).toMatchObject({ status: 201, body: { finding: finding.id, requested_by: t.adminId, reviewers: [reader.id] } });
    expect((await admin.get(`/findings/${finding.id}/request_review`)).body).toMatchObject({ count: 1, results: [made.body] });
  });

  it('risk acceptances: create, read, update, list, delete; findings must belong to the product', async () => {
    const a = (await admin.post('/findings', { test: test.id, title: 'accept a', severity: 'Low' })).body;
    const b = (await admin.post('/findings', { test: test.id, title: 'accept b', severity: 'Low' })).body;
    const accepted = await roundTrip(
      '/risk_acceptances',
      { name: 'Accept for now', product: product.id, findings: [a.id], expiration_date: '2026-12-31', owner: reader.id },
      { findings: [a.id, b.id], expiration_date: null },
    );
    expect((await admin.get(`/risk_acceptances?product=${product.id}`)).body.results.map((r: { id: number }) => r.id)).toEqual([
      accepted.id,
    ]);

    const pt = (await admin.post('/product_types', { name: 'Elsewhere' })).body;
    const elsewhere = (await admin.post('/products', { name: 'Elsewhere product', prod_type: pt.id })).body;
    const wrong = await admin.post('/risk_acceptances', { name: 'x', product: elsewhere.id, findings: [a.id] });
    expect(wrong).toMatchObject({ status: 400, body: { errors: { findings: [`Finding ${a.id} is not in this product.`] } } });
    const ownerCannotSee = await admin.patch(`/risk_acceptances/${accepted.id}`, { owner: (await makeUser()).id });
    expect(ownerCannotSee.body.errors.owner).toHaveLength(1);
    await expectDeleted(`/risk_acceptances/${accepted.id}`);
  });
});
