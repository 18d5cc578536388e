// Importing a scanner's report through the pages: pick a SARIF log on an engagement, see what was
// imported, open a finding and find its file and line; a bad file is answered next to the file
// field; re-import on the test by dropping the file; all usable at 375 px.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type postgres from 'postgres';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type RunningApp } from '../support/app-server';
import { launchBrowser, signInOn } from '../support/browser';
import { startDemoApp, type DemoApp } from '../support/demo-app';

let app: RunningApp;
let demo: DemoApp;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let sql: postgres.Sql;
let page: Page;
let engagementId: number;

const fixture = (name: string) => path.resolve('tests/fixtures/scans', name);

beforeAll(async () => {
  demo = await startDemoApp();
  ({ app, sql } = demo);
  browser = await launchBrowser();
  page = await signInOn(await browser.context.newPage(), app.url, ADMIN.username, ADMIN.password);
  const [row] = await sql<{ id: number }[]>`select id from engagements order by id limit 1`;
  engagementId = row!.id;
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('Import scan results', () => {
  let testPath = '';

  it('a SARIF log picked on the engagement: the statistics, then the finding shows its file and line', async () => {
    await page.goto(`${app.url}/engagements/${engagementId}`);
    await page.getByRole('link', { name: 'Import scan results' }).click();
    await page.waitForURL(/\/engagements\/\d+\/import$/);
    await page.getByLabel('Scan type', { exact: true }).selectOption('SARIF');
    await page.getByLabel('Report file').setInputFiles(fixture('codeql.sarif'));
    await page.getByLabel('Test title').fill('CodeQL from the browser');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const result = page.getByTestId('scan-result');
    await result.waitFor();
    expect(await result.getByRole('row', { name: /^New/ }).textContent()).toBe('New011013');
    await result.getByRole('link', { name: 'This query depends on a user-provided value.' }).click();
    await page.waitForURL(/\/findings\/\d+$/);
    const details = page.getByRole('region', { name: 'From the scan' });
    await expect.poll(() => details.textContent()).toContain('src/routes/search.js');
    expect(await details.textContent()).toMatch(/Line\s*42/);
    expect(await details.textContent()).toContain('CWE-89');
    await page.getByRole('link', { name: 'CodeQL from the browser', exact: true }).click();
    await page.waitForURL(/\/tests\/\d+$/);
    testPath = new URL(page.url()).pathname;
  });

  it("a file that is not what its scan type says: the API's message next to the file field, nothing imported", async () => {
    const [before] = await sql<{ n: number }[]>`select count(*)::int as n from tests`;
    await page.goto(`${app.url}/engagements/${engagementId}/import`);
    await page.getByLabel('Scan type', { exact: true }).selectOption('SARIF');
    await page.getByLabel('Report file').setInputFiles(fixture('not-sarif.json'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByTestId('error-file').textContent()).toBe('not a SARIF 2.1.0 log: runs is missing');
    expect(await page.getByLabel('Report file').getAttribute('aria-invalid')).toBe('true');
    const [after] = await sql<{ n: number }[]>`select count(*)::int as n from tests`;
    expect(after!.n).toBe(before!.n);
  });

  it('Re-import on the test, the file dropped: everything untouched, at 375 px', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${app.url}${testPath}`);
    await page.getByRole('link', { name: 'Re-import' }).click();
    await page.waitForURL(/\/tests\/\d+\/reimport$/);
    expect(await page.getByLabel('Scan type', { exact: true }).inputValue()).toBe('SARIF');
    const content = readFileSync(fixture('codeql.sarif'), 'utf8');
    const transfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'codeql.sarif', { type: 'application/json' }));
      return dt;
    }, content);
    await page.dispatchEvent('[data-testid=drop-zone]', 'drop', { dataTransfer: transfer });
    await expect.poll(() => page.getByTestId('drop-zone').textContent()).toContain('codeql.sarif');
    await page.getByRole('button', { name: 'Re-import' }).click();
    const result = page.getByTestId('scan-result');
    await result.waitFor();
    expect(await result.getByRole('row', { name: /^Untouched/ }).textContent()).toMatch(/3$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});
