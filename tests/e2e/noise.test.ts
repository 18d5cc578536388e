// Noise control in the browser (DESIGN §4b): a severity floor chosen in the matrix keeps a Low scan
// out of the mail while the bell still rings; a product muted from its page tells the user nothing.
import type postgres from 'postgres';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD, type RunningApp } from '../support/app-server';
import { launchBrowserForUsers, signInOn } from '../support/browser';
import { startDemoApp, type DemoApp } from '../support/demo-app';

let app: RunningApp;
let demo: DemoApp;
let browser: Browser;
let sql: postgres.Sql;
let adminToken: string;
let page: Page;
let alice: { id: number; email: string };
let program: { productId: number; testId: number };

beforeAll(async () => {
  demo = await startDemoApp();
  ({ app, sql } = demo);
  browser = await launchBrowserForUsers();
  const auth = await fetch(`${app.url}/api/v2/api-token-auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  adminToken = ((await auth.json()) as { token: string }).token;
  alice = (await demo.sql<{ id: number; email: string }[]>`select id, email from users where username = 'alice'`)[0]!;
  // A test of a product alice sees (she owns the Web Applications product type).
  program = (
    await demo.sql<{ productId: number; testId: number }[]>`
    select p.id as "productId", t.id as "testId" from tests t join engagements e on e.id = t.engagement_id
    join products p on p.id = e.product_id join product_types pt on pt.id = p.prod_type_id
    where pt.name = 'Web Applications' order by t.id limit 1`
  )[0]!;
  page = await signInOn(await (await browser.newContext()).newPage(), app.url, 'alice', DEMO_PASSWORD);
});

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await demo?.stop();
});

async function postEvent(body: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${app.url}/api/v2/events`, {
    method: 'POST',
    headers: { authorization: `Token ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 202) throw new Error(`POST /events: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: number }).id;
}

async function unreadInBell(): Promise<number> {
  const label = await page
    .getByRole('button', { name: /^Notifications/ })
    .first()
    .getAttribute('aria-label');
  const match = /Notifications, (\d+|no) unread/.exec(label ?? '');
  return match?.[1] === 'no' ? 0 : Number(match?.[1] ?? NaN);
}

async function mailJobsFor(eventId: number): Promise<number> {
  const [row] = await demo.sql<{ n: number }[]>`
    select count(*)::int as n from deliveries where event_id = ${eventId} and user_id = ${alice.id} and channel = 'mail'`;
  return row!.n;
}

describe('a severity floor chosen in the matrix', () => {
  it('a Low scan rings the bell but does not reach the outbox; a High one does both', async () => {
    await page.goto(`${app.url}/settings/notifications`);
    const email = page.getByLabel('Email for Scan added', { exact: true });
    if (!(await email.isChecked())) {
      await email.check();
      await page.getByTestId('matrix-status').getByText('Saved.').waitFor();
    }
    // The floor: a native select at the head of the Email column (keyboard-operable as any select).
    const floor = page.getByLabel('Email: minimum severity');
    await floor.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Email: minimum severity');
    await floor.selectOption('High');
    await page.getByTestId('matrix-status').getByText('Saved.').waitFor();
    const [row] = await demo.sql<{ floors: Record<string, string> }[]>`
      select minimum_severity as floors from notification_settings where user_id = ${alice.id} and product_id is null`;
    expect(row!.floors).toEqual({ mail: 'High' });
    await page.reload();
    expect(await page.getByLabel('Email: minimum severity').inputValue()).toBe('High');

    const before = await unreadInBell();
    const low = await postEvent({ type: 'scan_added', title: 'Low scan', test: program.testId, severity: 'Low' });
    await page.reload();
    await expect.poll(unreadInBell, { timeout: 10_000 }).toBe(before + 1);
    expect(await mailJobsFor(low)).toBe(0);

    const high = await postEvent({ type: 'scan_added', title: 'High scan', test: program.testId, severity: 'High' });
    expect(await mailJobsFor(high)).toBe(1);
    // The worker delivers it into the local outbox; the Low scan never gets there.
    await expect.poll(async () => (await sql`select 1 from outbox_emails where event_id = ${high}`).length, { timeout: 30_000 }).toBe(1);
    expect((await sql`select 1 from outbox_emails where event_id = ${low}`).length).toBe(0);
  });
});

describe('a product muted from its page', () => {
  it('sends nothing until unmuted; Unmute brings it back', async () => {
    await page.goto(`${app.url}/products/${program.productId}`);
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    await page.getByTestId('mute-status').getByText('Muted').waitFor();
    const muted = await postEvent({ type: 'other', title: 'While muted', product: program.productId });
    const [alert] = await sql`select 1 from alerts where event_id = ${muted} and user_id = ${alice.id}`;
    expect(alert).toBeUndefined();

    await page.getByRole('button', { name: 'Unmute' }).click();
    await page.getByRole('button', { name: 'Mute for a day' }).waitFor();
    expect(await sql`select 1 from mutes where user_id = ${alice.id}`).toHaveLength(0);
    const after = await postEvent({ type: 'other', title: 'After unmute', product: program.productId });
    expect(await sql`select 1 from alerts where event_id = ${after} and user_id = ${alice.id}`).toHaveLength(1);
  });
});

describe('noise control in the bell', () => {
  const items = () => page.getByTestId('bell-alert');

  it("a repeated event grows one alert's count, the reason links to the setting, and Mute in the item menu silences the product", async () => {
    await page.goto(`${app.url}/`);
    await page.getByTestId('bell').waitFor();
    const first = await postEvent({ type: 'scan_added', title: 'Grouped scan', test: program.testId, severity: 'High' });
    const second = await postEvent({ type: 'scan_added', title: 'Grouped scan', test: program.testId, severity: 'High' });
    const [grouped] = await demo.sql<{ id: string; event_ids: string[] }[]>`
      select id, event_ids::text[] from alerts where user_id = ${alice.id} and event_id = ${second}`;
    // Grouped with any unread alert of this test's scans (the tests above made some): the last two are ours.
    expect(grouped!.event_ids.slice(-2)).toEqual([String(first), String(second)]);
    const count = grouped!.event_ids.length;

    await page.reload();
    await page.getByTestId('bell').click();
    const item = items()
      .filter({ has: page.getByTestId('bell-alert-count') })
      .filter({ hasText: 'Grouped scan' });
    await item.first().waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.getByTestId('bell-alert-count').textContent()).toBe(`${count} events`);
    expect(await item.getByText('High', { exact: true }).count()).toBe(1);
    const reason = item.getByTestId('bell-alert-reason').getByRole('link');
    expect(await reason.getAttribute('href')).toMatch(/^\/(settings|products\/\d+)\/notifications$|^\/admin\/notifications$/);

    await item.getByRole('button', { name: 'More actions: Grouped scan' }).click();
    await page
      .getByRole('menu', { name: 'More actions: Grouped scan' })
      .getByRole('menuitem', { name: /^Mute / })
      .click();
    await expect
      .poll(async () => (await sql`select 1 from mutes where user_id = ${alice.id} and product_id = ${program.productId}`).length)
      .toBe(1);
    const muted = await postEvent({ type: 'other', title: 'After a mute from the bell', product: program.productId });
    expect(await sql`select 1 from alerts where event_id = ${muted} and user_id = ${alice.id}`).toHaveLength(0);
  });
});
