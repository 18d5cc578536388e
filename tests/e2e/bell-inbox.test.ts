// The bell and /alerts as an inbox, in a real browser: tabs (Unread, All, Archived), each alert's
// actions from the keyboard (read or unread, archive and restore, snooze, delete, its settings),
// Tab out of the panel closes it, a snooze coming back live and unread on top, archive and restore
// on /alerts, "Mark these N read" following the filters, mark as unread, the j/k/r/e shortcuts,
// the unread pill at 375 px, and axe with the bell open and closed, as an admin and as a Reader.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD, startApp, TEST_SECRET, type RunningApp } from '../support/app-server';
import { freePort } from '../support/free-port';
import { launchBrowserForUsers } from '../support/browser';
import { freshDatabase } from '../support/e2e-database';
import { spawnScript, type SidecarProcess } from '../support/realtime-process';

let app: RunningApp;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let browser: Browser;
let sidecar: SidecarProcess | undefined;
let adminToken: string;
let bobToken: string;

async function tokenOf(username: string, password: string): Promise<string> {
  const response = await fetch(`${app.url}/api/v2/api-token-auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return ((await response.json()) as { token: string }).token;
}

beforeAll(async () => {
  database = await freshDatabase();
  const sidecarPort = await freePort();
  app = await startApp({
    databaseUrl: database.url,
    // No worker: its daily schedules would add alerts of their own to the ones this file counts.
    env: { TOCSIN_DEMO: '1', DEMO_PASSWORD, REALTIME_PUBLIC_URL: `http://127.0.0.1:${sidecarPort}`, TOCSIN_WORKER: '0' },
  });
  sidecar = await spawnScript('lib/realtime/main.ts', sidecarPort, {
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: TEST_SECRET,
    REALTIME_PORT: String(sidecarPort),
    REALTIME_ALLOWED_ORIGINS: app.url,
  });
  browser = await launchBrowserForUsers();
  adminToken = await tokenOf(ADMIN.username, ADMIN.password);
  bobToken = await tokenOf('bob', DEMO_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await sidecar?.stop();
  await app?.stop();
  await database?.drop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api<T = any>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${app.url}/api/v2${path}`, {
    method,
    headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

/** expect.poll for hooks (vitest allows it only inside tests). */
async function until<T>(read: () => Promise<T>, wanted: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (last === wanted) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`waited for ${String(wanted)}, last saw ${String(last)}`);
}
const notice = (title: string, type = 'other') => api(adminToken, 'POST', '/events', { type, title });

async function signIn(username: string, password = DEMO_PASSWORD, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Products' }).waitFor();
  return page;
}

const bellLabel = (page: Page) => page.getByTestId('bell').getAttribute('aria-label');
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute('aria-label') ?? el?.textContent ?? '';
  });
const panel = (page: Page) => page.getByTestId('bell-panel');
const items = (page: Page) => page.getByTestId('bell-alert');
const itemTitles = (page: Page) => items(page).evaluateAll((els) => els.map((el) => el.querySelector('[title]')?.getAttribute('title')));

const live = (page: Page) => until(() => page.getByTestId('bell').getAttribute('data-connection'), 'live', 15_000);

describe('the bell as an inbox', () => {
  let bob: Page;
  let bobElsewhere: Page;

  beforeAll(async () => {
    bob = await signIn('bob');
    bobElsewhere = await bob.context().newPage();
    await bobElsewhere.goto(app.url);
    for (const page of [bob, bobElsewhere]) await live(page);
    for (const title of ['Alpha', 'Bravo', 'Charlie']) await notice(title);
    for (const page of [bob, bobElsewhere]) await until(() => bellLabel(page), 'Notifications, 3 unread');
    await bob.bringToFront();
  });

  it("opens on the All tab; arrows move between the tabs; Tab reaches an alert's actions, shown with a 2 px focus ring", async () => {
    await bob.getByTestId('bell').focus();
    await bob.keyboard.press('Enter');
    await panel(bob).waitFor();
    expect(await bob.getByRole('dialog', { name: 'Notifications' }).count()).toBe(1);
    await expect.poll(() => focused(bob)).toBe('All');
    await bob.keyboard.press('ArrowLeft');
    await expect.poll(() => focused(bob)).toBe('Unread (3)');
    expect(await bob.getByRole('tab', { name: 'Unread (3)' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => itemTitles(bob)).toEqual(['Charlie', 'Bravo', 'Alpha']);

    await bob.keyboard.press('Tab'); // the scrolling list itself
    expect(await bob.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('bell-list');
    await bob.keyboard.press('Tab'); // the item's reason, a link to the setting behind it (DESIGN §4b)
    await expect.poll(() => focused(bob)).toBe('sent to all users');
    await bob.keyboard.press('Tab');
    await expect.poll(() => focused(bob)).toBe('Mark as read: Charlie');
    const ring = await bob.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      const actions = document.activeElement!.closest('[data-testid="bell-alert-actions"]')!;
      // The ring's colour as sRGB (Tailwind writes lab/oklch), and its contrast with the panel's white.
      const canvas = document.createElement('canvas').getContext('2d')!;
      canvas.fillStyle = style.outlineColor;
      canvas.fillRect(0, 0, 1, 1);
      const [r, g, b] = [...canvas.getImageData(0, 0, 1, 1).data]
        .map((v) => v / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      const contrast = 1.05 / (0.2126 * r! + 0.7152 * g! + 0.0722 * b! + 0.05);
      return { width: style.outlineWidth, style: style.outlineStyle, contrast: contrast >= 3, shown: getComputedStyle(actions).opacity };
    });
    expect(ring).toEqual({ width: '2px', style: 'solid', contrast: true, shown: '1' }); // indigo-700 on white: about 7:1

    await bob.keyboard.press('Enter');
    await expect.poll(() => bellLabel(bobElsewhere), { timeout: 10_000 }).toBe('Notifications, 2 unread');
    await expect.poll(() => focused(bob)).toBe('Mark as unread: Charlie');
    await bob.keyboard.press('Enter');
    await expect.poll(() => bellLabel(bobElsewhere), { timeout: 10_000 }).toBe('Notifications, 3 unread');
  });

  it('archives from the keyboard; the alert waits under Archived, and Restore brings it back; the other tab follows', async () => {
    await bob.getByRole('button', { name: 'Archive: Bravo' }).focus();
    await bob.keyboard.press('Enter');
    await expect.poll(() => itemTitles(bob)).toEqual(['Charlie', 'Alpha']);
    await expect.poll(() => bellLabel(bobElsewhere), { timeout: 10_000 }).toBe('Notifications, 2 unread');

    await bob.getByRole('tab', { name: 'Archived' }).focus();
    await bob.keyboard.press('Enter');
    await expect.poll(() => itemTitles(bob)).toEqual(['Bravo']);
    await bob.getByRole('button', { name: 'Restore: Bravo' }).focus();
    await bob.keyboard.press('Enter');
    await bob.getByTestId('bell-empty').waitFor();
    await expect.poll(() => bellLabel(bobElsewhere), { timeout: 10_000 }).toBe('Notifications, 3 unread');
    await bob.getByRole('tab', { name: 'All' }).click();
    await expect.poll(() => itemTitles(bob)).toEqual(['Charlie', 'Bravo', 'Alpha']);
  });

  it("snoozes from the item's menu (a real menu, with the keyboard), and the snoozed alert is listed as such", async () => {
    await bob.getByRole('button', { name: 'Snooze: Alpha' }).focus();
    await bob.keyboard.press('Enter');
    const menu = bob.getByRole('menu', { name: 'Snooze: Alpha' });
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['1 hour', 'Tomorrow morning', 'Next week', 'Pick a date…']);
    await expect.poll(() => focused(bob)).toBe('1 hour');
    await bob.keyboard.press('Enter');
    await expect.poll(() => itemTitles(bob)).toEqual(['Charlie', 'Bravo']);
    await expect.poll(() => bellLabel(bobElsewhere), { timeout: 10_000 }).toBe('Notifications, 2 unread');
    const snoozed = await api(bobToken, 'GET', '/alerts?snoozed=true');
    expect(snoozed.results.map((a: { title: string }) => a.title)).toEqual(['Alpha']);
    const hours = (Date.parse(snoozed.results[0].snoozed_until) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(0.9);
    expect(hours).toBeLessThanOrEqual(1);
  });

  it('"More actions" links to the settings and deletes', async () => {
    await bob.getByRole('button', { name: 'More actions: Charlie' }).click();
    const menu = bob.getByRole('menu', { name: 'More actions: Charlie' });
    expect(await menu.getByRole('menuitem', { name: 'Notification settings' }).getAttribute('href')).toBe('/settings/notifications');
    await menu.getByRole('menuitem', { name: 'Delete' }).click();
    await expect.poll(() => itemTitles(bob)).toEqual(['Bravo']);
  });

  it("Tab past the panel's last link closes it; Escape closes it back onto the bell", async () => {
    await bob.getByRole('link', { name: 'View all' }).focus();
    await bob.keyboard.press('Tab');
    await expect.poll(() => panel(bob).count()).toBe(0);
    await bob.getByTestId('bell').click();
    await panel(bob).waitFor();
    await bob.keyboard.press('Escape');
    await expect.poll(() => panel(bob).count()).toBe(0);
    expect(await bob.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('bell');
  });

  it('a snooze that ends comes back live, unread and on top, in every open tab', async () => {
    await notice('Delta');
    await expect.poll(() => bellLabel(bobElsewhere), { timeout: 10_000 }).toBe('Notifications, 2 unread');
    const [bravo] = (await api(bobToken, 'GET', '/alerts')).results.filter((a: { title: string }) => a.title === 'Bravo');
    await api(bobToken, 'POST', '/alerts/snooze', { ids: [bravo.id], until: new Date(Date.now() + 3000).toISOString() });
    await expect.poll(() => bellLabel(bobElsewhere), { timeout: 10_000 }).toBe('Notifications, 1 unread');
    await bob.getByTestId('bell').click();
    await expect.poll(() => itemTitles(bob)).toEqual(['Delta']);
    await expect.poll(() => itemTitles(bob), { timeout: 15_000 }).toEqual(['Bravo', 'Delta']);
    expect(await items(bob).first().getAttribute('data-unread')).toBe('true');
    await expect.poll(() => bellLabel(bobElsewhere), { timeout: 10_000 }).toBe('Notifications, 2 unread');
    await expect.poll(() => bobElsewhere.getByTestId('bell-announcer').textContent()).toBe('Back from snooze: Bravo');
    await bob.keyboard.press('Escape');
  });

  it('filters by severity: the alerts about a High finding, and no others', async () => {
    const [high] = (await api(bobToken, 'GET', '/findings?severity=High&limit=1')).results;
    await api(adminToken, 'POST', '/events', { type: 'other', title: 'About a High finding', finding: high.id, severity: 'High' });
    await expect.poll(() => bellLabel(bob), { timeout: 10_000 }).toBe('Notifications, 3 unread');
    await bob.getByTestId('bell').click();
    await bob.getByTestId('bell-severity').selectOption('High');
    await expect.poll(() => itemTitles(bob)).toEqual(['About a High finding']);
    // A severity keeps that one and above: nothing is Critical.
    await bob.getByTestId('bell-severity').selectOption('Critical');
    await bob.getByTestId('bell-empty').waitFor();
    await bob.getByTestId('bell-severity').selectOption('any');
    await expect.poll(() => itemTitles(bob)).toEqual(['About a High finding', 'Bravo', 'Delta']);
    await bob.keyboard.press('Escape');
  });

  it('loads more as its list scrolls to the end', async () => {
    for (let i = 1; i <= 12; i++) await notice(`Scroll ${i}`);
    await expect.poll(() => bellLabel(bob), { timeout: 10_000 }).toBe('Notifications, 15 unread');
    await bob.getByTestId('bell').click();
    await expect.poll(() => items(bob).count()).toBe(10);
    await bob.getByTestId('bell-list').evaluate((list) => list.scrollTo(0, list.scrollHeight));
    await expect.poll(() => items(bob).count()).toBe(15);
    expect((await itemTitles(bob)).slice(-3)).toEqual(['About a High finding', 'Bravo', 'Delta']);
    await bob.keyboard.press('Escape');
  });
});

describe('the alerts page', () => {
  let bob: Page;
  const rows = (page: Page) => page.getByTestId('alert-row');
  const rowTitles = (page: Page) => rows(page).evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));

  beforeAll(async () => {
    await api(bobToken, 'DELETE', '/alerts');
    bob = await signIn('bob');
    await live(bob);
    for (const title of ['Sync one', 'Sync two']) await notice(title, 'jira_update');
    for (let i = 1; i <= 3; i++) await notice(`Notice ${i}`);
    await until(() => bellLabel(bob), 'Notifications, 5 unread');
  });

  it('"Mark these 2 read" on a filtered page reads those 2 and no other; "Mark as unread" undoes it for a selection', async () => {
    await bob.goto(`${app.url}/alerts`);
    await bob.getByLabel('Event').selectOption('jira_update');
    await bob.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rows(bob).count()).toBe(2);
    expect(await bob.getByTestId('alerts-total').textContent()).toBe('2 alerts');
    await bob.getByRole('button', { name: 'Mark these 2 read' }).click();
    await expect.poll(() => bellLabel(bob), { timeout: 10_000 }).toBe('Notifications, 3 unread');
    await expect.poll(() => rowTitles(bob)).toEqual(['Sync two', 'Sync one']);

    await bob.getByLabel('Select: Sync one').check();
    await bob.getByRole('button', { name: 'Mark as unread (1)' }).click();
    await expect.poll(() => bellLabel(bob), { timeout: 10_000 }).toBe('Notifications, 4 unread');
    await expect.poll(() => rowTitles(bob)).toEqual(['Sync two', 'Sync one, unread']);
  });

  it('archives a row, lists it under Archived, and restores it', async () => {
    await bob.goto(`${app.url}/alerts`);
    await bob.getByRole('button', { name: 'Archive: Notice 2' }).click();
    await expect.poll(() => rowTitles(bob)).toEqual(['Notice 3, unread', 'Notice 1, unread', 'Sync two', 'Sync one, unread']);
    await expect.poll(() => bellLabel(bob), { timeout: 10_000 }).toBe('Notifications, 3 unread');
    await bob.getByRole('navigation', { name: 'Alert boxes' }).getByRole('link', { name: 'Archived' }).click();
    await expect.poll(() => rowTitles(bob)).toEqual(['Notice 2, unread']);
    await bob.getByRole('button', { name: 'Restore: Notice 2' }).click();
    await bob.getByText('Nothing archived').waitFor();
    await expect.poll(() => bellLabel(bob), { timeout: 10_000 }).toBe('Notifications, 4 unread');
  });

  it('j / k move between rows, r reads and unreads, e archives; the page documents them', async () => {
    await bob.goto(`${app.url}/alerts`);
    await bob.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await bob.locator('kbd').allTextContents()).toEqual(expect.arrayContaining(['j', 'k', 'r', 'e']));
    await expect.poll(() => rows(bob).count()).toBe(5);
    await bob.locator('body').press('j');
    await bob.keyboard.press('j');
    await bob.keyboard.press('k');
    await bob.keyboard.press('j');
    await expect.poll(() => focused(bob)).toBe('Notice 2, unread');
    await bob.keyboard.press('r');
    await expect.poll(() => bellLabel(bob), { timeout: 10_000 }).toBe('Notifications, 3 unread');
    await expect.poll(() => focused(bob)).toBe('Notice 2');
    await bob.keyboard.press('e');
    await expect.poll(() => rows(bob).count()).toBe(4);
    await expect.poll(() => focused(bob)).toBe('Notice 1, unread');
    const archived = await api(bobToken, 'GET', '/alerts?archived=true');
    expect(archived.results.map((a: { title: string }) => a.title)).toEqual(['Notice 2']);
  });

  it('filters by product and groups by product', async () => {
    const [payments] = (await api(adminToken, 'GET', '/products?name=Payments%20API')).results;
    await api(adminToken, 'POST', '/events', { type: 'other', title: 'About Payments', product: payments.id });
    await expect.poll(() => bellLabel(bob), { timeout: 10_000 }).toBe('Notifications, 4 unread');
    await bob.goto(`${app.url}/alerts`);
    await bob.getByRole('combobox', { name: 'Product', exact: true }).selectOption({ label: 'Payments API' });
    await bob.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => rowTitles(bob)).toEqual(['About Payments, unread']);
    await bob.goto(`${app.url}/alerts?group=product`);
    await expect
      .poll(() => bob.getByRole('heading', { level: 2 }).allTextContents())
      .toEqual(['Payments API', 'Not about a product', 'Keyboard shortcuts']);
    expect(await bob.getByRole('region', { name: 'Payments API' }).getByTestId('alert-row').count()).toBe(1);
  });

  it('at 375 px the unread pill does not overlap the time on a long title', async () => {
    await notice(`A very long title ${'that keeps going '.repeat(12)}`);
    const phone = await signIn('bob', DEMO_PASSWORD, { width: 375, height: 800 });
    await phone.goto(`${app.url}/alerts`);
    const row = phone.getByTestId('alert-row').first();
    await row.waitFor();
    const [pill, time] = [await row.getByText('unread', { exact: true }).boundingBox(), await row.locator('time').first().boundingBox()];
    const overlaps =
      pill!.x < time!.x + time!.width &&
      time!.x < pill!.x + pill!.width &&
      pill!.y < time!.y + time!.height &&
      time!.y < pill!.y + pill!.height;
    expect(overlaps).toBe(false);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.context().close();
  });
});

describe('axe finds nothing in the bell, open or closed, nor on /alerts', () => {
  // The bell on every page lives in the top bar: it is checked on the dashboard (closed and open,
  // with alerts in every tab); /alerts is checked whole.
  const check = async (page: Page, include?: string) => {
    const builder = new AxeBuilder({ page });
    if (include) builder.include(include);
    const { violations } = await builder.analyze();
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };

  for (const [who, username, password] of [
    ['an admin', ADMIN.username, ADMIN.password],
    ['a Reader', 'olivia', DEMO_PASSWORD],
  ] as const) {
    it(`as ${who}`, async () => {
      const page = await signIn(username, password === ADMIN.password ? ADMIN.password : password);
      await live(page);
      await notice(`For ${username}`);
      await expect.poll(() => bellLabel(page), { timeout: 10_000 }).toMatch(/[1-9]\d* unread/);
      expect(await check(page, '[data-slot="bell"]')).toEqual([]);
      await page.getByTestId('bell').click();
      await items(page).first().waitFor();
      await items(page).first().hover();
      expect(await check(page, '[data-slot="bell"]')).toEqual([]);
      await page.getByRole('tab', { name: 'Archived' }).click();
      await page.getByTestId('bell-empty').waitFor();
      expect(await check(page, '[data-slot="bell"]')).toEqual([]);
      await page.keyboard.press('Escape');
      await page.goto(`${app.url}/alerts`);
      await rows0(page).first().waitFor();
      expect(await check(page)).toEqual([]);
      await page.getByTestId('bell').click();
      await panel(page).waitFor();
      expect(await check(page)).toEqual([]);
      await page.context().close();
    });
  }
  const rows0 = (page: Page) => page.getByTestId('alert-row');
});
