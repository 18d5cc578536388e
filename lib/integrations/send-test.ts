// "Send test": one real message through the very senders the worker uses, with the stored (decrypted)
// settings, answering the outcome or the provider's error for the admin to read inline.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { config } from '../config';
import type { Executor } from '../db/client';
import { systemSettings, users, webhookEndpoints } from '../db/schema';
import { decryptSecret } from '../crypto/secrets';
import { providerEndpoints } from '../delivery/provider-config';
import { createMailSender } from '../delivery/senders/mail';
import { createTeamsSender } from '../delivery/senders/msteams';
import { createSlackSender } from '../delivery/senders/slack';
import { createWebhookSender } from '../delivery/senders/webhooks';
import type { DeliveryEvent, DeliveryMessage, SendResult } from '../delivery/types';
import { checkOutgoingUrl } from '../delivery/url-guard';
import { webhookUrlOf } from '../delivery/webhook-url';

export const TEST_CHANNELS = ['mail', 'slack', 'msteams', 'webhooks'] as const;
export type TestChannel = (typeof TEST_CHANNELS)[number];

export const sendTestInput = z.strictObject({
  channel: z.enum(TEST_CHANNELS),
  webhook: z.number().int().min(1).max(2_147_483_647).optional().meta({ description: 'The endpoint to test (webhooks only).' }),
});

export const sendTestOutcome = z.object({
  ok: z.boolean(),
  detail: z.string().meta({ description: "What was sent where, or the provider's error." }),
});
export type SendTestOutcome = z.infer<typeof sendTestOutcome>;

export interface SendTestTarget {
  /** For webhooks: the endpoint id. */
  webhook?: number;
  /** For mail, when the system-wide list is empty: the admin's own address. */
  fallbackMail?: string | null;
}

const TIMEOUT_MS = 10_000;

function testEvent(appUrl: string): DeliveryEvent {
  return {
    type: 'other',
    id: randomUUID(),
    created: new Date().toISOString(),
    title: 'Tocsin test notification',
    description: 'An administrator sent this test from the Integrations page.',
    url: `${appUrl}/admin/integrations`,
    product: null,
    product_type: null,
    engagement: null,
    test: null,
    finding: null,
  };
}

const outcome = (result: SendResult, where: string): SendTestOutcome =>
  result.ok ? { ok: true, detail: `Sent to ${where}.` } : { ok: false, detail: `Failed: ${result.error}` };
const refused = (detail: string): SendTestOutcome => ({ ok: false, detail });

export async function sendTest(db: Executor, channel: TestChannel, target: SendTestTarget = {}): Promise<SendTestOutcome> {
  const endpoints = providerEndpoints();
  const { appUrl, RESEND_API_KEY, MAIL_FROM } = config();
  const [s] = await db.select().from(systemSettings).where(eq(systemSettings.id, 1));
  const base = { deliveryId: randomUUID(), event: testEvent(appUrl) };
  try {
    switch (channel) {
      case 'mail': {
        const apiKey = s?.resendApiKeyEncrypted ? decryptSecret(s.resendApiKeyEncrypted) : RESEND_API_KEY;
        if (!apiKey) return refused('No Resend API key is set.');
        const to = s?.mailNotificationsTo.length ? s.mailNotificationsTo : target.fallbackMail ? [target.fallbackMail] : [];
        if (to.length === 0) return refused('No recipient: set a recipient list or an address on your account.');
        const from = s?.mailFrom || MAIL_FROM;
        const sender = createMailSender({ apiKey, baseUrl: endpoints.resendBaseUrl, from, appUrl, timeoutMs: TIMEOUT_MS });
        const message: DeliveryMessage<'mail'> = { ...base, channel: 'mail', destination: { to } };
        return outcome(await sender.send(message), to.join(', '));
      }
      case 'slack': {
        if (!s?.slackTokenEncrypted) return refused('No Slack bot token is set.');
        if (!s.slackChannel) return refused('No Slack channel is set.');
        const sender = createSlackSender({
          botToken: decryptSecret(s.slackTokenEncrypted),
          apiUrl: endpoints.slackApiUrl,
          timeoutMs: TIMEOUT_MS,
          username: s.slackUsername,
          icon: s.slackIcon,
        });
        return outcome(
          await sender.send({ ...base, channel: 'slack', destination: { kind: 'channel', channel: s.slackChannel } }),
          `Slack ${s.slackChannel}`,
        );
      }
      case 'msteams': {
        if (!s?.msteamsUrlEncrypted) return refused('No Teams Workflows URL is set.');
        const url = decryptSecret(s.msteamsUrlEncrypted);
        const checked = await checkOutgoingUrl(url, { allowPrivate: endpoints.allowPrivateUrls });
        if (!checked.ok) return refused(`The Teams URL is refused: ${checked.error}.`);
        const sender = createTeamsSender({ allowPrivate: endpoints.allowPrivateUrls, timeoutMs: TIMEOUT_MS });
        return outcome(await sender.send({ ...base, channel: 'msteams', destination: { url } }), 'Microsoft Teams');
      }
      case 'webhooks': {
        if (!target.webhook) return refused('Choose a webhook endpoint to test.');
        const [w] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, target.webhook));
        if (!w) return refused('No such webhook endpoint.');
        if (!w.secretEncrypted) return refused('The endpoint has no signing secret.');
        const timeoutMs = (s?.webhooksNotificationsTimeout ?? 10) * 1000;
        const sender = createWebhookSender({ allowPrivate: endpoints.allowPrivateUrls, timeoutMs });
        const url = webhookUrlOf(w);
        if (!url) return refused('The endpoint has no URL.');
        const destination = { url, secret: decryptSecret(w.secretEncrypted) };
        return outcome(await sender.send({ ...base, channel: 'webhooks', destination }), `the endpoint “${w.name}”`);
      }
    }
  } catch (error) {
    // Never echo the error text: a decryption or network error could quote a URL with its credential.
    console.error(`[integrations] send test on ${channel} failed:`, error instanceof Error ? error.name : 'unknown error');
    return refused('The test could not be sent (see the server log).');
  }
}

/** An admin's test from the API: a mail test goes to the caller's own address when the system-wide list is empty. */
export async function sendTestAs(
  db: Executor,
  callerId: number,
  channel: TestChannel,
  webhook?: SendTestTarget['webhook'],
): Promise<SendTestOutcome> {
  const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, callerId));
  return sendTest(db, channel, { webhook, fallbackMail: me?.email || null });
}
