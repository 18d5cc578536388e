// Every page, as an admin and as a Reader: axe (WCAG 2.2 A and AA) finds nothing, each page has one
// main landmark reached by a skip link, and at 375 px nothing scrolls sideways but the page's own
// tables. The bell stays closed here (its open panel is the bell's own test).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD, type RunningApp } from '../support/app-server';
import { launchBrowser, signInOn } from '../support/browser';
import { startDemoApp, type DemoApp } from '../support/demo-app';
import { fillRoute, listPagePatterns } from '../support/page-routes';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * axe on the page itself. Not inside frames: the only one is the outbox's email preview, a sandbox
 * without scripts (axe cannot run there, and would wait for it) showing the mail as it was sent.
 */
// Legacy mode injects into each frame with a one-second timeout and then runs on the page alone; the
// default (runPartial) mode waits for every frame, forever for the script-less email preview.
const axe = (page: Page) => new AxeBuilder({ page }).withTags(WCAG_22_AA).options({ iframes: false }).setLegacyMode();

let app: RunningApp;
let demo: DemoApp;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let routes: string[];

beforeAll(async () => {
  demo = await startDemoApp();
  app = demo.app;
  browser = await launchBrowser();
  routes = await demoRoutes();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** Every page route, its ids taken from the demo data (an outbox email once the worker has written one). */
async function demoRoutes(): Promise<string[]> {
  const { sql } = demo;
  const ids: Record<string, number> = {};
  for (const [resource, table] of [
    ['product-types', 'product_types'],
    ['products', 'products'],
    ['engagements', 'engagements'],
    ['tests', 'tests'],
    ['findings', 'findings'],
    ['groups', 'groups'],
  ] as const) {
    const [row] = await demo.sql<{ id: number }[]>`select min(id)::int as id from ${sql(table)}`;
    ids[resource] = row!.id;
  }
  const [admin] = await demo.sql<{ id: number }[]>`select id from users where username = ${ADMIN.username}`;
  ids.users = admin!.id;
  await mailOneEventToTheAdmin();
  const [email] = await demo.sql<{ id: number }[]>`select min(id)::int as id from outbox_emails`;
  ids.outbox = email!.id;
  return listPagePatterns().map((pattern) =>
    fillRoute(pattern, (resource) => {
      if (!(resource in ids)) throw new Error(`no demo id for /${resource}/[id]: add it to demoRoutes`);
      return ids[resource]!;
    }),
  );
}

/** A real email in the local outbox: the admin opts into mail for "other", posts one, the worker renders it. */
async function mailOneEventToTheAdmin(): Promise<void> {
  const api = async (method: string, path: string, body: unknown, token?: string) => {
    const response = await fetch(`${app.url}/api/v2${path}`, {
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Token ${token}` } : {}) },
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const { token } = await api('POST', '/api-token-auth', { username: ADMIN.username, password: ADMIN.password });
  await api('PATCH', '/notifications/personal', { other: ['alert', 'mail'] }, token);
  await api('POST', '/events', { type: 'other', title: 'Accessibility check', description: 'A mail for the outbox page' }, token);
  const deadline = Date.now() + 60_000;
  while ((await demo.sql`select 1 from outbox_emails limit 1`).length === 0) {
    if (Date.now() > deadline) throw new Error('the worker wrote no outbox email within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function signInAs(username: string, password: string): Promise<Page> {
  await browser.context.clearCookies();
  const page = await signInOn(await browser.context.newPage(), app.url, username, password);
  return page;
}

/** Opens a page and waits for it to settle (hydrated, fonts and data loaded). */
async function visit(page: Page, route: string): Promise<void> {
  await page.goto(`${app.url}${route}`);
  await page.waitForLoadState('networkidle').catch(() => {});
}

function describeViolations(
  route: string,
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[],
) {
  return violations.map(
    (v) =>
      `${route}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 6)
        .join(' | ')}`,
  );
}

const WHO = [
  { role: 'an admin', username: ADMIN.username, password: ADMIN.password },
  { role: 'a Reader', username: 'olivia', password: DEMO_PASSWORD },
];

describe.each(WHO)('every page, signed in as $role', ({ username, password }) => {
  let page: Page;
  beforeAll(async () => {
    page = await signInAs(username, password);
  });
  afterAll(async () => page?.close());

  it.each(listPagePatterns())(
    '%s: no axe violation, one main landmark after a skip link, fits 375 px',
    async (pattern) => {
      const route = routes[listPagePatterns().indexOf(pattern)]!;
      await page.setViewportSize({ width: 1280, height: 800 });
      await visit(page, route);
      const result = await axe(page).analyze();
      expect(describeViolations(route, result.violations)).toEqual([]);

      expect(await page.locator('main, [role="main"]').count(), 'main landmarks').toBe(1);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const element = document.activeElement;
        return { text: element?.textContent?.trim(), href: element?.getAttribute('href') };
      });
      expect(first, 'the first Tab').toEqual({ text: 'Skip to content', href: '#main' });
      expect(await page.locator('main#main').count(), "the skip link's target").toBe(1);

      await page.setViewportSize({ width: 375, height: 800 });
      await visit(page, route);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), 'page width at 375 px').toBeLessThanOrEqual(375);
    },
    120_000,
  ); // three visits and a full axe run (iframes included) per page, on a loaded machine
});

describe('signed out', () => {
  it('the sign-in page has no axe violation, a skip link and a main landmark, and fits 375 px', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 375, height: 800 });
    await visit(page, '/login');
    const result = await axe(page).analyze();
    expect(describeViolations('/login', result.violations)).toEqual([]);
    expect(await page.locator('main#main').count()).toBe(1);
    // The username field has the focus on arrival; the skip link comes just before it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.close();
  });
});

describe('the sign-in form', () => {
  it('checks empty fields before sending anything', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/auth/callback')) sent.push(request.url());
    });
    await visit(page, '/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('error-password').textContent()).toBe('Enter your password.');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    expect(await page.getByTestId('error-username').count()).toBe(0);
    expect(sent).toEqual([]);
    await page.close();
  });

  it('the favicon is the bell, served without a session', async () => {
    const response = await fetch(`${app.url}/icon.svg`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('image/svg+xml');
    const page = await browser.context.newPage();
    await visit(page, '/login');
    expect(await page.locator('link[rel="icon"]').first().getAttribute('href')).toBe('/icon.svg');
    await page.close();
  });

  it('the web app manifest and its PNG icons are served without a session, at the sizes they claim', async () => {
    const page = await browser.context.newPage();
    await visit(page, '/login');
    const manifestUrl = await page.locator('link[rel="manifest"]').getAttribute('href');
    const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    await page.close();
    expect(manifestUrl).toBe('/manifest.webmanifest');
    const response = await fetch(`${app.url}${manifestUrl}`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    const manifest = (await response.json()) as { name: string; start_url: string; icons: { src: string; type: string; sizes: string }[] };
    expect(manifest).toMatchObject({ name: 'Tocsin', start_url: '/' });
    const pngs = [...manifest.icons.filter((i) => i.type === 'image/png'), { src: appleIcon!, type: 'image/png', sizes: '180x180' }];
    expect(pngs.map((i) => i.sizes)).toEqual(['192x192', '512x512', '180x180']);
    for (const icon of pngs) {
      const png = await fetch(`${app.url}${icon.src}`, { redirect: 'manual' });
      expect(png.status).toBe(200);
      expect(png.headers.get('content-type')).toBe('image/png');
      // The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
      const bytes = Buffer.from(await png.arrayBuffer());
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
    }
  });
});
