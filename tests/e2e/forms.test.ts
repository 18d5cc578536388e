// Forms that explain themselves, in the browser: the first admin saves their own profile, errors on
// a list's entries are shown on the field naming the line, a sender may have a display name, typed
// secrets survive a refused save, messages read as written for people, product members see the
// product type's name, and the matrices point to what to fix.
import type postgres from 'postgres';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD, type RunningApp } from '../support/app-server';
import { launchBrowser, signInOn } from '../support/browser';
import { startDemoApp, type DemoApp } from '../support/demo-app';

let app: RunningApp;
let demo: DemoApp;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let sql: postgres.Sql;
let payments: number;

beforeAll(async () => {
  demo = await startDemoApp();
  ({ app, sql } = demo);
  browser = await launchBrowser();
  const [row] = await demo.sql<{ id: number }[]>`select id from products where name = 'Payments API'`;
  payments = row!.id;
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function signInAs(username: string, password = DEMO_PASSWORD): Promise<Page> {
  await browser.context.clearCookies();
  return signInOn(await browser.context.newPage(), app.url, username, password);
}

/** The text of the error a field points to with aria-describedby. */
async function errorOf(page: Page, label: string, scope = page.locator('body')): Promise<string | null> {
  const field = scope.getByLabel(label, { exact: true });
  await expect.poll(() => field.getAttribute('aria-describedby')).toBeTruthy();
  return page.locator(`[id="${await field.getAttribute('aria-describedby')}"]`).textContent();
}

describe('the first admin', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signInAs(ADMIN.username, ADMIN.password);
  });
  afterAll(async () => page.close());

  it('saves their own profile with the address the app generated', async () => {
    await page.goto(`${app.url}/profile`);
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('admin@localhost');
    await page.getByLabel('Slack DM target').fill('U0ADMIN01');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    const [admin] = await sql`select id, slack_user_id from users where username = ${ADMIN.username}`;
    expect(admin!.slack_user_id).toBe('U0ADMIN01');

    await page.goto(`${app.url}/admin/users/${admin!.id}`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('form-success').waitFor();
  });

  it('is told why an address is refused', async () => {
    await page.goto(`${app.url}/profile`);
    await page.getByLabel('Email', { exact: true }).fill('admin@corp');
    await page.getByRole('button', { name: 'Save profile' }).click();
    expect(await errorOf(page, 'Email')).toBe('admin@corp is not an email address (its domain corp has no dot, like example.com).');
  });

  it('on their own matrix is shown where to set a channel up, not told to ask an admin', async () => {
    await page.goto(`${app.url}/settings/notifications`);
    await page.getByRole('link', { name: 'Set it up in Integrations' }).first().waitFor();
    expect(await page.getByText(/ask an admin/).count()).toBe(0);
  });
});

describe('the Integrations page', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signInAs(ADMIN.username, ADMIN.password);
  });
  afterAll(async () => page.close());

  it('names the wrong line of the recipients, keeps the typed key, and accepts a sender with a display name', async () => {
    await page.goto(`${app.url}/admin/integrations`);
    const email = page.getByRole('form', { name: 'Email' });
    await email.getByLabel('Sender address').fill('Tocsin <tocsin@example.com>');
    await email.getByLabel('Resend API key').fill('re_typed_key_123');
    await email.getByLabel('System-wide recipients').fill('appsec@example.com\nfoo');
    await email.getByRole('button', { name: 'Save email' }).click();
    expect(await errorOf(page, 'System-wide recipients', email)).toBe('Line 2: foo is not an email address (it has no @).');
    expect(await email.getByLabel('System-wide recipients').inputValue()).toBe('appsec@example.com\nfoo');
    expect(await email.getByLabel('Resend API key').inputValue()).toBe('re_typed_key_123');
    expect(await email.getByLabel('Sender address').inputValue()).toBe('Tocsin <tocsin@example.com>');

    await email.getByLabel('System-wide recipients').fill('appsec@example.com');
    await email.getByRole('button', { name: 'Save email' }).click();
    await email.getByText('Email settings saved.').waitFor();
    const [row] = await sql`select mail_from, mail_notifications_to, resend_api_key_encrypted is not null as key_set from system_settings`;
    expect(row).toEqual({ mail_from: 'Tocsin <tocsin@example.com>', mail_notifications_to: ['appsec@example.com'], key_set: true });
    // Saved: the secret is now only "set", never sent back.
    expect(await email.getByLabel('Resend API key').inputValue()).toBe('');
  });

  it('keeps a typed Teams URL after a refused save', async () => {
    const teams = page.getByRole('form', { name: 'Microsoft Teams' });
    await teams.getByLabel('Workflows webhook URL').fill('http://teams.example.com/hook');
    await teams.getByRole('button', { name: 'Save Teams' }).click();
    await expect.poll(() => teams.getByTestId('error-msteams_url').count()).toBe(1);
    expect(await teams.getByLabel('Workflows webhook URL').inputValue()).toBe('http://teams.example.com/hook');
  });

  it('words a number out of range for people', async () => {
    const alerts = page.getByRole('form', { name: 'Alerts' });
    await alerts.getByLabel('Keep alerts for (days)').fill('0');
    await alerts.getByRole('button', { name: 'Save alerts' }).click();
    const message = await errorOf(page, 'Keep alerts for (days)', alerts);
    expect(message).toMatch(/^At least 1\.$/);
  });
});

