// The audit log in a browser: an admin changes the Slack settings on the Integrations page, then
// reads on /admin/audit (from the admin navigation) who changed what, from which address, with the
// token only as "set"; the filters narrow the list; axe finds nothing, at 375 px too; a Reader gets
// the 404 page and none of the log.
import AxeBuilder from '@axe-core/playwright';
import type postgres from 'postgres';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD, type RunningApp } from '../support/app-server';
import { launchBrowser, signInOn } from '../support/browser';
import { startDemoApp, type DemoApp } from '../support/demo-app';

const TOKEN = 'xoxb-e2e-audit-secret-456';
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
let app: RunningApp;
let demo: DemoApp;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let sql: postgres.Sql;

beforeAll(async () => {
  demo = await startDemoApp();
  ({ app, sql } = demo);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function signInAs(username: string, password: string): Promise<Page> {
  await browser.context.clearCookies();
  return signInOn(await browser.context.newPage(), app.url, username, password);
}

describe('the audit log page', () => {
  it('shows who changed the Slack settings, from which address, the token only as set', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await page.goto(`${app.url}/admin/integrations`);
    const form = page.getByRole('form', { name: 'Slack' });
    await form.getByLabel('Enable Slack notifications').check();
    await form.getByLabel('Bot token').fill(TOKEN);
    await form.getByLabel('Shared channel').fill('#audit-e2e');
    await form.getByRole('button', { name: 'Save Slack' }).click();
    await form.getByText('Slack settings saved.').waitFor();

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${app.url}/admin/audit`);
    const table = page.getByRole('table', { name: 'Audit log' });
    const row = table.getByRole('row').filter({ hasText: 'System settings (integrations)' }).first();
    await expect.poll(() => row.textContent()).toContain('slack token: secret set');
    const text = (await row.textContent())!;
    expect(text).toContain(ADMIN.username);
    // The browser connects to the app's own server on 127.0.0.1: the socket's address is the client's.
    expect(text).toContain('127.0.0.1');
    expect(text).toContain('slack channel: — → #audit-e2e');
    expect(await page.content()).not.toContain(TOKEN);
    const [logged] = await sql`select count(*)::int as n from audit_log where changes::text like ${`%${TOKEN}%`}`;
    expect(logged!.n).toBe(0);
    await page.close();
  });

  it('filters by object kind and action, and says when nothing matches', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await page.goto(`${app.url}/admin/audit`);
    const filters = page.getByRole('search', { name: 'Filters' });
    await filters.getByLabel('Object kind').selectOption('system_settings');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/object_kind=system_settings/);
    const kinds = await page.locator('tr[data-kind]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['system_settings']));

    // An object's name opens its own history.
    await page.locator('tr[data-kind="system_settings"]').first().getByRole('link', { name: 'System settings (integrations)' }).click();
    await page.waitForURL(/object_id=1/);
    expect(await page.getByRole('search', { name: 'Filters' }).getByLabel('Object id').inputValue()).toBe('1');

    await page.getByRole('search', { name: 'Filters' }).getByLabel('Action').selectOption('deleted');
    await page.getByRole('search', { name: 'Filters' }).getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=deleted/);
    await page.getByText('No changes match').waitFor();
    await page.close();
  });

  it('has no axe violation and fits 375 px', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${app.url}/admin/audit`);
      await page.waitForLoadState('networkidle').catch(() => {});
      const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
      expect(result.violations.map((v) => `${width}px: ${v.id} ${v.help}`)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width at ${width} px`).toBeLessThanOrEqual(width);
    }
    // Every filter is labelled and the table has its header cells.
    for (const name of ['Actor', 'Object kind', 'Object id', 'Action', 'From', 'To (inclusive)']) {
      expect(await page.getByRole('search', { name: 'Filters' }).getByLabel(name).count(), name).toBe(1);
    }
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(['When', 'Who', 'Address', 'Object', 'Action', 'Changes']);
    await page.close();
  });

  it('a Reader gets the 404 page and none of the log', async () => {
    const page = await signInAs('olivia', DEMO_PASSWORD);
    const response = await page.goto(`${app.url}/admin/audit`);
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toContain('System settings (integrations)');
    expect(await page.locator('table').count()).toBe(0);
    await page.close();
  });
});
