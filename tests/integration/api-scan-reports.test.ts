// DefectDojo's import-scan and reimport-scan over real HTTP, the report posted by curl -F as
// pipelines do: every format, statistics, matching on reimport, the event, permissions, limits.
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { findings, notificationEvents, scanImports, tests } from '@/lib/db/schema';
import { sessionCookieFor, startApiApp, tokenFor, type ApiApp } from '../support/api';
import { curlForm, type Upload } from '../support/curl-form';
import { addProductMember, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';

let t: ApiApp;
let adminToken: string;
let importer: User;
let importerToken: string;
let readerToken: string;
let outsiderToken: string;
let reader: User;

const fixture = (name: string): Upload => ({ path: path.resolve('tests/fixtures/scans', name) });

beforeAll(async () => {
  t = await startApiApp();
  const [admin] = await db().execute<{ id: number }>(sql`select id from users where is_superuser order by id limit 1`);
  adminToken = await tokenFor(admin!.id, 'admin-curl');
  importer = await makeUser({ username: 'importer' });
  reader = await makeUser({ username: 'reader' });
  importerToken = await tokenFor(importer.id);
  readerToken = await tokenFor(reader.id);
  outsiderToken = await tokenFor((await makeUser({ username: 'outsider' })).id);
});
afterAll(async () => t?.stop());

const url = (endpoint: 'import-scan' | 'reimport-scan') => `${t.app.url}/api/v2/${endpoint}/`;

/** A product whose engagement the importer may import into (API Importer) and the reader may only read. */
async function engagement() {
  const p = await makeProgram((await makeProductType()).id);
  await addProductMember(p.product.id, importer.id, 'API Importer');
  await addProductMember(p.product.id, reader.id, 'Reader');
  return p;
}

function importScan(fields: Record<string, string>, upload: Upload | null, token = importerToken, headers?: Record<string, string>) {
  return curlForm(url('import-scan'), token, fields, upload, headers);
}
function reimportScan(fields: Record<string, string>, upload: Upload | null, token = importerToken) {
  return curlForm(url('reimport-scan'), token, fields, upload);
}

async function findingsOf(testId: number) {
  return db().select().from(findings).where(eq(findings.testId, testId)).orderBy(findings.id);
}
async function lastEventOf(testId: number) {
  const [event] = await db()
    .select()
    .from(notificationEvents)
    .where(eq(notificationEvents.testId, testId))
    .orderBy(sql`id desc`)
    .limit(1);
  return event!;
}
async function counts() {
  const [row] = await db().execute<{ tests: number; findings: number; events: number; imports: number }>(sql`
    select (select count(*)::int from tests) as tests, (select count(*)::int from findings) as findings,
      (select count(*)::int from notification_events) as events, (select count(*)::int from scan_imports) as imports`);
  return row!;
}

/** A SARIF log of these results: [ruleId, message, file, line, level]. */
function sarif(results: [string, string, string, number, string][]): Upload {
  return {
    name: 'report.sarif',
    content: JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'CodeQL' } },
          results: results.map(([ruleId, text, uri, startLine, level]) => ({
            ruleId,
            level,
            message: { text },
            locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine } } }],
          })),
        },
      ],
    }),
  };
}

const zero = {
  active: 0,
  verified: 0,
  duplicate: 0,
  false_p: 0,
  out_of_scope: 0,
  is_mitigated: 0,
  risk_accepted: 0,
  total: 0,
};