describe("a product's destinations", () => {
  it('name the wrong line and keep the typed Teams URL', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await page.goto(`${app.url}/products/${payments}/settings`);
    await page.getByLabel('Microsoft Teams Workflows URL').fill('https://teams.example.com/workflows/abc');
    await page.getByLabel('Mail recipients').fill('pay@example.com\nsecond@example.com\nnot-an-address');
    await page.getByRole('button', { name: 'Save destinations' }).click();
    expect(await errorOf(page, 'Mail recipients')).toBe('Line 3: not-an-address is not an email address (it has no @).');
    expect(await page.getByLabel('Microsoft Teams Workflows URL').inputValue()).toBe('https://teams.example.com/workflows/abc');
    await page.close();
  });
});

describe('messages for people', () => {
  it('a too long description reads the same on the page and in the API', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await page.goto(`${app.url}/product-types/new`);
    await page.getByLabel('Name').fill('Long one');
    await page.getByLabel('Description').fill('x'.repeat(4001));
    await page.getByRole('button', { name: 'Create product type' }).click();
    expect(await errorOf(page, 'Description')).toBe('At most 4,000 characters.');

    const token = await (
      await fetch(`${app.url}/api/v2/api-token-auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      })
    ).json();
    const response = await fetch(`${app.url}/api/v2/product_types`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${token.token}` },
      body: JSON.stringify({ name: 'Long one', description: 'x'.repeat(4001) }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors.description).toEqual(['At most 4,000 characters.']);
    await page.close();
  });
});

describe('a product member who cannot see the product type', () => {
  it('sees the type by name on the products list and on the product', async () => {
    const page = await signInAs('bob');
    const [type] = await sql`select pt.name from product_types pt join products p on p.prod_type_id = pt.id where p.id = ${payments}`;
    await page.goto(`${app.url}/products`);
    expect(await page.getByTestId('product-type-name').first().textContent()).toBe(type!.name);
    await page.goto(`${app.url}/products/${payments}`);
    expect(await page.getByTestId('product-type-name').textContent()).toBe(type!.name);
    // Not a link: the type's page would be a 404 for bob.
    expect(await page.getByRole('link', { name: type!.name }).count()).toBe(0);
    await page.close();
  });
});

describe('the Slack DM column', () => {
  it('sends a user without a Slack ID to their profile once Slack is set up', async () => {
    await sql`update system_settings set enable_slack_notifications = true, slack_token_encrypted = 'placeholder' where id = 1`;
    const page = await signInAs('alice');
    await page.goto(`${app.url}/settings/notifications`);
    await page.getByRole('link', { name: 'Add your Slack ID in your profile' }).click();
    await page.waitForURL(/\/profile$/);
    await page.close();
  });
});

describe('breadcrumbs', () => {
  it('start at Products on every level of the program, and lead down to the page', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    const [f] = await demo.sql<{ finding: number; test: number; engagement: number; product: number }[]>`
      select f.id as finding, t.id as test, e.id as engagement, e.product_id as product
      from findings f join tests t on t.id = f.test_id join engagements e on e.id = t.engagement_id order by f.id limit 1`;
    const expected: [string, number][] = [
      [`/products/${f!.product}`, 1],
      [`/products/${f!.product}/edit`, 2],
      [`/engagements/${f!.engagement}`, 2],
      [`/engagements/${f!.engagement}/edit`, 3],
      [`/tests/new?engagement=${f!.engagement}`, 3],
      [`/tests/${f!.test}`, 3],
      [`/tests/${f!.test}/edit`, 4],
      [`/findings/new?test=${f!.test}`, 4],
      [`/findings/${f!.finding}`, 4],
      [`/findings/${f!.finding}/edit`, 5],
    ];
    for (const [path, depth] of expected) {
      await page.goto(`${app.url}${path}`);
      const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link');
      expect(await crumbs.allTextContents(), path).toHaveLength(depth);
      expect(await crumbs.first().textContent(), path).toBe('Products');
    }
    await page.close();
  });
});
