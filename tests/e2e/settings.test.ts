// The notification matrices in the browser: a toggle persists, a refused save rolls back and says
// why, the keyboard alone can toggle, non-admins are refused the admin pages, and the preview
// explains who hears an event.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../support/app-server';
import { demoInBrowser } from '../support/demo-browser';

const demo = demoInBrowser({ contexts: 'per-user' });
const { signInAs } = demo;

async function personalChannels(username: string, event: string): Promise<string[]> {
  const [row] = await demo.sql<{ channels: string[] }[]>`
    select s.${demo.sql(event)} as channels from notification_settings s join users u on u.id = s.user_id
    where u.username = ${username} and s.product_id is null and not s.template`;
  return row?.channels ?? [];
}

async function saved(page: Page): Promise<void> {
  await page.getByTestId('matrix-status').getByText('Saved.').waitFor();
}

describe('personal settings', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signInAs('alice');
  });
  afterAll(async () => page.context().close());

  it('the user menu leads to the page', async () => {
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Notification settings' }).click();
    await page.waitForURL(/\/settings\/notifications$/);
    await page.getByRole('heading', { name: 'Notification settings' }).waitFor();
  });

  it('a toggled box is saved at once and still ticked after a reload', async () => {
    const box = page.getByLabel('Alert for Scan added empty', { exact: true });
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await saved(page);
    expect(await personalChannels('alice', 'scan_added_empty')).toContain('alert');
    await page.reload();
    expect(await page.getByLabel('Alert for Scan added empty', { exact: true }).isChecked()).toBe(true);
  });

  it('an alert the system-wide row sends everyone is ticked and locked, with the reason', async () => {
    const box = page.getByLabel('Alert for Engagement added', { exact: true });
    expect(await box.isChecked()).toBe(true);
    expect(await box.isDisabled()).toBe(true);
    const reason = await page.getByRole('checkbox', { name: 'Alert for Engagement added', exact: true }).getAttribute('aria-describedby');
    expect(await page.locator(`[id="${reason}"]`).textContent()).toBe('Sent to all users by the system-wide settings');
    // Scan added empty is not sent system-wide: the user's own box, free to change.
    expect(await page.getByLabel('Alert for Scan added empty', { exact: true }).isDisabled()).toBe(false);
  });

  it('the keyboard alone can toggle a box (Tab to it, Space; locked boxes are skipped)', async () => {
    // Start just before the Engagement added row: its row button of the previous row has focus.
    await page.getByRole('button', { name: 'All channels for Product added' }).focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(focused).toBe('Email for Engagement added');
    const before = await page.getByLabel('Email for Engagement added', { exact: true }).isChecked();
    await page.keyboard.press('Space');
    await saved(page);
    expect(await page.getByLabel('Email for Engagement added', { exact: true }).isChecked()).toBe(!before);
    expect((await personalChannels('alice', 'engagement_added')).includes('mail')).toBe(!before);
  });

  it('a whole column toggles at once, and a channel nobody set up is greyed out with the reason', async () => {
    await page.getByRole('button', { name: 'Email for all events' }).click();
    await saved(page);
    const boxes = page.getByRole('checkbox', { name: /^Email for / });
    const states = await Promise.all((await boxes.all()).map((box) => box.isChecked()));
    expect(new Set(states).size).toBe(1);
    expect((await personalChannels('alice', 'other')).includes('mail')).toBe(states[0]);

    // The demo has no integrations: Slack DMs cannot be delivered, and the page says so.
    expect(await page.getByLabel('Slack DM for Scan added', { exact: true }).isDisabled()).toBe(true);
    await page.getByText('Slack is not set up — ask an admin.').waitFor();
  });

  it('is usable 375 px wide: the page does not overflow, the matrix scrolls', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${demo.app.url}/settings/notifications`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = page.getByLabel('Email for Close engagement', { exact: true });
    const before = await box.isChecked();
    await box.click();
    await saved(page);
    expect(await box.isChecked()).toBe(!before);
  });

  it('"Reset my settings to the template" brings the template back', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset my settings to the template' }).click();
    await page.getByText('Your settings are the template again.').waitFor();
    const [template] = await demo.sql<{ scan_added_empty: string[]; test_added: string[] }[]>`
      select scan_added_empty, test_added from notification_settings where template`;
    const expected = template ?? { scan_added_empty: [], test_added: ['alert'] };
    expect(await personalChannels('alice', 'scan_added_empty')).toEqual(expected.scan_added_empty);
    await expect
      .poll(() => page.getByLabel('Alert for Test added', { exact: true }).isChecked())
      .toBe(expected.test_added.includes('alert'));
    await expect
      .poll(() => page.getByLabel('Alert for Scan added empty', { exact: true }).isChecked())
      .toBe(expected.scan_added_empty.includes('alert'));
  });
});

describe('a save the server refuses', () => {
  it('rolls back and says why (the product became invisible while the page was open)', async () => {
    const page = await signInAs('bob');
    const [product] = await demo.sql<{ id: number }[]>`select id from products where name = 'Payments API'`;
    await page.goto(`${demo.app.url}/products/${product!.id}`);
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await page.waitForURL(/\/products\/\d+\/notifications$/);
    const box = page.getByLabel('Email for Test added', { exact: true });
    expect(await box.isChecked()).toBe(false);

    await demo.sql`delete from product_members where user_id = (select id from users where username = 'bob')`;
    await box.click();
    await page
      .getByTestId('matrix-error')
      .getByText(/Not saved: Not found/)
      .waitFor();
    expect(await box.isChecked()).toBe(false);
    const rows = await demo.sql`select 1 from notification_settings where product_id = ${product!.id}`;
    expect(rows).toHaveLength(0);

    const response = await page.reload();
    expect(response?.status()).toBe(404);
    await page.context().close();
  });
});

describe('admin pages', () => {
  it('a non-admin is refused on every /admin/notifications page', async () => {
    const page = await signInAs('erin');
    for (const path of ['/admin/notifications', '/admin/notifications/template', '/admin/notifications/preview?type=scan_added']) {
      const response = await page.goto(`${demo.app.url}${path}`);
      expect(response?.status(), path).toBe(404);
    }
    await page.context().close();
  });

  it('the preview lists a member with channels and reasons, and who was left out', async () => {
    const page = await signInAs(ADMIN.username, ADMIN.password);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${demo.app.url}/admin/notifications`);
    await page.getByRole('heading', { name: 'System-wide notifications' }).waitFor();
    await page.getByRole('link', { name: 'Who will hear this?' }).click();
    await page.waitForURL(/\/admin\/notifications\/preview$/);
    await page.getByLabel('Event').selectOption('scan_added');
    await page.getByLabel('Product').selectOption({ label: 'iOS App' });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/type=scan_added/);
    const carol = page.getByTestId('recipient-carol');
    await carol.waitFor();
    expect(await carol.textContent()).toMatch(/Alert.*system-wide/);
    await page.getByTestId('excluded-erin').getByText('Cannot see the subject (RBAC)').waitFor();

    // An explicit-recipient event: only the @named users are considered.
    await page.getByLabel('Event').selectOption('user_mentioned');
    await page.getByRole('textbox', { name: 'Recipients' }).fill('@carol @erin');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/type=user_mentioned/);
    expect(await page.getByTestId('recipient-carol').textContent()).toMatch(/Email.*named in the event|Alert/);
    await page.getByTestId('excluded-erin').waitFor();
    expect(await page.getByTestId('recipient-olivia').count()).toBe(0);
    await page.context().close();
  });
});
