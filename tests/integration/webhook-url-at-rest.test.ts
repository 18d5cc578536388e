// Webhook endpoint URLs often carry a token: stored encrypted, shown masked, decrypted by the worker
// only to send. Rows saved in the clear before the column existed are encrypted by the launcher.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decryptSecret } from '@/lib/crypto/secrets';
import { db } from '@/lib/db/client';
import { webhookEndpoints } from '@/lib/db/schema';
import { encryptLegacyWebhookUrls, maskedWebhookUrl, storedWebhookUrl } from '@/lib/delivery/webhook-url';
import {
  configureIntegrations,
  deliveryOptions,
  emitEvents,
  encryptionKey,
  runWorkerUntilSettled,
  deliveryWorld,
  subscribedProgram,
} from '../support/delivery-world';

const fakes = deliveryWorld();

describe('a webhook URL at rest', () => {
  it('is masked to its scheme and host for admins', () => {
    process.env.TOCSIN_ENCRYPTION_KEY ??= '5e'.repeat(32);
    expect(maskedWebhookUrl(storedWebhookUrl('https://hooks.slack.com/services/T0/B0/XXXXSECRET'))).toBe('https://hooks.slack.com/…');
    expect(maskedWebhookUrl({ url: 'https://siem.example:8443/?token=abc', urlEncrypted: null })).toBe('https://siem.example:8443/…');
    expect(maskedWebhookUrl({ url: 'https://siem.example', urlEncrypted: null })).toBe('https://siem.example');
    expect(maskedWebhookUrl({ url: null, urlEncrypted: 'v1:not:really:encrypted' })).toBe('(cannot be decrypted with this key)');
  });

  it('saved in the clear before, is encrypted once by the start-up step, and the worker still delivers to it', async () => {
    await configureIntegrations(fakes); // writes its endpoint the old way: the URL in the clear
    const [before] = await db().select().from(webhookEndpoints);
    expect(before!.url).toBe(fakes.receiver.url);

    expect(await encryptLegacyWebhookUrls(db(), encryptionKey)).toBe(1);
    expect(await encryptLegacyWebhookUrls(db(), encryptionKey)).toBe(0);
    const [after] = await db().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, before!.id));
    expect(after!.url).toBeNull();
    expect(after!.urlEncrypted).not.toContain('127.0.0.1');
    expect(decryptSecret(after!.urlEncrypted!, encryptionKey)).toBe(fakes.receiver.url);

    const { engagementId } = await subscribedProgram(1);
    await emitEvents(engagementId, 1);
    await runWorkerUntilSettled(deliveryOptions(fakes));
    expect(fakes.receiver.valid.length).toBeGreaterThan(0);
  });
});
