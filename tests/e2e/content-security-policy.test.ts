// The app under its Content-Security-Policy in a real browser: pages hydrate, the bell's socket to
// the sidecar (the page's host on REALTIME_PORT) goes live, menus open, the outbox's sandboxed email
// keeps its inline styles, and nothing is refused; another site cannot frame the app.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD } from '../support/app-server';
import { launchBrowserForUsers, signInOn } from '../support/browser';
import { watchCsp, type CspWatch } from '../support/csp-watch';
import { startDemoApp, type DemoApp } from '../support/demo-app';

let demo: DemoApp;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemoApp();
  browser = await launchBrowserForUsers();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** The outbox's email frame refuses the mail's script by design: its reports are not the app's. */
const EMAIL_FRAME = /\/admin\/outbox\/\d+\/html$/;

async function watchedContext(): Promise<{ context: BrowserContext; watch: CspWatch }> {
  const context = await browser.newContext();
  return { context, watch: await watchCsp(context, EMAIL_FRAME) };
}

const PAGES = [
  '/',
  '/products',
  '/product-types',
  '/engagements',
  '/tests',
  '/findings',
  '/alerts',
  '/profile',
  '/settings/notifications',
  '/admin/users',
  '/admin/groups',
  '/admin/notifications',
  '/admin/notifications/preview?type=other',
  '/admin/deliveries',
  '/admin/outbox',
  '/admin/schedules',
  '/admin/integrations',
  '/admin/audit',
  '/no-such-page',
];

describe('under the Content-Security-Policy', () => {
  it('an admin goes through the pages, the bell goes live, the menus open: nothing is refused', async () => {
    const { context, watch } = await watchedContext();
    const page = await signInOn(await context.newPage(), demo.app.url, ADMIN.username, ADMIN.password);
    await expect.poll(() => page.getByTestId('bell').getAttribute('data-connection')).toBe('live');
    for (const path of PAGES) {
      await page.goto(`${demo.app.url}${path}`);
      await page.waitForLoadState('load');
      if (path === '/no-such-page') await page.getByTestId('not-found').waitFor();
      else await expect.poll(() => page.getByTestId('bell').getAttribute('data-connection'), { message: path }).toBe('live');
    }
    await page.goto(`${demo.app.url}/alerts`);
    await page.getByTestId('bell').click(); // a Radix menu: its scroll lock adds a <style> at run time
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(watch.violations).toEqual([]);
    await context.close();
  });

  it('the outbox shows an email with its inline styles, and its script does not run', async () => {
    const [event] = await demo.sql<{ id: number }[]>`insert into notification_events (type, title) values ('other', 'Styled') returning id`;
    const [mail] = await demo.sql<{ id: string; event_id: number }[]>`
      insert into deliveries (event_id, channel, kind, addresses, status)
      values (${event!.id}, 'mail', 'shared', '{csp@example.com}', 'sent') returning id, event_id`;
    const [email] = await demo.sql<{ id: number }[]>`
      insert into outbox_emails (delivery_id, event_id, event_type, "from", "to", subject, html, text)
      values (${mail!.id}, ${mail!.event_id}, 'other', 'Tocsin <n@tocsin.test>', '{csp@example.com}', 'Styled mail',
        '<html><body><h1 style="color: rgb(200, 0, 0)">Styled mail</h1><script>window.parent.document.title = "pwned"</script></body></html>',
        'Styled mail') returning id`;
    const { context, watch } = await watchedContext();
    const page = await signInOn(await context.newPage(), demo.app.url, ADMIN.username, ADMIN.password);
    await page.goto(`${demo.app.url}/admin/outbox/${email!.id}`);
    const heading = page.frameLocator('iframe[title="Email HTML"]').getByRole('heading', { name: 'Styled mail' });
    await heading.waitFor();
    expect(await heading.evaluate((h) => getComputedStyle(h).color)).toBe('rgb(200, 0, 0)');
    expect(await page.title()).not.toBe('pwned');
    expect(watch.violations).toEqual([]);
    await context.close();
  });

  it("a member's pages and bell work too", async () => {
    const { context, watch } = await watchedContext();
    const page = await signInOn(await context.newPage(), demo.app.url, 'bob', DEMO_PASSWORD);
    for (const path of ['/', '/products', '/findings', '/alerts']) {
      await page.goto(`${demo.app.url}${path}`);
      await expect.poll(() => page.getByTestId('bell').getAttribute('data-connection'), { message: path }).toBe('live');
    }
    await page.getByTestId('bell').click();
    await page.keyboard.press('Escape');
    expect(watch.violations).toEqual([]);
    await context.close();
  });
});

describe('what the policy refuses (the watch above can fail)', () => {
  it('an injected remote image is refused and reported', async () => {
    const { context, watch } = await watchedContext();
    const page = await context.newPage();
    await page.goto(`${demo.app.url}/login`);
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img alt="" src="https://evil.example/pixel.png">'));
    await expect.poll(() => watch.violations.join('\n')).toMatch(/img-src|evil\.example/);
    await context.close();
  });

  it('another site cannot frame the app', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => refused.push(message.text()));
    await page.setContent(`<iframe title="framed" src="${demo.app.url}/login"></iframe>`);
    await expect.poll(() => refused.join('\n')).toMatch(/frame-ancestors|X-Frame-Options/);
    const framed = page.frames().find((f) => f !== page.mainFrame());
    expect(
      (await framed
        ?.locator('input')
        .count()
        .catch(() => 0)) ?? 0,
    ).toBe(0);
    await context.close();
  });
});
