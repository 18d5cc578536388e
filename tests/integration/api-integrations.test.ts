// The integrations over /api/v2 and on the admin pages: superusers only (a product's destinations:
// its Owners and Maintainers too), zod-validated, secrets write-only and never in any response, page
// or log line; "send test" goes through the real senders to the providers' fakes.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { startFakeWebhookReceiver } from '../fakes/webhook-receiver';
import { sessionCookieFor, startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { RESEND_KEY, SLACK_CHANNEL, SLACK_TOKEN, startFakes, type Fakes } from '../support/delivery-world';
import { addProductMember, makeProduct, makeProductType, makeUser } from '../support/fixtures';

let t: ApiApp;
let fakes: Fakes;
let admin: ApiClient;
/** Every secret stored during the file: none may appear in any response, page or log. */
const secrets: string[] = [];
const responses: string[] = [];

async function record<T extends { body: unknown }>(response: Promise<T>): Promise<T> {
  const r = await response;
  responses.push(JSON.stringify(r.body));
  return r;
}

beforeAll(async () => {
  fakes = await startFakes();
  t = await startApiApp({ RESEND_BASE_URL: fakes.resend.url, SLACK_API_URL: fakes.slack.apiUrl, TOCSIN_ALLOW_PRIVATE_URLS: '1' });
  admin = t.admin;
});
afterAll(async () => {
  await t?.stop();
  await fakes?.close();
});

async function pageHtml(path: string, userId: number): Promise<{ status: number; html: string }> {
  const response = await fetch(`${t.app.url}${path}`, { headers: { cookie: await sessionCookieFor(userId) }, redirect: 'manual' });
  return { status: response.status, html: await response.text() };
}

describe('system settings', () => {
  it('a superuser reads and changes them with DefectDojo field names; secrets come back only as *_set', async () => {
    const teamsUrl = fakes.teams.webhookUrl;
    secrets.push(RESEND_KEY, SLACK_TOKEN, teamsUrl);
    const saved = await record(
      admin.patch('/system_settings', {
        enable_mail_notifications: true,
        mail_from: 'appsec@tocsin.test',
        resend_api_key: RESEND_KEY,
        mail_notifications_to: ['sec@example.com'],
        enable_slack_notifications: true,
        slack_token: SLACK_TOKEN,
        slack_channel: SLACK_CHANNEL,
        slack_username: 'Tocsin',
        slack_icon: ':bell:',
        enable_msteams_notifications: true,
        msteams_url: teamsUrl,
        webhooks_notifications_timeout: 5,
        alert_retention_days: 30,
      }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      resend_api_key_set: true,
      slack_token_set: true,
      msteams_url_set: true,
      slack_channel: SLACK_CHANNEL,
      slack_username: 'Tocsin',
      mail_notifications_to: ['sec@example.com'],
      webhooks_notifications_timeout: 5,
      alert_retention_days: 30,
      max_alerts_per_user: 999,
    });
    expect(Object.keys(saved.body)).not.toContain('slack_token');
    expect((await record(admin.get('/system_settings'))).body).toEqual(saved.body);
  });

  it('an omitted or empty secret keeps the stored one; null clears it', async () => {
    expect((await record(admin.patch('/system_settings', { slack_token: '', slack_username: 'Bot' }))).body).toMatchObject({
      slack_token_set: true,
      slack_username: 'Bot',
    });
    expect((await record(admin.patch('/system_settings', { resend_api_key: null }))).body).toMatchObject({
      resend_api_key_set: false,
      slack_token_set: true,
    });
    expect((await record(admin.patch('/system_settings', { resend_api_key: RESEND_KEY }))).body).toMatchObject({
      resend_api_key_set: true,
    });
  });

  it('malformed input is a 400 with field errors', async () => {
    const bad = await record(
      admin.patch('/system_settings', {
        mail_notifications_to: ['not-an-address'],
        enable_slack_notifications: 'yes',
        alert_retention_days: 0,
        unknown_field: 1,
      }),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors ?? bad.body)).toEqual(
      expect.arrayContaining(['enable_slack_notifications', 'alert_retention_days']),
    );
  });

  it('the Teams URL must be https and public unless TOCSIN_ALLOW_PRIVATE_URLS (http is accepted here, ftp never)', async () => {
    const bad = await record(admin.patch('/system_settings', { msteams_url: 'ftp://example.com/hook' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toHaveProperty('msteams_url');
  });

  it('anyone but a superuser gets 403', async () => {
    const user = await makeUser();
    const api = t.api.as({ token: await tokenFor(user.id) });
    expect((await record(api.get('/system_settings'))).status).toBe(403);
    expect((await record(api.patch('/system_settings', { enable_mail_notifications: false }))).status).toBe(403);
    expect((await record(api.post('/system_settings/test', { channel: 'slack' }))).status).toBe(403);
    expect((await record(api.get('/webhooks'))).status).toBe(403);
    expect((await record(api.post('/webhooks', { name: 'x', url: 'https://example.com' }))).status).toBe(403);
  });
});

describe('send test', () => {
  it('sends through the real senders to the fakes and answers the outcome', async () => {
    const slack = await record(admin.post('/system_settings/test', { channel: 'slack' }));
    expect(slack.body).toMatchObject({ ok: true });
    expect(fakes.slack.posts.map((p) => p.channel)).toContain(SLACK_CHANNEL);
    expect(fakes.slack.posts.at(-1)!.args).toMatchObject({ username: 'Bot', icon_emoji: ':bell:' });

    const mail = await record(admin.post('/system_settings/test', { channel: 'mail' }));
    expect(mail.body).toMatchObject({ ok: true });
    expect(fakes.resend.inbox.map((e) => e.to)).toContainEqual(['sec@example.com']);

    expect((await record(admin.post('/system_settings/test', { channel: 'msteams' }))).body).toMatchObject({ ok: true });
    expect(fakes.teams.cards.length).toBeGreaterThan(0);
  });

  it("shows the provider's error", async () => {
    await record(admin.patch('/system_settings', { slack_channel: 'C0UNKNOWN' }));
    const failed = await record(admin.post('/system_settings/test', { channel: 'slack' }));
    expect(failed.body.ok).toBe(false);
    expect(failed.body.detail).toMatch(/channel_not_found/);
    await record(admin.patch('/system_settings', { slack_channel: SLACK_CHANNEL }));
  });

  it('rejects an unknown channel', async () => {
    expect((await record(admin.post('/system_settings/test', { channel: 'pager' }))).status).toBe(400);
  });
});

describe('webhooks', () => {
  it('CRUD; the signing secret only in the create and rotate responses; a test reaches the endpoint signed', async () => {
    // The create and rotate responses are the one place a signing secret may appear: not recorded.
    const created = await admin.post('/webhooks', { name: 'SIEM', url: 'http://127.0.0.1:9/placeholder', events: ['engagement_added'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    secrets.push(created.body.secret);
    const id = created.body.id;

    const receiver = await startFakeWebhookReceiver({ secret: created.body.secret });
    try {
      const tokenUrl = `${receiver.url}/hooks/T0KEN-IN-THE-PATH`;
      const updated = await record(admin.patch(`/webhooks/${id}`, { url: tokenUrl, enabled: true }));
      // The URL is stored encrypted and answered masked: scheme and host only.
      expect(updated.body).toMatchObject({ id, name: 'SIEM', url: `${receiver.url}/…`, secret_set: true });
      const [stored] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
      expect(stored).toMatchObject({ url: null, urlEncrypted: expect.stringMatching(/^v1:/) });
      expect(JSON.stringify(stored)).not.toContain('T0KEN-IN-THE-PATH');
      expect(JSON.stringify((await record(admin.get('/webhooks'))).body)).not.toContain('T0KEN-IN-THE-PATH');
      expect(updated.body).not.toHaveProperty('secret');
      expect((await record(admin.get(`/webhooks/${id}`))).body).not.toHaveProperty('secret');
      expect((await record(admin.get('/webhooks'))).body.results.map((w: { id: number }) => w.id)).toContain(id);

      const tested = await record(admin.post('/system_settings/test', { channel: 'webhooks', webhook: id }));
      expect(tested.body).toMatchObject({ ok: true });
      expect(receiver.valid).toHaveLength(1);
      expect(receiver.requests.at(-1)!.path).toBe('/hooks/T0KEN-IN-THE-PATH'); // sent to the decrypted URL

      const rotated = await admin.post(`/webhooks/${id}/rotate_secret`);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(created.body.secret);
      secrets.push(rotated.body.secret);
    } finally {
      await receiver.close();
    }
    expect((await record(admin.post('/webhooks', { name: '', url: 'nope', events: ['no_such_event'] }))).status).toBe(400);
    expect((await record(admin.delete(`/webhooks/${id}`))).status).toBe(204);
    expect((await record(admin.get(`/webhooks/${id}`))).status).toBe(404);
  });
});

describe('product destinations', () => {
  it("the product's Owners, Maintainers and superusers read and change them; other members get 403, outsiders 404", async () => {
    const product = await makeProduct((await makeProductType()).id);
    const [owner, maintainer, writer, outsider] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser()]);
    await addProductMember(product.id, owner.id, 'Owner');
    await addProductMember(product.id, maintainer.id, 'Maintainer');
    await addProductMember(product.id, writer.id, 'Writer');
    const as = async (id: number) => t.api.as({ token: await tokenFor(id) });
    const path = `/products/${product.id}/destinations`;
    const teamsUrl = `${fakes.teams.webhookUrl}&product=${product.id}`;
    secrets.push(teamsUrl);

    const saved = await record(
      (await as(owner.id)).patch(path, { slack_channel: '#team', msteams_url: teamsUrl, mail_notifications_to: ['team@example.com'] }),
    );
    expect(saved.body).toEqual({
      product: product.id,
      slack_channel: '#team',
      msteams_url_set: true,
      mail_notifications_to: ['team@example.com'],
    });
    expect((await record((await as(maintainer.id)).get(path))).body).toEqual(saved.body);
    expect((await record(admin.patch(path, { msteams_url: '' }))).body).toMatchObject({ msteams_url_set: true });
    expect((await record((await as(writer.id)).get(path))).status).toBe(403);
    expect((await record((await as(writer.id)).patch(path, { slack_channel: '#x' }))).status).toBe(403);
    expect((await record((await as(outsider.id)).get(path))).status).toBe(404);
    expect((await record(admin.patch(path, { mail_notifications_to: ['bad'] }))).status).toBe(400);

    const page = await pageHtml(`/products/${product.id}/settings`, owner.id);
    expect(page.status).toBe(200);
    expect(page.html).toContain('••••••• set');
    responses.push(page.html);
  });
});

describe('pages and secrets', () => {
  it('the admin sees every secret masked on /admin/integrations; a non-admin gets 404', async () => {
    const page = await pageHtml('/admin/integrations', t.adminId);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Integrations');
    expect(page.html).toContain('••••••• set');
    responses.push(page.html);
    expect((await pageHtml('/admin/integrations', (await makeUser()).id)).status).toBe(404);
  });

  it('no stored secret appears in any API response, page or the server log', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const everything = [...responses, t.app.logs()];
    for (const secret of secrets) {
      for (const text of everything) expect(text.includes(secret), `a stored secret leaked: ${secret.slice(0, 6)}…`).toBe(false);
    }
    // The Teams URL's signature alone is a credential too.
    const sig = new URL(fakes.teams.webhookUrl).searchParams.get('sig')!;
    for (const text of everything) expect(text.includes(sig)).toBe(false);
  });
});
