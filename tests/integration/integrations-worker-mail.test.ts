// The worker sends mail with the Resend key and sender an admin stored (encrypted) in system_settings,
// and falls back to the environment's (RESEND_API_KEY, MAIL_FROM) only when none is stored.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { encryptSecret } from '@/lib/crypto/secrets';
import { db } from '@/lib/db/client';
import { updateIntegrations } from '@/lib/notifications/channel-integrations';
import {
  configureIntegrations,
  deliveryOptions,
  emitEvents,
  encryptionKey,
  RESEND_KEY,
  runWorkerUntilSettled,
  deliveryWorld,
  subscribedProgram,
} from '../support/delivery-world';

const fakes = deliveryWorld();

async function mailStatuses() {
  return (await db().execute<{ status: string }>(sql`select status::text from deliveries where channel = 'mail'`)).map((r) => r.status);
}

describe('mail through the worker uses the stored Resend key', () => {
  it('with no key in the environment, the stored key and sender deliver through Resend', async () => {
    await configureIntegrations(fakes);
    await updateIntegrations(db(), {
      resendApiKeyEncrypted: encryptSecret(RESEND_KEY, encryptionKey),
      mailFrom: 'AppSec <appsec@tocsin.test>',
    });
    const { engagementId } = await subscribedProgram(1);
    await emitEvents(engagementId, 1);

    await runWorkerUntilSettled(deliveryOptions(fakes, { resendApiKey: null }));

    expect(await mailStatuses()).toEqual(['sent', 'sent']);
    expect(fakes.resend.inbox).toHaveLength(2);
    expect(fakes.resend.inbox.every((e) => e.from === 'AppSec <appsec@tocsin.test>')).toBe(true);
  });

  it('a stored key wins over the environment: a wrong stored key is refused by Resend', async () => {
    await configureIntegrations(fakes);
    await updateIntegrations(db(), { resendApiKeyEncrypted: encryptSecret('re_wrong_key', encryptionKey) });
    const { engagementId } = await subscribedProgram(1);
    await emitEvents(engagementId, 1);

    await runWorkerUntilSettled(deliveryOptions(fakes));

    expect(fakes.resend.inbox).toHaveLength(0);
    expect(await mailStatuses()).toEqual(['dead', 'dead']);
  });

  it('without a stored key, the environment key is used', async () => {
    await configureIntegrations(fakes);
    const { engagementId } = await subscribedProgram(1);
    await emitEvents(engagementId, 1);

    await runWorkerUntilSettled(deliveryOptions(fakes));

    expect(fakes.resend.inbox).toHaveLength(2);
  });
});

describe('Slack through the worker', () => {
  it('posts as the stored display name and icon', async () => {
    await configureIntegrations(fakes);
    await updateIntegrations(db(), { slackUsername: 'AppSec bot', slackIcon: ':rotating_light:' });
    const { engagementId } = await subscribedProgram(1);
    await emitEvents(engagementId, 1);

    await runWorkerUntilSettled(deliveryOptions(fakes));

    expect(fakes.slack.posts.length).toBeGreaterThan(0);
    for (const post of fakes.slack.posts) expect(post.args).toMatchObject({ username: 'AppSec bot', icon_emoji: ':rotating_light:' });
  });
});