describe('import-scan (multipart)', () => {
  it("imports a SARIF log into a new test of the engagement and answers DefectDojo's keys and statistics", async () => {
    const p = await engagement();
    const answer = await importScan(
      { scan_type: 'SARIF', engagement: String(p.engagement.id), test_title: 'CodeQL on main' },
      fixture('codeql.sarif'),
    );
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body).sort()).toEqual([
      'changes',
      'engagement_id',
      'product_id',
      'product_type_id',
      'scan_type',
      'statistics',
      'test',
      'test_id',
    ]);
    expect(answer.body).toMatchObject({
      test_id: answer.body.test,
      engagement_id: p.engagement.id,
      product_id: p.product.id,
      product_type_id: p.product.prodTypeId,
      scan_type: 'SARIF',
    });
    const { after } = answer.body.statistics;
    expect(Object.keys(answer.body.statistics)).toEqual(['after']);
    expect(Object.keys(after)).toEqual(['info', 'low', 'medium', 'high', 'critical', 'total']);
    expect(after.high).toEqual({ ...zero, active: 1, total: 1 });
    expect(after.medium).toEqual({ ...zero, active: 1, total: 1 });
    expect(after.info).toEqual({ ...zero, false_p: 1, total: 1 });
    expect(after.total).toEqual({ ...zero, active: 2, false_p: 1, total: 3 });

    const [test] = await db().select().from(tests).where(eq(tests.id, answer.body.test));
    expect(test).toMatchObject({ engagementId: p.engagement.id, title: 'CodeQL on main', testType: 'SARIF' });
    const [sqli] = await findingsOf(test!.id);
    expect(sqli).toMatchObject({
      title: 'This query depends on a user-provided value.',
      severity: 'High',
      filePath: 'src/routes/search.js',
      line: 42,
      cwe: 89,
      staticFinding: true,
      active: true,
      reporterId: importer.id,
    });
    expect(sqli!.hashCode).toMatch(/^[0-9a-f]{64}$/);

    const event = await lastEventOf(test!.id);
    expect(event).toMatchObject({
      type: 'scan_added',
      title: 'Scan imported into CodeQL on main',
      actorId: importer.id,
    });
    expect(event.description).toContain('New: 3 (1 High, 1 Medium, 1 Info) · Reactivated: 0 · Closed: 0 · Untouched: 0');
    expect(event.description).toContain('• High: This query depends on a user-provided value. — src/routes/search.js:42');
    const [recorded] = await db().select().from(scanImports).where(eq(scanImports.eventId, event.id));
    expect(recorded).toMatchObject({ kind: 'import', scanType: 'SARIF', severity: 'High', testId: test!.id });
  });

  it("imports each format DefectDojo names, from the tool's own report", async () => {
    const p = await engagement();
    const reports: [string, string, number][] = [
      ['SARIF', 'sarif-levels.sarif', 4],
      ['Trivy Scan', 'trivy.json', 6],
      ['Semgrep JSON Report', 'semgrep.json', 3],
      ['Gitleaks Scan', 'gitleaks-v8.json', 2],
      ['Gitleaks Scan', 'gitleaks-v7.json', 1],
      ['ZAP Scan', 'zap.xml', 3],
      ['NPM Audit v7+ Scan', 'npm-audit.json', 2],
      ['Generic Findings Import', 'generic.json', 4],
      ['Generic Findings Import', 'generic.csv', 3],
    ];
    for (const [scanType, file, expected] of reports) {
      const answer = await importScan({ scan_type: scanType, engagement: String(p.engagement.id) }, fixture(file));
      expect(answer.status, `${scanType} ${file}: ${JSON.stringify(answer.body)}`).toBe(201);
      expect(answer.body.statistics.after.total.total, file).toBe(expected);
      expect(await findingsOf(answer.body.test), file).toHaveLength(expected);
    }
    const [zap] = await db()
      .select()
      .from(findings)
      .where(sql`${findings.title} = 'Content Security Policy (CSP) Header Not Set'`);
    expect(zap).toMatchObject({
      dynamicFinding: true,
      cwe: 693,
      endpoints: ['https://shop.example.test/', 'https://shop.example.test/cart', 'https://api.example.test/v1'],
    });
  });

  it('minimum_severity drops the findings below it', async () => {
    const p = await engagement();
    const answer = await importScan(
      { scan_type: 'Trivy Scan', engagement: String(p.engagement.id), minimum_severity: 'High' },
      fixture('trivy.json'),
    );
    expect(answer.status).toBe(201);
    expect((await findingsOf(answer.body.test)).map((f) => f.severity).sort()).toEqual(['Critical', 'Critical', 'High', 'High']);
  });

  it('an empty report imports an empty test and notifies scan_added_empty', async () => {
    const p = await engagement();
    const answer = await importScan({ scan_type: 'SARIF', engagement: String(p.engagement.id) }, fixture('empty.sarif'));
    expect(answer.status).toBe(201);
    expect(answer.body.statistics.after.total).toEqual(zero);
    expect(await lastEventOf(answer.body.test)).toMatchObject({ type: 'scan_added_empty' });
  });

  it('rejects a bad report with a 400 that says what is wrong, and writes nothing', async () => {
    const p = await engagement();
    const before = await counts();
    const cases: [Record<string, string>, Upload | null, Record<string, string[]>][] = [
      [{ scan_type: 'SARIF' }, fixture('not-sarif.json'), { file: ['not a SARIF 2.1.0 log: runs is missing'] }],
      [
        { scan_type: 'ZAP Scan' },
        fixture('zap-malformed.xml'),
        { file: [expect.stringMatching(/^not a ZAP XML report: line 3/) as unknown as string] },
      ],
      [
        { scan_type: 'Foo' },
        fixture('codeql.sarif'),
        {
          scan_type: [expect.stringMatching(/^unknown scan_type 'Foo'; known: SARIF, Trivy Scan/) as unknown as string],
        },
      ],
      [{ scan_type: 'SARIF' }, null, { file: ['This field is required: attach the scan report.'] }],
      [
        { scan_type: 'Generic Findings Import' },
        fixture('generic-bad-severity.csv'),
        { file: ["row 1: severity 'Hihg' is not one of Critical, High, Medium, Low, Info"] },
      ],
      [
        { scan_type: 'SARIF', minimum_severity: 'Severe' },
        fixture('codeql.sarif'),
        { minimum_severity: ['Use one of Critical, High, Medium, Low, Info.'] },
      ],
    ];
    for (const [fields, upload, errors] of cases) {
      const answer = await importScan({ ...fields, engagement: String(p.engagement.id) }, upload);
      expect(answer, JSON.stringify(fields)).toMatchObject({ status: 400, body: { errors } });
    }
    // Without a target: a 400 too.
    expect(await importScan({ scan_type: 'SARIF' }, fixture('codeql.sarif'))).toMatchObject({
      status: 400,
      body: { errors: { engagement: ['Give engagement (an id), or product_name and engagement_name.'] } },
    });
    expect(await counts()).toEqual(before);
  });

  it('permissions as DefectDojo: API Importer allowed, Reader 403, outsider 404, no token 401', async () => {
    const p = await engagement();
    const fields = { scan_type: 'SARIF', engagement: String(p.engagement.id) };
    expect((await importScan(fields, fixture('codeql.sarif'), readerToken)).status).toBe(403);
    expect((await importScan(fields, fixture('codeql.sarif'), outsiderToken)).status).toBe(404);
    expect((await curlForm(url('import-scan'), null, fields, fixture('codeql.sarif'))).status).toBe(401);
    expect((await reimportScan({ ...fields, test: String(p.test.id) }, fixture('codeql.sarif'), readerToken)).status).toBe(403);
    expect((await reimportScan({ ...fields, test: String(p.test.id) }, fixture('codeql.sarif'), outsiderToken)).status).toBe(404);
    expect((await importScan(fields, fixture('codeql.sarif'))).status).toBe(201);
  });

  it('the same Idempotency-Key answers the first import again and imports once', async () => {
    const p = await engagement();
    const fields = { scan_type: 'Semgrep JSON Report', engagement: String(p.engagement.id) };
    const first = await importScan(fields, fixture('semgrep.json'), importerToken, { 'Idempotency-Key': 'ci-run-42' });
    const again = await importScan(fields, fixture('semgrep.json'), importerToken, { 'Idempotency-Key': 'ci-run-42' });
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    const [row] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from tests where engagement_id = ${p.engagement.id} and test_type = 'Semgrep JSON Report'`,
    );
    expect(row!.n).toBe(1);
    const other = await importScan(fields, fixture('semgrep.json'), importerToken, {
      'Idempotency-Key': 'ci-run-42',
      'X-Other': '1',
    });
    expect(other).toEqual(first);
    expect(
      (
        await importScan({ ...fields, test_title: 'other' }, fixture('semgrep.json'), importerToken, {
          'Idempotency-Key': 'ci-run-42',
        })
      ).status,
    ).toBe(409);
  });

  it('the JSON body on /api/v2/import-scan still works (the content type decides)', async () => {
    const p = await engagement();
    const response = await t.api
      .as({ token: importerToken })
      .post('/import-scan', { test: p.test.id, findings: [{ title: 'From JSON', severity: 'Low' }] });
    expect(response).toMatchObject({ status: 201, body: { created: 1, reactivated: 0, closed: 1, untouched: 0 } });
  });

  it('a report over the body limit is refused with 413 and writes nothing', async () => {
    const p = await engagement();
    const before = await counts();
    const big = { name: 'big.sarif', content: Buffer.alloc(16 * 1024 * 1024 + 10, 0x20) };
    const answer = await importScan({ scan_type: 'SARIF', engagement: String(p.engagement.id) }, big);
    expect(answer.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it('imports a report of 10,000 findings in seconds', async () => {
    const p = await engagement();
    const results = Array.from(
      { length: 10_000 },
      (_, i) =>
        [`rule-${i % 40}`, `Finding ${i}`, `src/f${i}.ts`, i + 1, i % 7 === 0 ? 'error' : 'warning'] as [
          string,
          string,
          string,
          number,
          string,
        ],
    );
    const started = performance.now();
    const answer = await importScan({ scan_type: 'SARIF', engagement: String(p.engagement.id) }, sarif(results));
    const importMs = performance.now() - started;
    expect(answer.status).toBe(201);
    expect(answer.body.statistics.after.total.total).toBe(10_000);
    const again = performance.now();
    const reimport = await reimportScan({ scan_type: 'SARIF', test: String(answer.body.test) }, sarif(results));
    const reimportMs = performance.now() - again;
    expect(reimport.body.statistics.delta.untouched.total.total).toBe(10_000);
    console.log(`[scans] 10,000 findings: import ${Math.round(importMs)} ms, reimport ${Math.round(reimportMs)} ms`);
    expect(importMs).toBeLessThan(20_000);
    expect(reimportMs).toBeLessThan(20_000);
  });
});

describe('reimport-scan', () => {
  const base: [string, string, string, number, string][] = [
    ['js/sqli', 'SQL injection', 'src/a.js', 10, 'error'],
    ['js/xss', 'Reflected XSS', 'src/b.js', 20, 'warning'],
    ['js/redirect', 'Open redirect', 'src/c.js', 30, 'note'],
  ];

  async function imported() {
    const p = await engagement();
    const answer = await importScan({ scan_type: 'SARIF', engagement: String(p.engagement.id), test_title: 'SAST' }, sarif(base));
    expect(answer.status).toBe(201);
    return { ...p, testId: answer.body.test as number };
  }

  it('the same report again: everything untouched, scan_added_empty, before/delta/after', async () => {
    const p = await imported();
    const answer = await reimportScan({ scan_type: 'SARIF', test: String(p.testId) }, sarif(base));
    expect(answer.status).toBe(201);
    const { before, delta, after } = answer.body.statistics;
    expect(Object.keys(delta)).toEqual(['created', 'closed', 'reactivated', 'untouched']);
    expect(before).toEqual(after);
    expect(delta.untouched.total.total).toBe(3);
    expect(delta.created.total.total + delta.closed.total.total + delta.reactivated.total.total).toBe(0);
    expect(await lastEventOf(p.testId)).toMatchObject({ type: 'scan_added_empty' });
  });

  it('one finding gone and one new: created 1, closed 1; the closed one comes back reactivated', async () => {
    const p = await imported();
    const next = sarif([base[0]!, base[1]!, ['js/path', 'Path traversal', 'src/d.js', 40, 'error']]);
    const answer = await reimportScan({ scan_type: 'SARIF', test: String(p.testId) }, next);
    const { delta } = answer.body.statistics;
    expect([delta.created.total.total, delta.closed.total.total, delta.reactivated.total.total, delta.untouched.total.total]).toEqual([
      1, 1, 0, 2,
    ]);
    expect(delta.created.high).toMatchObject({ active: 1, total: 1 });
    expect(delta.closed.info).toMatchObject({ active: 0, is_mitigated: 1, total: 1 });
    const event = await lastEventOf(p.testId);
    expect(event.type).toBe('scan_added');
    expect(event.description).toContain('New: 1 (1 High) · Reactivated: 0 · Closed: 1 (1 Info) · Untouched: 2');
    expect(event.description).toContain('• High: Path traversal — src/d.js:40');
    expect(event.description).toContain('• Info: Open redirect — src/c.js:30');
    const [recorded] = await db().select().from(scanImports).where(eq(scanImports.eventId, event.id));
    expect(recorded!.severity).toBe('High');

    const back = await reimportScan({ scan_type: 'SARIF', test: String(p.testId) }, sarif(base));
    const d = back.body.statistics.delta;
    expect([d.created.total.total, d.closed.total.total, d.reactivated.total.total, d.untouched.total.total]).toEqual([0, 1, 1, 2]);
    const redirect = (await findingsOf(p.testId)).filter((f) => f.title === 'Open redirect');
    expect(redirect).toHaveLength(1);
    expect(redirect[0]).toMatchObject({ active: true, isMitigated: false });
  });

  it('do_not_reactivate leaves a closed finding closed', async () => {
    const p = await imported();
    await reimportScan({ scan_type: 'SARIF', test: String(p.testId) }, sarif([base[0]!, base[1]!]));
    const answer = await reimportScan({ scan_type: 'SARIF', test: String(p.testId), do_not_reactivate: 'true' }, sarif(base));
    expect(answer.body.statistics.delta.reactivated.total.total).toBe(0);
    expect((await findingsOf(p.testId)).find((f) => f.title === 'Open redirect')).toMatchObject({ active: false });
  });

  it('close_old_findings=false keeps the findings the report no longer has', async () => {
    const p = await imported();
    const answer = await reimportScan({ scan_type: 'SARIF', test: String(p.testId), close_old_findings: 'false' }, sarif([base[0]!]));
    expect(answer.body.statistics.delta.closed.total.total).toBe(0);
    expect((await findingsOf(p.testId)).every((f) => f.active)).toBe(true);
  });

  it('ZAP: a changed severity is a new finding and the old one closed', async () => {
    const p = await engagement();
    const zap = (risk: number) => ({
      name: 'zap.xml',
      content: `<?xml version="1.0"?><OWASPZAPReport version="2.14.0"><site name="https://a.test"><alerts>
        <alertitem><pluginid>1</pluginid><alert>Cookie without Secure flag</alert><riskcode>${risk}</riskcode><confidence>2</confidence>
          <cweid>614</cweid><instances><instance><uri>https://a.test/</uri></instance></instances></alertitem>
        <alertitem><pluginid>2</pluginid><alert>Server leaks version</alert><riskcode>1</riskcode><cweid>200</cweid></alertitem>
      </alerts></site></OWASPZAPReport>`,
    });
    const first = await importScan({ scan_type: 'ZAP Scan', engagement: String(p.engagement.id) }, zap(1));
    const answer = await reimportScan({ scan_type: 'ZAP Scan', test: String(first.body.test) }, zap(3));
    const { delta } = answer.body.statistics;
    expect([delta.created.total.total, delta.closed.total.total, delta.untouched.total.total]).toEqual([1, 1, 1]);
    expect(delta.created.high.total).toBe(1);
    expect(delta.closed.low.total).toBe(1);
  });

  it('finds its test by product, engagement, test_title and scan_type', async () => {
    const p = await imported();
    const answer = await reimportScan(
      {
        scan_type: 'SARIF',
        product_name: p.product.name,
        engagement_name: p.engagement.name,
        test_title: 'SAST',
      },
      sarif(base),
    );
    expect(answer).toMatchObject({ status: 201, body: { test: p.testId } });
    const missing = await reimportScan(
      { scan_type: 'SARIF', product_name: p.product.name, engagement_name: p.engagement.name, test_title: 'DAST' },
      sarif(base),
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors.test[0]).toMatch(/auto_create_context=true/);
  });
});

describe('auto_create_context', () => {
  it("a superuser's reimport creates the product type, product, engagement and test when missing, then reimports into them", async () => {
    const fields = {
      scan_type: 'Gitleaks Scan',
      product_type_name: 'Pipelines',
      product_name: 'Webshop',
      engagement_name: 'CI main',
      auto_create_context: 'true',
    };
    const first = await reimportScan(fields, fixture('gitleaks-v8.json'), adminToken);
    expect(first.status).toBe(201);
    expect(first.body.statistics.after.total.total).toBe(2);
    const [created] = await db().execute<{ pt: string; p: string; e: string; t: string }>(sql`
      select pt.name as pt, p.name as p, e.name as e, t.title as t from tests t join engagements e on e.id = t.engagement_id
      join products p on p.id = e.product_id join product_types pt on pt.id = p.prod_type_id where t.id = ${first.body.test}`);
    expect(created).toEqual({ pt: 'Pipelines', p: 'Webshop', e: 'CI main', t: 'Gitleaks Scan' });
    const again = await reimportScan(fields, fixture('gitleaks-v8.json'), adminToken);
    expect(again.body.test).toBe(first.body.test);
    expect(again.body.statistics.delta.untouched.total.total).toBe(2);
  });

  it('an API Importer may create an engagement in their product, but not a product', async () => {
    const p = await engagement();
    const ok = await importScan(
      {
        scan_type: 'SARIF',
        product_name: p.product.name,
        engagement_name: 'New engagement',
        auto_create_context: 'true',
      },
      fixture('codeql.sarif'),
    );
    expect(ok.status).toBe(201);
    expect(ok.body.engagement_id).not.toBe(p.engagement.id);
    const before = await counts();
    const refused = await importScan(
      {
        scan_type: 'SARIF',
        product_type_name: "Someone else's",
        product_name: 'Brand new product',
        engagement_name: 'x',
        auto_create_context: 'true',
      },
      fixture('codeql.sarif'),
    );
    expect(refused.status).toBe(403);
    expect(await counts()).toEqual(before);
    const missing = await importScan({ scan_type: 'SARIF', product_name: 'Nope', engagement_name: 'x' }, fixture('codeql.sarif'));
    expect(missing.body.errors.product_name[0]).toMatch(/does not exist; send auto_create_context=true/);
  });
});

describe('GET /api/v2/findings', () => {
  it('shows what the scan found, filtered by test, severity and active', async () => {
    const p = await engagement();
    const answer = await importScan({ scan_type: 'SARIF', engagement: String(p.engagement.id) }, fixture('codeql.sarif'));
    const api = t.api.as({ token: importerToken });
    const high = await api.get(`/findings?test=${answer.body.test}&severity=High&active=true`);
    expect(high.body.count).toBe(1);
    expect(high.body.results[0]).toMatchObject({
      file_path: 'src/routes/search.js',
      line: 42,
      cwe: 89,
      static_finding: true,
      dynamic_finding: false,
      false_p: false,
      unique_id_from_tool: 'primaryLocationLineHash:39fa2ee980eb94b0:1',
      references: 'https://codeql.example/js/sql-injection',
      vulnerability_ids: [],
      endpoints: [],
    });
    const inactive = await api.get(`/findings?test=${answer.body.test}&active=false`);
    expect(inactive.body.results.map((f: { false_p: boolean }) => f.false_p)).toEqual([true]);
  });
});

describe('the import pages authorize their own data', () => {
  async function page(path: string, userId: number) {
    const response = await fetch(`${t.app.url}${path}`, {
      headers: { cookie: await sessionCookieFor(userId) },
      redirect: 'manual',
    });
    return { status: response.status, html: await response.text() };
  }

  it('API Importer: the form; Reader: not allowed; outsider: 404 — on the engagement and on the test', async () => {
    const p = await engagement();
    const [outsider] = await db().execute<{ id: number }>(sql`select id from users where username = 'outsider'`);
    for (const path of [`/engagements/${p.engagement.id}/import`, `/tests/${p.test.id}/reimport`]) {
      const asImporter = await page(path, importer.id);
      expect(asImporter.status, path).toBe(200);
      expect(asImporter.html).toContain('name="scan_type"');
      const asReader = await page(path, reader.id);
      expect(asReader.html).toContain('data-testid="not-allowed"');
      expect(asReader.html).not.toContain('name="scan_type"');
      expect((await page(path, outsider!.id)).status, path).toBe(404);
    }
  });
});
