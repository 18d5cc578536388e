// The bell with the realtime port blocked: REALTIME_PUBLIC_URL points at a port nothing listens
// on, so the socket cannot connect. The bell says it polls, and a new alert still arrives over
// HTTP; once a sidecar listens on that port, the bell is back to push.
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
let blockedPort: number;
let sidecar: SidecarProcess | undefined;
let adminToken: string;

beforeAll(async () => {
  database = await freshDatabase();
  blockedPort = await freePort(); // free: nothing listens there
  app = await startApp({
    databaseUrl: database.url,
    env: { TOCSIN_DEMO: '1', DEMO_PASSWORD, REALTIME_PUBLIC_URL: `http://127.0.0.1:${blockedPort}`, TOCSIN_WORKER: '0' },
  });
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

const bellLabel = (page: Page) => page.getByTestId('bell').getAttribute('aria-label');
const connection = (page: Page) => page.getByTestId('bell').getAttribute('data-connection');

describe('the bell without its socket', () => {
  let bob: Page;

  beforeAll(async () => {
    const context = await browser.newContext();
    bob = await context.newPage();
    await bob.goto(`${app.url}/login`);
    await bob.getByLabel('Username').fill('bob');
    await bob.getByLabel('Password').fill(DEMO_PASSWORD);
    await bob.getByRole('button', { name: 'Sign in' }).click();
    await bob.getByRole('heading', { name: 'Products' }).waitFor();
  });

  it('falls back to polling, says so, and still delivers a new alert', async () => {
    await expect.poll(() => connection(bob), { timeout: 15_000 }).toBe('polling');
    await bob.getByTestId('bell').click();
    expect(await bob.getByTestId('bell-connection').textContent()).toContain('checking for new alerts every 10 seconds');
    await bob.keyboard.press('Escape');
    await expect.poll(() => bellLabel(bob)).toBe('Notifications, no unread');

    await fetch(`${app.url}/api/v2/events`, {
      method: 'POST',
      headers: { authorization: `Token ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'other', title: 'Arrived by polling' }),
    });
    await expect.poll(() => bellLabel(bob), { timeout: 25_000 }).toBe('Notifications, 1 unread');
    await bob.getByTestId('bell').click();
    await expect.poll(() => bob.getByTestId('bell-alert').first().textContent()).toContain('Arrived by polling');
    await bob.keyboard.press('Escape');
  });

  it('goes back to push once the sidecar can be reached', async () => {
    sidecar = await spawnScript('lib/realtime/main.ts', blockedPort, {
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: TEST_SECRET,
      REALTIME_PORT: String(blockedPort),
      REALTIME_ALLOWED_ORIGINS: app.url,
    });
    await expect.poll(() => connection(bob), { timeout: 30_000 }).toBe('live');
    const started = Date.now();
    await fetch(`${app.url}/api/v2/events`, {
      method: 'POST',
      headers: { authorization: `Token ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'other', title: 'Pushed again' }),
    });
    await expect.poll(() => bellLabel(bob), { timeout: 5_000 }).toBe('Notifications, 2 unread');
    expect(Date.now() - started).toBeLessThan(5_000); // well inside the 10 s poll: the push brought it
  });
});
