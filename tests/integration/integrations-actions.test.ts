// The Integrations page's server actions, called directly as a form would: superusers only (the
// product destinations: its Owners and Maintainers too), malformed input answered with field errors,
// and a typed secret never sent back.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { productNotificationDestinations, systemSettings } from '@/lib/db/schema';
import { addProductMember, makeProduct, makeProductType, makeUser, type User } from '../support/fixtures';

const session = vi.hoisted(() => {
  // Secrets are encrypted with the key the app would read from its environment.
  process.env.TOCSIN_ENCRYPTION_KEY ??= '5e'.repeat(32);
  return { user: null as CurrentUser | null };
});
vi.mock('@/lib/session/current-user', () => ({ requireUser: async () => session.user }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const actions = await import('@/app/(app)/admin/integrations/actions');
const { saveProductDestinationsAction } = await import('@/app/(app)/products/[id]/settings/actions');

function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

async function settings() {
  const [row] = await db().select().from(systemSettings).where(eq(systemSettings.id, 1));
  return row;
}

let admin: User;
let user: User;

beforeAll(async () => {
  admin = await makeUser({ isSuperuser: true, email: 'admin@example.com' });
  user = await makeUser();
});

describe('the integration actions', () => {
  it('a superuser saves the Slack token: stored encrypted, replaced only when typed, cleared on request', async () => {
    session.user = admin;
    const saved = await actions.saveSlackAction(
      {},
      formData({ enable_slack_notifications: 'on', slack_token: 'xoxb-secret-1', slack_channel: '#sec' }),
    );
    expect(saved).toMatchObject({ ok: true });
    const row = await settings();
    expect(row?.slackTokenEncrypted).toBeTruthy();
    expect(row?.slackTokenEncrypted).not.toContain('xoxb-secret-1');
    expect(row?.slackChannel).toBe('#sec');

    await actions.saveSlackAction({}, formData({ enable_slack_notifications: 'on', slack_token: '', slack_channel: '#sec' }));
    expect((await settings())?.slackTokenEncrypted).toBe(row?.slackTokenEncrypted);

    await actions.saveSlackAction({}, formData({ enable_slack_notifications: 'on', slack_token: '', clear_slack_token: 'on' }));
    expect((await settings())?.slackTokenEncrypted).toBeNull();
  });

  it('refuses anyone but a superuser, changing nothing', async () => {
    session.user = user;
    const before = await settings();
    for (const [action, fields] of [
      [actions.saveSlackAction, { enable_slack_notifications: 'on', slack_token: 'xoxb-evil' }],
      [actions.saveEmailAction, { enable_mail_notifications: 'on', mail_notifications_to: 'evil@example.com' }],
      [actions.saveTeamsAction, { enable_msteams_notifications: 'on', msteams_url: 'https://example.com/hook' }],
      [actions.saveAlertsAction, { alert_retention_days: '1', max_alerts_per_user: '1' }],
      [actions.sendTestAction, { channel: 'slack' }],
      [actions.createWebhookAction, { name: 'evil', url: 'https://example.com/hook' }],
      [actions.deleteWebhookAction, { id: '1' }],
    ] as const) {
      expect(await action({}, formData(fields))).toMatchObject({ ok: false, status: 403 });
    }
    expect(await settings()).toEqual(before);
  });

  it('answers malformed input with field errors, and never sends a typed secret back', async () => {
    session.user = admin;
    const email = await actions.saveEmailAction(
      {},
      formData({ mail_notifications_to: 'ok@example.com, not-an-address', resend_api_key: 're_typed_secret' }),
    );
    expect(email).toMatchObject({ ok: false, status: 400 });
    expect(JSON.stringify(email)).not.toContain('re_typed_secret');
    const teams = await actions.saveTeamsAction({}, formData({ enable_msteams_notifications: 'on', msteams_url: 'ftp://example.com/x' }));
    expect(teams).toMatchObject({ ok: false, status: 400, errors: { msteams_url: [expect.any(String)] } });
    expect(JSON.stringify(teams)).not.toContain('ftp://example.com/x');
    expect(await actions.saveAlertsAction({}, formData({ alert_retention_days: 'many', max_alerts_per_user: '10' }))).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await actions.sendTestAction({}, formData({ channel: 'pager' }))).toMatchObject({ ok: false, status: 400 });
    expect(await actions.createWebhookAction({}, formData({ name: 'x', url: 'x', events: 'no_such_event' }))).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('creating a webhook endpoint answers its signing secret, once', async () => {
    session.user = admin;
    const created = await actions.createWebhookAction(
      {},
      formData({ name: 'SIEM', url: 'https://93.184.215.14/hook', events: 'engagement_added', enabled: 'on' }),
    );
    expect(created).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/) } });
  });
});

describe('the product destinations action', () => {
  it("the product's Owner saves; a Writer is refused; an outsider is told not found", async () => {
    const product = await makeProduct((await makeProductType()).id);
    const [owner, writer, outsider] = await Promise.all([makeUser(), makeUser(), makeUser()]);
    await addProductMember(product.id, owner.id, 'Owner');
    await addProductMember(product.id, writer.id, 'Writer');
    const fields = { id: String(product.id), slack_channel: '#team', mail_notifications_to: 'team@example.com' };

    session.user = owner;
    expect(await saveProductDestinationsAction({}, formData(fields))).toMatchObject({ ok: true });
    const [row] = await db()
      .select()
      .from(productNotificationDestinations)
      .where(eq(productNotificationDestinations.productId, product.id));
    expect(row).toMatchObject({ slackChannel: '#team', mailNotificationsTo: ['team@example.com'] });

    session.user = writer;
    expect(await saveProductDestinationsAction({}, formData({ ...fields, slack_channel: '#evil' }))).toMatchObject({
      ok: false,
      status: 403,
    });
    session.user = outsider;
    expect(await saveProductDestinationsAction({}, formData({ ...fields, slack_channel: '#evil' }))).toMatchObject({
      ok: false,
      status: 404,
    });
    session.user = owner;
    const bad = await saveProductDestinationsAction(
      {},
      formData({ ...fields, mail_notifications_to: 'nope', msteams_url: 'https://x.example/sig=typed' }),
    );
    expect(bad).toMatchObject({ ok: false, status: 400 });
    expect(JSON.stringify(bad)).not.toContain('sig=typed');
  });
});
