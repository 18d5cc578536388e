// The security program through the pages: an admin builds one, a Reader only looks, a note's
// @mention is stored, bad input is answered next to its field, and an outsider gets 404s.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../support/app-server';
import { demoInBrowser } from '../support/demo-browser';

const demo = demoInBrowser();
const { signInAs } = demo;

/** What the admin creates, by URL path, for the Reader and the outsider to visit. */
const created = { productType: '', product: '', engagement: '', test: '', finding: '' };

/** Follows a link and waits for its page, so the next fill lands on the new page's form. */
async function follow(page: Page, link: string, path: RegExp): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click();
  await page.waitForURL(path);
}

/** Submits the page's form with `button` and returns the path it lands on. */
async function submitAndLand(page: Page, button: string, path: RegExp): Promise<string> {
  await page.getByRole('button', { name: button }).click();
  await page.waitForURL(path);
  return new URL(page.url()).pathname;
}

describe('an admin runs a program through the pages', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signInAs(ADMIN.username, ADMIN.password);
  });
  afterAll(async () => page.close());

  it('creates a product type, a product, an engagement, a test and a finding', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Product types' }).click();
    await follow(page, 'New product type', /\/product-types\/new$/);
    await page.getByLabel('Name').fill('E2E Platform');
    await page.getByLabel('Description').fill('Made by the browser test');
    created.productType = await submitAndLand(page, 'Create product type', /\/product-types\/\d+$/);
    await page.getByRole('heading', { name: 'E2E Platform' }).waitFor();

    await follow(page, 'Add product', /\/products\/new/);
    await page.getByLabel('Name').fill('E2E Storefront');
    expect(await page.getByLabel('Product type').inputValue()).toBe(created.productType.split('/').pop());
    created.product = await submitAndLand(page, 'Create product', /\/products\/\d+$/);
    await page.getByRole('heading', { name: 'E2E Storefront' }).waitFor();

    await follow(page, 'Add engagement', /\/engagements\/new/);
    await page.getByLabel('Name').fill('Launch review');
    await page.getByLabel('Start').fill('2026-03-01');
    await page.getByLabel('End').fill('2026-03-31');
    created.engagement = await submitAndLand(page, 'Create engagement', /\/engagements\/\d+$/);

    await follow(page, 'Add test', /\/tests\/new/);
    await page.getByLabel('Title').fill('Baseline ZAP');
    await page.getByLabel('Test type').fill('ZAP Scan');
    created.test = await submitAndLand(page, 'Create test', /\/tests\/\d+$/);

    await follow(page, 'Add finding', /\/findings\/new/);
    await page.getByLabel('Title').fill('Reflected XSS in search');
    await page.getByLabel('Severity').selectOption('High');
    await page.getByLabel('Found on').fill('2026-03-02');
    created.finding = await submitAndLand(page, 'Create finding', /\/findings\/\d+$/);
    await page.getByRole('heading', { name: 'Reflected XSS in search' }).waitFor();
    // High: 30 days from the day it was found.
    await page.getByText('2026-04-01').waitFor();
  });

  it('answers bad input next to the field and keeps what was typed', async () => {
    await page.goto(`${demo.app.url}/engagements/new?product=${created.product.split('/').pop()}`);
    await page.getByLabel('Name').fill('Backwards');
    await page.getByLabel('Start').fill('2026-05-10');
    await page.getByLabel('End').fill('2026-05-01');
    await page.getByRole('button', { name: 'Create engagement' }).click();
    const end = page.getByLabel('End');
    await expect.poll(() => end.getAttribute('aria-invalid')).toBe('true');
    const errorId = await end.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe('The end date must not be before the start date.');
    expect(await page.getByLabel('Name').inputValue()).toBe('Backwards');
    expect(await page.getByLabel('Start').inputValue()).toBe('2026-05-10');
    expect(new URL(page.url()).pathname).toBe('/engagements/new');

    await page.goto(`${demo.app.url}/product-types/new`);
    await page.getByLabel('Description').fill('kept');
    await page.getByRole('button', { name: 'Create product type' }).click();
    await expect.poll(() => page.getByTestId('error-name').textContent()).toBe('This field may not be blank.');
    expect(await page.getByLabel('Description').inputValue()).toBe('kept');
  });

  it('saves a note with an @mention, completed from the people who can see the finding', async () => {
    await page.goto(`${demo.app.url}${created.finding}`);
    const box = page.getByRole('textbox', { name: 'Add a note' });
    await box.fill('Can you check this, @oli');
    await page.getByRole('option', { name: /@olivia/ }).waitFor();
    // bob only sees Payments API: not offered for this product.
    await box.press('Backspace');
    await box.press('Backspace');
    await box.press('Backspace');
    await box.pressSequentially('b');
    await expect.poll(() => page.getByRole('listbox').count()).toBe(0);
    await box.press('Backspace');
    await box.pressSequentially('oli');
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Can you check this, @olivia ');
    await box.pressSequentially('before Friday?');
    await page.getByRole('button', { name: 'Post note' }).click();
    await page.getByTestId('note').filter({ hasText: 'before Friday?' }).waitFor();
    expect(await page.getByTestId('mention').textContent()).toBe('@olivia');
    expect(await box.inputValue()).toBe('');

    const findingId = Number(created.finding.split('/').pop());
    const mentions = await demo.sql<{ username: string }[]>`
      select u.username from note_mentions m join notes n on n.id = m.note_id join users u on u.id = m.user_id
      where n.finding_id = ${findingId}`;
    expect(mentions.map((m) => m.username)).toEqual(['olivia']);
  });

  it('closes and reopens the engagement', async () => {
    await page.goto(`${demo.app.url}${created.engagement}`);
    await page.getByRole('button', { name: 'Close engagement' }).click();
    await expect.poll(() => page.getByTestId('engagement-status').textContent()).toBe('Completed');
    await page.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => page.getByTestId('engagement-status').textContent()).toBe('In Progress');
  });

  it('deletes only after the confirmation', async () => {
    await page.goto(`${demo.app.url}/product-types/new`);
    await page.getByLabel('Name').fill('Short-lived');
    await submitAndLand(page, 'Create product type', /\/product-types\/\d+$/);
    await page.getByText('Delete…').click();
    await page.getByText('Delete product type Short-lived? This cannot be undone.').waitFor();
    await page.getByRole('button', { name: 'Delete permanently' }).click();
    await page.waitForURL(`${demo.app.url}/product-types`);
    expect(await page.getByRole('link', { name: 'Short-lived' }).count()).toBe(0);
  });
});

