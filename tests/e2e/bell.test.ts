// The bell in a real browser: an admin creates an engagement through the API; the product's member
// sees the badge go up live in both of their tabs, a user who cannot see the product does not.
// The member works the dropdown with the keyboard; reading the alert lowers the badge in both tabs.
// The sidecar dies and comes back: the tabs reconnect and show what happened meanwhile.
//
// The browsers talk to a sidecar this test spawns itself (`tsx lib/realtime/main.ts`, what the
// launcher runs), pointed at by REALTIME_PUBLIC_URL: the launcher stops the whole app when one of
// its children exits, so its own sidecar cannot be killed and restarted alone.
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
let sidecarPort: number;
let sidecar: SidecarProcess | undefined;
let adminToken: string;

function startSidecar(): Promise<SidecarProcess> {
  return spawnScript('lib/realtime/main.ts', sidecarPort, {
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: TEST_SECRET,
    REALTIME_PORT: String(sidecarPort),
    REALTIME_ALLOWED_ORIGINS: app.url,
  });
}

beforeAll(async () => {
  database = await freshDatabase();
  sidecarPort = await freePort();
  app = await startApp({
    databaseUrl: database.url,
    // No worker: its daily schedules would greet the demo users with SLA and engagement alerts,
    // and this file counts every alert from zero.
    env: { TOCSIN_DEMO: '1', DEMO_PASSWORD, REALTIME_PUBLIC_URL: `http://127.0.0.1:${sidecarPort}`, TOCSIN_WORKER: '0' },
  });
  sidecar = await startSidecar();
  browser = await launchBrowserForUsers();
  const auth = await fetch(`${app.url}/api/v2/api-token-auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  adminToken = ((await auth.json()) as { token: string }).token;
});

afterAll(async () => {
  await browser?.close();
  await sidecar?.stop();
  await app?.stop();
  await database?.drop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${app.url}/api/v2${path}`, {
    method,
    headers: { authorization: `Token ${adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function createEngagement(productId: number, name: string): Promise<number> {
  const created = await api<{ id: number }>('POST', '/engagements', {
    name,
    product: productId,
    target_start: '2026-03-01',
    target_end: '2026-03-31',
  });
  return created.id;
}

/** A signed-in user's context with one tab on the dashboard. */
async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Products' }).waitFor();
  return page;
}

async function openTab(like: Page): Promise<Page> {
  const page = await like.context().newPage();
  await page.goto(app.url);
  return page;
}

const bellLabel = (page: Page) => page.getByTestId('bell').getAttribute('aria-label');
const connection = (page: Page) => page.getByTestId('bell').getAttribute('data-connection');
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');

async function live(page: Page): Promise<void> {
  await expect.poll(() => bellLabel(page), { timeout: 15_000 }).toMatch(/^Notifications, (no|\d+) unread$/);
  await expect.poll(() => connection(page), { timeout: 15_000 }).toBe('live');
}

describe('the bell', () => {
  let bobTab1: Page;
  let bobTab2: Page;
  let erin: Page;
  let paymentsApi: number;
  let engagementId: number;

  beforeAll(async () => {
    const products = await api<{ results: { id: number; name: string }[] }>('GET', '/products?name=Payments%20API');
    paymentsApi = products.results[0]!.id;
    bobTab1 = await signIn('bob'); // Writer on Payments API
    bobTab2 = await openTab(bobTab1);
    erin = await signIn('erin'); // no memberships
  });

  it('every tab connects, with nothing unread and a friendly empty state', async () => {
    for (const page of [bobTab1, bobTab2, erin]) await live(page);
    expect(await bellLabel(bobTab1)).toBe('Notifications, no unread');
    expect(await bobTab1.getByTestId('bell-badge').count()).toBe(0);
    expect(await bobTab1.title()).toBe('Dashboard · Tocsin');
    await bobTab1.getByTestId('bell').click();
    await bobTab1.getByTestId('bell-empty').waitFor();
    await bobTab1.keyboard.press('Escape');
  });

  it("a member's badge goes up live in both tabs, with the title and an announcement; a non-member's does not", async () => {
    // The push itself updates the cache: no tab asks the API again for it.
    const fetches: string[] = [];
    for (const page of [bobTab1, bobTab2]) page.on('request', (r) => r.url().includes('/api/v2/alerts') && fetches.push(r.url()));
    engagementId = await createEngagement(paymentsApi, 'Spring pentest');
    for (const page of [bobTab1, bobTab2]) {
      await expect.poll(() => bellLabel(page), { timeout: 10_000 }).toBe('Notifications, 1 unread');
      expect(await page.getByTestId('bell-badge').textContent()).toBe('1');
      await expect.poll(() => page.title()).toBe('(1) Dashboard · Tocsin');
      await expect.poll(() => page.getByTestId('bell-announcer').textContent()).toBe('New notification: Engagement Spring pentest added');
    }
    await new Promise((r) => setTimeout(r, 1000)); // time for a wrong push to arrive
    expect(await bellLabel(erin)).toBe('Notifications, no unread');
    expect(await erin.getByTestId('bell-announcer').textContent()).toBe('');
    expect(fetches).toEqual([]);
    for (const page of [bobTab1, bobTab2]) page.removeAllListeners('request');
  });

  it('opens with the keyboard, closes with Escape back onto the bell, and activating the alert reads it in both tabs', async () => {
    const bell = bobTab1.getByTestId('bell');
    await bell.focus();
    await bobTab1.keyboard.press('Enter');
    await bobTab1.getByTestId('bell-alert').waitFor();
    await bobTab1.keyboard.press('Escape');
    await expect.poll(() => bobTab1.getByTestId('bell-alert').count()).toBe(0);
    await expect.poll(() => focusedTestId(bobTab1)).toBe('bell');

    await bobTab1.keyboard.press('Enter');
    await expect.poll(() => focusedText(bobTab1)).toBe('All'); // the selected tab
    await bobTab1.keyboard.press('Tab'); // the list
    await bobTab1.keyboard.press('Tab'); // the first alert's link
    await expect.poll(() => focusedText(bobTab1)).toContain('Engagement Spring pentest added');
    expect(await bobTab1.getByTestId('bell-alert').first().textContent()).toContain('On Payments API.');
    await bobTab1.keyboard.press('Enter');
    await bobTab1.waitForURL(`${app.url}/engagements/${engagementId}`);

    await expect.poll(() => bellLabel(bobTab2), { timeout: 10_000 }).toBe('Notifications, no unread');
    expect(await bobTab2.getByTestId('bell-badge').count()).toBe(0);
    await expect.poll(() => bobTab2.title()).toBe('Dashboard · Tocsin');
    // Until the engagement pages are merged, the link leads to a 404 outside the signed-in layout.
    if ((await bobTab1.getByTestId('bell').count()) === 0) await bobTab1.goBack();
    await expect.poll(() => bellLabel(bobTab1), { timeout: 10_000 }).toBe('Notifications, no unread');
  });

  it('reconnects after the sidecar dies and shows what was missed', async () => {
    await live(bobTab1);
    sidecar!.child.kill('SIGKILL');
    await sidecar!.stop();
    // Reconnecting, then polling while the sidecar stays away (its first poll comes after 10 s).
    await expect.poll(() => connection(bobTab2), { timeout: 10_000 }).toMatch(/^(reconnecting|polling)$/);

    await createEngagement(paymentsApi, 'While it was down');
    await new Promise((r) => setTimeout(r, 500));
    expect(await bellLabel(bobTab2)).toBe('Notifications, no unread');

    sidecar = await startSidecar();
    for (const page of [bobTab1, bobTab2]) {
      await expect.poll(() => connection(page), { timeout: 20_000 }).toBe('live');
      await expect.poll(() => bellLabel(page), { timeout: 10_000 }).toBe('Notifications, 1 unread');
    }
    await bobTab2.getByTestId('bell').click();
    await expect.poll(() => bobTab2.getByTestId('bell-alert').first().textContent()).toContain('Engagement While it was down added');
    await bobTab2.keyboard.press('Escape');
  });

  describe('the alerts page', () => {
    const rows = (page: Page) => page.getByTestId('alert-row');
    // A background tab gets no animation frames, which Playwright waits on before each click.
    beforeAll(() => bobTab1.bringToFront());

    it('pages by cursor, newest first', async () => {
      for (let i = 1; i <= 26; i++) await api('POST', '/events', { type: 'other', title: `Notice ${i}` });
      await bobTab1.goto(`${app.url}/alerts`);
      await expect.poll(() => rows(bobTab1).count()).toBe(25);
      // The count arrives after the page: the title follows it.
      await expect.poll(() => bobTab1.title()).toMatch(/^\(\d+\) Alerts · Tocsin$/);
      expect(await rows(bobTab1).first().textContent()).toContain('Notice 26');
      await bobTab1.getByRole('link', { name: 'Older →' }).click();
      await expect.poll(() => rows(bobTab1).first().textContent()).toContain('Notice 1');
      expect(await rows(bobTab1).count()).toBe(3); // Notice 1 and the two engagements
      expect(await bobTab1.getByTestId('alerts-total').textContent()).toBe('28 alerts');
      await bobTab1.getByRole('link', { name: '← Newer' }).click();
      await expect.poll(() => rows(bobTab1).first().textContent()).toContain('Notice 26');
      expect(await rows(bobTab1).count()).toBe(25);
      expect(await bobTab1.getByRole('link', { name: '← Newer' }).count()).toBe(0);
    });

    it('filters by event type and read state', async () => {
      await bobTab1.getByLabel('Event').selectOption('engagement_added');
      await bobTab1.getByRole('button', { name: 'Filter' }).click();
      await expect.poll(() => rows(bobTab1).count()).toBe(2);
      await bobTab1.getByLabel('Show').selectOption('false');
      await bobTab1.getByRole('button', { name: 'Filter' }).click();
      await expect.poll(() => bobTab1.url()).toContain('unread=false');
      await expect.poll(() => rows(bobTab1).count()).toBe(1);
      expect(await rows(bobTab1).first().textContent()).toContain('Spring pentest');
      await bobTab1.goto(`${app.url}/alerts?type=jira_update`);
      await bobTab1.getByText('No alerts match these filters').waitFor();
    });

    it("marks read and deletes the alerts selected; the other tab's bell follows", async () => {
      await bobTab1.goto(`${app.url}/alerts?unread=true`);
      await expect.poll(() => rows(bobTab1).count()).toBe(25);
      const unreadBefore = Number(/(\d+) unread/.exec((await bellLabel(bobTab2))!)![1]);
      await bobTab1.getByLabel('Select: Notice 26').check();
      await bobTab1.getByLabel('Select: Notice 25').check();
      await bobTab1.getByRole('button', { name: 'Mark read (2)' }).click();
      await expect.poll(() => bellLabel(bobTab2), { timeout: 10_000 }).toBe(`Notifications, ${unreadBefore - 2} unread`);
      await expect.poll(() => rows(bobTab1).first().textContent()).toContain('Notice 24');

      await bobTab1.getByLabel('Select: Notice 24').check();
      await bobTab1.getByRole('button', { name: 'Delete (1)' }).click();
      await expect.poll(() => bellLabel(bobTab2), { timeout: 10_000 }).toBe(`Notifications, ${unreadBefore - 3} unread`);
      await expect.poll(() => rows(bobTab1).first().textContent()).toContain('Notice 23');
    });

    it('"Clear all" asks first, then empties the page and the bell', async () => {
      await bobTab1.goto(`${app.url}/alerts`);
      await bobTab1.getByRole('button', { name: 'Clear all' }).click();
      const dialog = bobTab1.getByRole('dialog', { name: 'Delete all your alerts?' });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(await rows(bobTab1).count()).toBe(25);

      await bobTab1.getByRole('button', { name: 'Clear all' }).click();
      await dialog.getByRole('button', { name: 'Delete all' }).click();
      await bobTab1.getByText('No alerts', { exact: true }).waitFor();
      await expect.poll(() => bellLabel(bobTab2), { timeout: 10_000 }).toBe('Notifications, no unread');
      await bobTab2.getByTestId('bell').click();
      await bobTab2.getByTestId('bell-empty').waitFor();
      await bobTab2.keyboard.press('Escape');
    });
  });
});
