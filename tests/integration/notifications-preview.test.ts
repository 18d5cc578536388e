// "Who will hear this": the preview explains every recipient and agrees with what notify() records.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { notify } from '@/lib/notifications/notify';
import { previewRecipients } from '@/lib/notifications/preview';
import { patchSettings } from '@/lib/notifications/settings';
import { addProductMember, makeProductType, makeProgram, makeUser } from '../support/fixtures';
import { alertedUserIds, enableEveryIntegration, personalJobsOf, resetWorld, sharedJobsOf } from '../support/notifications';

beforeEach(resetWorld);

/** A channel as the preview explains it, sent at once. */
const sent = (channel: string, why: string[], reason: string) => ({ channel, why, reason, heldUntil: null, note: null });

async function scene() {
  await enableEveryIntegration();
  const p = await makeProgram((await makeProductType()).id);
  const [ann, ben, cat] = [
    await makeUser({ username: 'ann', slackUserId: 'UANN' }),
    await makeUser({ username: 'ben' }),
    await makeUser({ username: 'cat' }),
  ];
  const gone = await makeUser({ username: 'gone', isActive: false });
  for (const u of [ann, ben, gone]) await addProductMember(p.product.id, u.id, 'Reader');
  await patchSettings(db(), { scope: 'system' }, { scan_added: ['alert', 'slack'], review_requested: ['alert', 'mail', 'slack'] });
  await patchSettings(db(), { scope: 'personal', userId: ann.id }, { scan_added: ['alert', 'mail'] });
  await patchSettings(
    db(),
    { scope: 'product', userId: ann.id, productId: p.product.id },
    { scan_added: ['mail'], review_requested: ['mail'] },
  );
  return { p, ann, ben, cat, gone };
}

describe('previewRecipients', () => {
  it('explains each channel of each recipient: system, personal, product or mention', async () => {
    const { p, ann, ben } = await scene();

    const broadcast = await previewRecipients({ type: 'scan_added', title: 'Scan', test: p.test.id });
    expect(broadcast.recipients).toEqual([
      {
        userId: ann.id,
        username: 'ann',
        groupsInto: null,
        channels: [sent('alert', ['system', 'personal'], 'system'), sent('mail', ['personal', 'product'], 'product')],
      },
      { userId: ben.id, username: 'ben', groupsInto: null, channels: [sent('alert', ['system'], 'system')] },
    ]);
    expect(broadcast.shared).toEqual([{ channel: 'slack', destinationProductId: null, webhookEndpointId: null, addresses: ['#security'] }]);

    const named = await previewRecipients({ type: 'review_requested', title: 'Review', finding: p.finding.id, recipients: [ann.id] });
    expect(named.recipients).toEqual([
      {
        userId: ann.id,
        username: 'ann',
        groupsInto: null,
        channels: [
          sent('alert', ['system'], 'review_request'),
          sent('mail', ['mention', 'product'], 'review_request'),
          sent('slack', ['mention'], 'review_request'),
        ],
      },
    ]);
    expect(named.shared).toEqual([]);
  });

  it('lists the users RBAC leaves out, with the reason', async () => {
    const { p, ann, cat, gone } = await scene();
    const named = await previewRecipients({
      type: 'user_mentioned',
      title: 'Mention',
      finding: p.finding.id,
      actorId: ann.id,
      recipients: [ann.id, cat.id, gone.id],
    });
    expect(named.excluded).toEqual([
      { userId: ann.id, username: 'ann', reason: 'excluded' },
      { userId: cat.id, username: 'cat', reason: 'no_access' },
      { userId: gone.id, username: 'gone', reason: 'inactive' },
    ]);
    expect(named.recipients).toEqual([]);
  });

  it('records nothing, and says what notify() then does', async () => {
    const { p, ann, ben } = await scene();
    const event = { type: 'scan_added', title: 'Scan', test: p.test.id } as const;
    const preview = await previewRecipients(event);
    const [events] = await db().execute<{ n: number }>(sql`select count(*)::int as n from notification_events`);
    expect(events?.n).toBe(0);

    const { eventId, recipients } = await notify(event);
    expect(recipients).toBe(preview.recipients.length);
    expect(await alertedUserIds(eventId)).toEqual([ann.id, ben.id].sort((a, b) => a - b));
    expect(await personalJobsOf(eventId)).toEqual([`${ann.id}:mail`]);
    expect((await sharedJobsOf(eventId)).map((j) => j.channel)).toEqual(preview.shared.map((s) => s.channel));
  });

  it('shows which integrations can deliver, with the reason when one cannot', async () => {
    const { p } = await scene();
    await db().execute(sql`update system_settings set slack_token_encrypted = null, enable_webhooks_notifications = false`);
    const { integrations } = await previewRecipients({ type: 'other', title: 'x', product: p.product.id });
    expect(integrations).toEqual({
      mail: { available: true, reason: null },
      slack: { available: false, reason: 'Slack has no token.' },
      msteams: { available: true, reason: null },
      webhooks: { available: false, reason: 'Webhook notifications are disabled.' },
    });
  });
});