describe('an admin administers people', () => {
  it('creates a user, gives them a role in a product type, and deactivates them', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await follow(page, 'Admin', /\/admin\/users$/);
    await follow(page, 'New user', /\/admin\/users\/new$/);
    await page.getByLabel('Username').fill('dana');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => page.getByTestId('error-password').textContent()).toBe('At least 12 characters.');
    expect(await page.getByLabel('Username').inputValue()).toBe('dana');
    await page.getByLabel('Password').fill('river-lantern-77');
    await submitAndLand(page, 'Create user', /\/admin\/users\/\d+$/);

    const types = page.getByTestId('memberships-product_type');
    await types.getByLabel('Product type', { exact: true }).selectOption({ label: 'E2E Platform' });
    await types.getByLabel('Role', { exact: true }).selectOption('Writer');
    await types.getByRole('button', { name: 'Add' }).click();
    await types.getByRole('link', { name: 'E2E Platform' }).waitFor();

    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('button', { name: 'Reactivate' }).waitFor();
    const [dana] = await demo.sql<{ is_active: boolean; role: string }[]>`
      select u.is_active, m.role from users u join product_type_members m on m.user_id = u.id where u.username = 'dana'`;
    expect(dana).toEqual({ is_active: false, role: 'Writer' });
    await page.close();
  });
});

describe('the profile', () => {
  it('saves the Slack target and shows a new API token once', async () => {
    const page = await signInAs('bob');
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    await page.waitForURL(`${demo.app.url}/profile`);
    await page.getByLabel('Slack DM target').fill('not a target');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.getByTestId('error-slack_target').textContent()).toContain('Slack user id');
    await page.getByLabel('Slack DM target').fill('U012AB3CD');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();

    await page.getByLabel('Token name').fill('GitLab CI');
    await page.getByRole('button', { name: 'Create token' }).click();
    const key = await page.getByTestId('new-token-key').textContent();
    expect(key).toMatch(/^tocsin_/);
    const me = await fetch(`${demo.app.url}/api/v2/users/me`, { headers: { authorization: `Token ${key}` } });
    expect((await me.json()).username).toBe('bob');
    await page.reload();
    expect(await page.getByTestId('new-token').count()).toBe(0);
    const row = page.getByTestId('api-token').filter({ hasText: 'GitLab CI' });
    await row.getByText('UTC').nth(1).waitFor(); // last used: just now
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await fetch(`${demo.app.url}/api/v2/users/me`, { headers: { authorization: `Token ${key}` } })).status).toBe(401);
    await page.close();
  });
});

describe('a Reader', () => {
  it('sees everything the admin made and has no button to change it', async () => {
    const page = await signInAs('olivia');
    const titles: [keyof typeof created, string][] = [
      ['productType', 'E2E Platform'],
      ['product', 'E2E Storefront'],
      ['engagement', 'Launch review'],
      ['test', 'Baseline ZAP'],
      ['finding', 'Reflected XSS in search'],
    ];
    for (const [key, title] of titles) {
      await page.goto(`${demo.app.url}${created[key]}`);
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      for (const label of ['Edit', 'Add product', 'Add engagement', 'Add test', 'Add finding']) {
        expect(await page.getByRole('link', { name: label, exact: true }).count(), `${label} on ${key}`).toBe(0);
      }
      expect(await page.getByText('Delete…').count(), `delete on ${key}`).toBe(0);
      expect(await page.getByRole('button', { name: /Close engagement|Reopen|Request a review|Accept risk/ }).count(), key).toBe(0);
    }
    // Readers may comment, as in DefectDojo.
    await page.getByRole('textbox', { name: 'Add a note' }).waitFor();
    await page.goto(`${demo.app.url}/product-types`);
    expect(await page.getByRole('link', { name: 'New product type' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect((await page.goto(`${demo.app.url}/admin/users`))?.status()).toBe(404);
    await page.close();
  });
});

describe('a user without access', () => {
  it('gets the 404 page for every detail and edit page of the program', async () => {
    const page = await signInAs('erin');
    const urls = Object.values(created).flatMap((path) => [path, `${path}/edit`]);
    urls.push(`/engagements/new?product=${created.product.split('/').pop()}`, `/findings/new?test=${created.test.split('/').pop()}`);
    for (const url of urls) {
      const response = await page.goto(`${demo.app.url}${url}`);
      expect(response?.status(), url).toBe(404);
      await page.getByTestId('not-found').waitFor();
    }
    await page.close();
  });
});

describe('on a phone', () => {
  it('the finding page fits 375 px and the navigation is reachable', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${demo.app.url}${created.finding}`);
    await page.getByRole('heading', { name: 'Reflected XSS in search' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' }).click();
    await page.waitForURL(`${demo.app.url}/findings`);
    await page.close();
  });
});
