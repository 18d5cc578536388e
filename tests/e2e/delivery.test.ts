// Delivery end to end, as a user would run it: the app (web, sidecar and worker through the launcher)
// with every integration pointed at the provider fakes. An engagement created in the browser reaches
// the Slack channel, the Teams webhook, the Resend inbox and the webhook receiver, each exactly once;
// the admin sees them sent in /admin/deliveries, sees a permanently failed one dead with its error,
// and retries it from the page once the receiver is fixed.
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '@/lib/db/client';
import { ADMIN, startApp, type RunningApp } from '../support/app-server';
import { launchBrowser } from '../support/browser';
import {
  configureIntegrations,
  ENCRYPTION_KEY_HEX,
  RESEND_KEY,
  SHARED_LIST,
  SLACK_CHANNEL,
  startFakes,
  type Fakes,
} from '../support/delivery-world';
import { freshDatabase } from '../support/e2e-database';
import { makeProduct, makeProductType, makeUser, PASSWORD } from '../support/fixtures';

let app: RunningApp;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let fakes: Fakes;
let productId: number;
let page: Page;

beforeAll(async () => {
  database = await freshDatabase();
  // The fixtures and delivery-world helpers write through db(), which follows DATABASE_URL.
  process.env.DATABASE_URL = database.url;
  fakes = await startFakes();
  await configureIntegrations(fakes);
  productId = (await makeProduct((await makeProductType('E2E Delivery')).id, 'E2E Payments')).id;
  app = await startApp({
    databaseUrl: database.url,
    env: {
      TOCSIN_ENCRYPTION_KEY: ENCRYPTION_KEY_HEX,
      RESEND_API_KEY: RESEND_KEY,
      RESEND_BASE_URL: fakes.resend.url,
      SLACK_API_URL: fakes.slack.apiUrl,
      TOCSIN_ALLOW_PRIVATE_URLS: '1',
      // Fast retries: a retried delivery goes out within the test's deadlines.
      DELIVERY_RETRY_BASE_MS: '200',
      DELIVERY_RETRY_MAX_MS: '1000',
    },
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${app.url}/`);
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await app?.stop();
  await fakes?.close();
  await closeDb();
  await database?.drop();
});

/** Polls `check` until it returns true; fails with `what` and the app's log after the deadline. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${app.logs().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function createEngagementInBrowser(name: string): Promise<number> {
  await page.goto(`${app.url}/products/${productId}`);
  await page.getByRole('link', { name: 'Add engagement', exact: true }).click();
  await page.waitForURL(/\/engagements\/new/);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Start').fill('2026-11-01');
  await page.getByLabel('End').fill('2026-11-30');
  await page.getByRole('button', { name: 'Create engagement' }).click();
  await page.waitForURL(/\/engagements\/\d+$/);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

async function deliveriesOf(title: string) {
  return db().execute<{ id: string; channel: string; kind: string; status: string; last_status_code: number | null }>(sql`
    select d.id, d.channel::text, d.kind::text, d.status::text, d.last_status_code
    from deliveries d join notification_events e on e.id = d.event_id
    where e.title like ${`%${title}%`} and d.kind = 'shared' order by d.channel`);
}

const mentions = (value: unknown, text: string) => JSON.stringify(value).includes(text);

describe('an engagement created in the browser is delivered on every channel', () => {
  const first = 'Payments launch review';

  it('reaches the Slack channel, the Teams webhook, the Resend inbox and the webhook receiver, each exactly once', async () => {
    const engagementId = await createEngagementInBrowser(first);

    const slack = () => fakes.slack.posts.filter((p) => p.channel === SLACK_CHANNEL && mentions(p.args, first));
    const teams = () => fakes.teams.cards.filter((c) => mentions(c, first));
    const mail = () => fakes.resend.inbox.filter((e) => e.to.join(',') === SHARED_LIST.join(',') && e.subject.includes(first));
    const hooks = () => fakes.receiver.valid.filter((w) => mentions(w.payload, first));
    await eventually('every channel', () => slack().length > 0 && teams().length > 0 && mail().length > 0 && hooks().length > 0);
    await eventually('the deliveries to settle', async () => (await deliveriesOf(first)).every((d) => d.status === 'sent'));
    await new Promise((r) => setTimeout(r, 1_500)); // time for any duplicate to arrive

    expect(slack()).toHaveLength(1);
    expect(teams()).toHaveLength(1);
    expect(mail()).toHaveLength(1);
    expect(hooks()).toHaveLength(1);
    expect(fakes.receiver.invalid).toEqual([]);
    expect(fakes.receiver.duplicates).toBe(0);
    expect(hooks()[0]!.payload).toMatchObject({ event: 'engagement_added', engagement: expect.anything() });
    expect(String((hooks()[0]!.payload as { url: string }).url)).toContain(`/engagements/${engagementId}`);
  });

  it('shows them sent in the delivery log, with destinations but no secret', async () => {
    await page.goto(`${app.url}/admin/deliveries`);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Deliveries' }).waitFor();
    for (const d of await deliveriesOf(first)) {
      const row = page.getByTestId(`delivery-${d.id}`);
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('sent');
    }
    const table = await page.getByRole('table', { name: 'Deliveries' }).innerText();
    expect(table).toContain(first);
    expect(table).toContain(SLACK_CHANNEL);
    expect(table).toContain('Teams (system-wide)');
    expect(table).toContain('SIEM');
    const html = await page.content();
    expect(html).not.toContain(fakes.teams.webhookUrl);
    expect(html).not.toContain(fakes.webhookSecret);

    const health = await page.getByRole('table', { name: 'Webhook endpoint health' }).innerText();
    expect(health).toContain('SIEM');
    expect(health).toContain('Enabled');
  });

  it('shows a permanently failed delivery dead with its error, and retries it from the page once fixed', async () => {
    const second = 'Payments retest';
    fakes.receiver.failNext(5, { status: 400, body: { error: 'rejected by the test' } });
    await createEngagementInBrowser(second);
    await eventually('the webhook delivery to die', async () =>
      (await deliveriesOf(second)).some((d) => d.channel === 'webhooks' && d.status === 'dead'),
    );
    fakes.receiver.stopFailing();
    const dead = (await deliveriesOf(second)).find((d) => d.channel === 'webhooks')!;
    expect(dead.last_status_code).toBe(400);

    await page.goto(`${app.url}/admin/deliveries?status=dead&channel=webhooks`);
    const row = page.getByTestId(`delivery-${dead.id}`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('dead');
    expect(await row.innerText()).toContain('HTTP 400');
    expect(await page.getByTestId('empty-state').count()).toBe(0);

    await row.getByRole('button', { name: 'Retry' }).click();
    await eventually('the retried webhook to arrive', () => fakes.receiver.valid.some((w) => mentions(w.payload, second)));
    await eventually(
      'the delivery to be sent',
      async () => (await deliveriesOf(second)).find((d) => d.channel === 'webhooks')!.status === 'sent',
    );

    await page.goto(`${app.url}/admin/deliveries?channel=webhooks&eventType=engagement_added`);
    const retried = page.getByTestId(`delivery-${dead.id}`);
    await retried.waitFor();
    expect(await retried.getAttribute('data-status')).toBe('sent');
    expect(fakes.receiver.valid.filter((w) => mentions(w.payload, second))).toHaveLength(1);
  });

  it('retries every dead delivery the filter matches, after a dialog that says how many (Escape closes it)', async () => {
    const third = 'Payments pentest';
    fakes.receiver.failNext(5, { status: 400, body: { error: 'rejected by the test' } });
    await createEngagementInBrowser(third);
    await eventually('the webhook delivery to die', async () =>
      (await deliveriesOf(third)).some((d) => d.channel === 'webhooks' && d.status === 'dead'),
    );
    fakes.receiver.stopFailing();

    const [counted] = await db().execute<{ n: number }>(sql`select count(*)::int as n from deliveries where status = 'dead'`);
    const dead = counted!.n;
    const deliveries = dead === 1 ? '1 dead delivery' : `${dead} dead deliveries`;
    await page.goto(`${app.url}/admin/deliveries?status=dead`);
    await page.getByRole('button', { name: 'Retry all dead matching the filter…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retry dead deliveries' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('retry-dead-count').textContent()).toContain(`Send the ${deliveries} this filter matches again`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await deliveriesOf(third)).some((d) => d.status === 'dead')).toBe(true);

    await page.getByRole('button', { name: 'Retry all dead matching the filter…' }).click();
    await dialog.getByRole('button', { name: dead === 1 ? 'Retry 1 delivery' : `Retry ${dead} deliveries` }).click();
    await dialog.getByTestId('form-success').waitFor();
    await eventually('the retried webhook to arrive', () => fakes.receiver.valid.some((w) => mentions(w.payload, third)));
    await eventually('no dead delivery left', async () => (await deliveriesOf('Payments')).every((d) => d.status === 'sent'));

    await page.goto(`${app.url}/admin/deliveries?status=dead`);
    await page.getByTestId('empty-state').waitFor();
    expect(fakes.receiver.valid.filter((w) => mentions(w.payload, third))).toHaveLength(1);
  });
});

describe('the outbox', () => {
  it('lists kept mail and shows its HTML in a sandbox without scripts, and its text', async () => {
    // Written as the outbox sender stores mail when no Resend key is configured (this app has one).
    const [mail] = await db().execute<{ id: string; event_id: number }>(sql`
      select d.id, d.event_id from deliveries d where d.channel = 'mail' and d.status = 'sent' limit 1`);
    const [kept] = await db().execute<{ id: number }>(sql`
      insert into outbox_emails (delivery_id, event_id, event_type, "from", "to", subject, html, text)
      values (${mail!.id}, ${mail!.event_id}, 'engagement_added', 'Tocsin <notifications@tocsin.test>', ${'{security@example.com}'}::text[],
        '[Tocsin] Engagement added: kept', '<html><body><h1>Kept mail</h1><script>window.parent.document.title = "pwned"</script></body></html>',
        'Kept mail, as text')
      returning id`);

    await page.goto(`${app.url}/admin`);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Outbox' }).click();
    await page.waitForURL(/\/admin\/outbox$/);
    const list = await page.getByRole('table', { name: 'Outbox' }).innerText();
    expect(list).toContain('security@example.com');
    expect(list).toContain('Engagement added'); // the event type by its people name

    await page.getByRole('link', { name: '[Tocsin] Engagement added: kept' }).click();
    await page.waitForURL(new RegExp(`/admin/outbox/${kept!.id}$`));
    const frame = page.locator('iframe[title="Email HTML"]');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await page.frameLocator('iframe[title="Email HTML"]').getByRole('heading', { name: 'Kept mail' }).waitFor();
    expect(await page.title()).not.toBe('pwned');
    expect(await page.getByTestId('outbox-text').innerText()).toBe('Kept mail, as text');
  });
});

describe('the delivery pages are for superusers', () => {
  it('answer 404 to anyone else', async () => {
    const user = await makeUser();
    await browser.context.clearCookies(); // the admin's session ends here: this is the file's last test
    const other = await browser.context.newPage();
    try {
      await other.goto(`${app.url}/login`);
      await other.getByLabel('Username').fill(user.username);
      await other.getByLabel('Password').fill(PASSWORD);
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.waitForURL(`${app.url}/`);
      for (const path of ['/admin/deliveries', '/admin/outbox', '/admin/outbox/1']) {
        const response = await other.goto(`${app.url}${path}`);
        expect(response?.status()).toBe(404);
      }
    } finally {
      await other.close();
    }
  });
});
