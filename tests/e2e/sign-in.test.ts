// The app started as a user starts it; a person signs in, sees the demo products, signs out.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD, startApp, type RunningApp } from '../support/app-server';
import { launchBrowser } from '../support/browser';
import { freshDatabase } from '../support/e2e-database';

let app: RunningApp;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  database = await freshDatabase();
  app = await startApp({ databaseUrl: database.url, env: { TOCSIN_DEMO: '1', DEMO_PASSWORD } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await database?.drop();
});

async function signIn(context: BrowserContext, username: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

describe('signing in', () => {
  it('the admin signs in, sees the demo products and signs out', async () => {
    const page = await signIn(browser.context, ADMIN.username, ADMIN.password);
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    const cards = page.getByTestId('product-card');
    await expect.poll(() => cards.count()).toBe(4);
    for (const name of ['Customer Portal', 'Payments API', 'iOS App', 'Android App']) {
      await page.getByRole('heading', { name }).waitFor();
    }
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(app.url);
    await page.waitForURL(/\/login/);
    await page.close();
  });

  it('a wrong password shows the one generic message', async () => {
    const page = await signIn(browser.context, ADMIN.username, 'not-the-password');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('Invalid username or password.');
    const unknown = await signIn(browser.context, 'nobody-by-this-name', 'whatever');
    await expect.poll(() => unknown.getByTestId('login-error').textContent()).toBe('Invalid username or password.');
    expect(page.url()).toContain('/login');
    await page.close();
    await unknown.close();
  });

  it('a member sees only the products they may see; a user with none sees the empty state', async () => {
    const bob = await signIn(browser.context, 'bob', DEMO_PASSWORD);
    await bob.getByRole('heading', { name: 'Payments API' }).waitFor();
    await expect.poll(() => bob.getByTestId('product-card').count()).toBe(1);
    await browser.context.clearCookies();
    const erin = await signIn(browser.context, 'erin', DEMO_PASSWORD);
    await erin.getByTestId('empty-dashboard').waitFor();
    await browser.context.clearCookies();
    await bob.close();
    await erin.close();
  });
});

describe('without a session', () => {
  it('every page redirects to /login', async () => {
    const pages = listPageRoutes(path.resolve('app'));
    expect(pages.length).toBeGreaterThan(1);
    for (const route of pages.filter((p) => p !== '/login')) {
      const response = await fetch(`${app.url}${route}`, { redirect: 'manual' });
      expect(response.status, route).toBeGreaterThanOrEqual(300);
      expect(response.status, route).toBeLessThan(400);
      expect(new URL(response.headers.get('location')!, app.url).pathname, route).toBe('/login');
    }
  });
});

/** Every page.tsx under app/, as a URL: route groups dropped, dynamic segments given an id. */
function listPageRoutes(appDir: string): string[] {
  return fs
    .readdirSync(appDir, { recursive: true })
    .map(String)
    .filter((file) => path.basename(file) === 'page.tsx')
    .map(
      (file) =>
        '/' +
        path
          .dirname(file)
          .split(path.sep)
          .filter((segment) => segment !== '.' && !/^\(.*\)$/.test(segment))
          .map((segment) => (/^\[.*\]$/.test(segment) ? '1' : segment))
          .join('/'),
    )
    .map((route) => route.replace(/\/$/, '') || '/');
}
