// POST /api/v2/import-scan over real HTTP: matching by title and severity (created, reactivated,
// closed, untouched), SLA dates, the scan event with its counts, permissions and input limits.
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { findings, notificationEvents, products } from '@/lib/db/schema';
import { addDays, toIsoDate } from '@/lib/domain/sla';
import { startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { addProductMember, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';
import { alertedUserIds } from '../support/notifications';

let t: ApiApp;
let admin: ApiClient;
let importer: User;
let asImporter: ApiClient;
let asReader: ApiClient;
let asOutsider: ApiClient;
let member: User;
const today = toIsoDate(new Date());

beforeAll(async () => {
  t = await startApiApp();
  admin = t.admin;
  importer = await makeUser({ username: 'importer' });
  member = await makeUser({ username: 'member' });
  asImporter = t.api.as({ token: await tokenFor(importer.id) });
  asReader = t.api.as({ token: await tokenFor((await makeUser({ username: 'reader' })).id) });
  asOutsider = t.api.as({ token: await tokenFor((await makeUser({ username: 'outsider' })).id) });
});
afterAll(async () => t?.stop());

/** A product (High SLA 10 days) with an empty test; the importer is its API Importer, `member` a Reader. */
async function emptyTest() {
  const p = await makeProgram((await makeProductType()).id);
  await db().update(products).set({ slaHighDays: 10 }).where(eq(products.id, p.product.id));
  await db().delete(findings).where(eq(findings.testId, p.test.id));
  await addProductMember(p.product.id, importer.id, 'API Importer');
  await addProductMember(p.product.id, member.id, 'Reader');
  return p;
}

const scan = (test: number, list: { title: string; severity: string; description?: string }[]) => ({ test, findings: list });

async function findingsOf(testId: number) {
  return db()
    .select()
    .from(findings)
    .where(eq(findings.testId, testId))
    .orderBy(asc(findings.title), asc(findings.severity), asc(findings.id));
}

async function lastEventOf(testId: number) {
  const [event] = await db()
    .select()
    .from(notificationEvents)
    .where(eq(notificationEvents.testId, testId))
    .orderBy(sql`id desc`)
    .limit(1);
  return event;
}

describe('importing a scan', () => {
  it("into an empty test: creates each finding with today's date and its SLA due date, and notifies scan_added", async () => {
    const p = await emptyTest();
    const response = await asImporter.post(
      '/import-scan',
      scan(p.test.id, [
        { title: 'SQL injection', severity: 'High', description: 'in /search' },
        { title: 'Verbose errors', severity: 'Info' },
      ]),
    );
    expect(response).toMatchObject({ status: 201, body: { created: 2, reactivated: 0, closed: 0, untouched: 0 } });
    const [sqli, verbose] = (await findingsOf(p.test.id)).sort((a, b) => a.title.localeCompare(b.title));
    expect(sqli).toMatchObject({
      title: 'SQL injection',
      severity: 'High',
      description: 'in /search',
      active: true,
      date: today,
      slaExpirationDate: addDays(today, 10),
      reporterId: importer.id,
    });
    expect(verbose).toMatchObject({ title: 'Verbose errors', severity: 'Info', description: '', slaExpirationDate: null });

    const event = await lastEventOf(p.test.id);
    expect(event).toMatchObject({
      type: 'scan_added',
      title: `Scan imported into ${p.test.title}`,
      description: `2 new findings, 0 reactivated, 0 closed, on ${p.product.name}.`,
      url: `/tests/${p.test.id}`,
      testId: p.test.id,
      productId: p.product.id,
      actorId: importer.id,
    });
    expect(await alertedUserIds(event!.id)).toEqual(expect.arrayContaining([importer.id, member.id]));
  });

  it('a re-import matches by title and severity: new ones created, closed ones reactivated, missing ones closed, the rest untouched', async () => {
    const p = await emptyTest();
    await asImporter.post(
      '/import-scan',
      scan(p.test.id, [
        { title: 'Kept', severity: 'High' },
        { title: 'Fixed', severity: 'Medium' },
        { title: 'Came back', severity: 'Low' },
      ]),
    );
    await asImporter.post(
      '/import-scan',
      scan(p.test.id, [
        { title: 'Kept', severity: 'High' },
        { title: 'Fixed', severity: 'Medium' },
      ]),
    );
    const [cameBack] = (await findingsOf(p.test.id)).filter((f) => f.title === 'Came back');
    expect(cameBack?.active).toBe(false);

    const response = await asImporter.post(
      '/import-scan',
      scan(p.test.id, [
        { title: 'Kept', severity: 'High' },
        { title: 'Came back', severity: 'Low' },
        { title: 'Kept', severity: 'Critical' }, // same title, another severity: another finding
        { title: 'Brand new', severity: 'Medium' },
      ]),
    );
    expect(response).toMatchObject({ status: 201, body: { created: 2, reactivated: 1, closed: 1, untouched: 1 } });
    const state = (await findingsOf(p.test.id)).map((f) => `${f.title}/${f.severity}:${f.active ? 'active' : 'closed'}`);
    expect(state.sort()).toEqual([
      'Brand new/Medium:active',
      'Came back/Low:active',
      'Fixed/Medium:closed',
      'Kept/Critical:active',
      'Kept/High:active',
    ]);
    // The reactivated finding is the same row, not a copy.
    expect((await findingsOf(p.test.id)).find((f) => f.title === 'Came back')!.id).toBe(cameBack!.id);
    expect(await lastEventOf(p.test.id)).toMatchObject({
      type: 'scan_added',
      description: `2 new findings, 1 reactivated, 1 closed, on ${p.product.name}.`,
    });
  });

  it('a finding listed twice in one scan is one finding', async () => {
    const p = await emptyTest();
    const twice = { title: 'Twice', severity: 'Low' };
    expect((await asImporter.post('/import-scan', scan(p.test.id, [twice, twice]))).body).toEqual({
      created: 1,
      reactivated: 0,
      closed: 0,
      untouched: 0,
    });
    expect(await findingsOf(p.test.id)).toHaveLength(1);
  });

  it('titles match exactly, after trimming', async () => {
    const p = await emptyTest();
    await asImporter.post('/import-scan', scan(p.test.id, [{ title: 'XSS', severity: 'High' }]));
    const again = await asImporter.post(
      '/import-scan',
      scan(p.test.id, [
        { title: '  XSS ', severity: 'High' },
        { title: 'xss', severity: 'High' },
      ]),
    );
    expect(again.body).toEqual({ created: 1, reactivated: 0, closed: 0, untouched: 1 });
  });

  it('an import that changes nothing notifies scan_added_empty', async () => {
    const p = await emptyTest();
    const list = [{ title: 'Stable', severity: 'Medium' }];
    await asImporter.post('/import-scan', scan(p.test.id, list));
    const response = await asImporter.post('/import-scan', scan(p.test.id, list));
    expect(response.body).toEqual({ created: 0, reactivated: 0, closed: 0, untouched: 1 });
    expect(await lastEventOf(p.test.id)).toMatchObject({
      type: 'scan_added_empty',
      title: `Scan imported into ${p.test.title}: no changes`,
      testId: p.test.id,
    });
  });

  it('an empty scan closes every active finding', async () => {
    const p = await emptyTest();
    await asImporter.post(
      '/import-scan',
      scan(p.test.id, [
        { title: 'A', severity: 'Low' },
        { title: 'B', severity: 'Low' },
      ]),
    );
    expect((await asImporter.post('/import-scan', scan(p.test.id, []))).body).toEqual({
      created: 0,
      reactivated: 0,
      closed: 2,
      untouched: 0,
    });
    expect((await findingsOf(p.test.id)).every((f) => !f.active)).toBe(true);
  });

  it("leaves other tests' findings alone", async () => {
    const p = await emptyTest();
    const neighbour = await emptyTest();
    await asImporter.post('/import-scan', scan(neighbour.test.id, [{ title: 'Neighbour', severity: 'High' }]));
    await asImporter.post('/import-scan', scan(p.test.id, [{ title: 'Neighbour', severity: 'High' }]));
    await asImporter.post('/import-scan', scan(p.test.id, []));
    expect((await findingsOf(neighbour.test.id)).map((f) => f.active)).toEqual([true]);
  });

  it('a full scan of 10,000 findings, more than 1 MiB of JSON, is imported in one go', async () => {
    const p = await emptyTest();
    const list = Array.from({ length: 10_000 }, (_, i) => ({ title: `Finding ${i}`, severity: 'Low', description: 'd'.repeat(120) }));
    expect(JSON.stringify(scan(p.test.id, list)).length).toBeGreaterThan(1024 * 1024);
    const response = await asImporter.post('/import-scan', scan(p.test.id, list));
    expect(response).toMatchObject({ status: 201, body: { created: 10_000, reactivated: 0, closed: 0, untouched: 0 } });
  });

  it('two imports into one test at once create each finding once', async () => {
    const p = await emptyTest();
    const list = [{ title: 'Raced', severity: 'High' }];
    const responses = await Promise.all([
      asImporter.post('/import-scan', scan(p.test.id, list)),
      asImporter.post('/import-scan', scan(p.test.id, list)),
    ]);
    expect(responses.map((r) => r.body.created).sort()).toEqual([0, 1]);
    expect(await findingsOf(p.test.id)).toHaveLength(1);
  });

  it('with an Idempotency-Key, a retry answers the first counts and notifies once', async () => {
    const p = await emptyTest();
    const body = scan(p.test.id, [{ title: 'Once', severity: 'High' }]);
    const first = await asImporter.request('POST', '/import-scan', body, { 'Idempotency-Key': 'pipeline-42' });
    const retry = await asImporter.request('POST', '/import-scan', body, { 'Idempotency-Key': 'pipeline-42' });
    expect(retry).toMatchObject({ status: 201, body: first.body });
    expect(first.body.created).toBe(1);
    const events = await db().select().from(notificationEvents).where(eq(notificationEvents.testId, p.test.id));
    expect(events).toHaveLength(1);
  });
});

describe('who may import', () => {
  it('API Importer and up on the test; a Reader gets 403; anybody else 404; nobody without credentials', async () => {
    const p = await emptyTest();
    const body = scan(p.test.id, [{ title: 'x', severity: 'Low' }]);
    expect((await asImporter.post('/import-scan', body)).status).toBe(201);
    expect((await admin.post('/import-scan', body)).status).toBe(201);
    await addProductMember(
      p.product.id,
      (await db().execute<{ id: number }>(sql`select id from users where username = 'reader'`))[0]!.id,
      'Reader',
    );
    expect((await asReader.post('/import-scan', body)).status).toBe(403);
    expect((await asOutsider.post('/import-scan', body)).status).toBe(404);
    expect((await t.api.post('/import-scan', body)).status).toBe(401);
  });

  it('a test that does not exist is a 404; a refused import changes nothing and notifies nothing', async () => {
    expect((await admin.post('/import-scan', scan(999_999, []))).status).toBe(404);
    const p = await emptyTest();
    await asImporter.post('/import-scan', scan(p.test.id, [{ title: 'Stays', severity: 'Low' }]));
    const before = await lastEventOf(p.test.id);
    expect((await asOutsider.post('/import-scan', scan(p.test.id, []))).status).toBe(404);
    expect((await findingsOf(p.test.id)).map((f) => f.active)).toEqual([true]);
    expect((await lastEventOf(p.test.id))!.id).toBe(before!.id);
  });
});

describe('400: bad input, with field errors', () => {
  it.each([
    ['no test', { findings: [] }, 'test'],
    ['no findings', { test: 1 }, 'findings'],
    ['an unknown severity', { test: 1, findings: [{ title: 'x', severity: 'Severe' }] }, 'findings.0.severity'],
    ['a blank title', { test: 1, findings: [{ title: ' ', severity: 'Low' }] }, 'findings.0.title'],
    ['a title over 500 characters', { test: 1, findings: [{ title: 'x'.repeat(501), severity: 'Low' }] }, 'findings.0.title'],
    ['more than 10,000 findings', { test: 1, findings: Array(10_001).fill({ title: 'x', severity: 'Low' }) }, 'findings'],
  ])('%s', async (_, body, field) => {
    const response = await admin.post('/import-scan', body);
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(400);
    expect(Object.keys(response.body.errors)).toContain(field);
  });

  it('a body over 16 MiB is a 413', async () => {
    const huge = JSON.stringify({ test: 1, findings: [{ title: 'x', severity: 'Low', description: 'd'.repeat(17 * 1024 * 1024) }] });
    expect((await admin.post('/import-scan', huge)).status).toBe(413);
  });
});
