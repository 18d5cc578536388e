// Shared destinations (rule 3) and integrations that are off or half configured (rule 4).
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createWebhookEndpoint, setProductDestinations, updateIntegrations } from '@/lib/notifications/channel-integrations';
import { notify } from '@/lib/notifications/notify';
import { patchSettings } from '@/lib/notifications/settings';
import { addProductMember, addProductTypeMember, makeProductType, makeProgram, makeUser } from '../support/fixtures';
import { alertedUserIds, enableEveryIntegration, personalJobsOf, resetWorld, sharedJobsOf } from '../support/notifications';

beforeEach(resetWorld);

const ALL = ['alert', 'mail', 'slack', 'msteams', 'webhooks'];
const system = (channels: Record<string, string[]>) => patchSettings(db(), { scope: 'system' }, channels);

async function programWithMembers(count: number) {
  const productType = await makeProductType();
  const program = await makeProgram(productType.id);
  const members = [];
  for (let i = 0; i < count; i++) {
    const user = await makeUser({ slackUserId: `U${i}` });
    await addProductMember(program.product.id, user.id, 'Reader');
    await patchSettings(db(), { scope: 'personal', userId: user.id }, { scan_added: ['mail', 'slack'], review_requested: ['mail'] });
    members.push(user);
  }
  return { productType, ...program, members };
}

describe('shared destinations (rule 3)', () => {
  it('go out once per event, never once per user, and not at all for events to named users', async () => {
    await enableEveryIntegration();
    const p = await programWithMembers(5);
    const subscribed = await createWebhookEndpoint(db(), {
      name: 'SIEM',
      url: 'https://siem.example/hook',
      events: ['scan_added', 'review_requested'],
    });
    await createWebhookEndpoint(db(), { name: 'Off', url: 'https://off.example/hook', events: ['scan_added'], enabled: false });
    await createWebhookEndpoint(db(), { name: 'Other', url: 'https://other.example/hook', events: ['product_added'] });
    await system({ scan_added: ALL, review_requested: ALL });

    const scan = await notify({ type: 'scan_added', title: 'Scan', test: p.test.id });
    const review = await notify({
      type: 'review_requested',
      title: 'Review',
      finding: p.finding.id,
      recipients: p.members.map((m) => m.id),
    });

    expect(await sharedJobsOf(scan.eventId)).toEqual([
      {
        channel: 'mail',
        kind: 'shared',
        userId: null,
        destinationProductId: null,
        webhookEndpointId: null,
        addresses: ['security@example.com'],
      },
      { channel: 'slack', kind: 'shared', userId: null, destinationProductId: null, webhookEndpointId: null, addresses: ['#security'] },
      { channel: 'msteams', kind: 'shared', userId: null, destinationProductId: null, webhookEndpointId: null, addresses: null },
      { channel: 'webhooks', kind: 'shared', userId: null, destinationProductId: null, webhookEndpointId: subscribed.id, addresses: null },
    ]);
    expect(await personalJobsOf(scan.eventId)).toHaveLength(10);
    expect(await sharedJobsOf(review.eventId)).toEqual([]);
    expect(await personalJobsOf(review.eventId)).toHaveLength(10); // mail from both rows, Slack from the system row
  });

  it('only for the channels the system-wide row enables for the event', async () => {
    await enableEveryIntegration();
    const p = await programWithMembers(1);
    await system({ scan_added: ['alert', 'slack'] });

    const { eventId } = await notify({ type: 'scan_added', title: 'Scan', test: p.test.id });

    expect((await sharedJobsOf(eventId)).map((j) => j.channel)).toEqual(['slack']);
  });

  it("a product's own destinations replace the system-wide ones for events about it, channel by channel", async () => {
    await enableEveryIntegration();
    const productType = await makeProductType();
    const [own, plain] = [await makeProgram(productType.id), await makeProgram(productType.id)];
    await setProductDestinations(db(), own.product.id, { slackChannel: '#payments', mailNotificationsTo: ['payments@example.com'] });
    await system({ scan_added: ALL, other: ALL });

    const onOwn = await notify({ type: 'scan_added', title: 'Scan', test: own.test.id });
    const onPlain = await notify({ type: 'scan_added', title: 'Scan', test: plain.test.id });
    const onNothing = await notify({ type: 'other', title: 'Other' });

    const destinations = async (eventId: number) =>
      (await sharedJobsOf(eventId)).filter((j) => j.channel !== 'webhooks').map((j) => [j.channel, j.destinationProductId, j.addresses]);
    expect(await destinations(onOwn.eventId)).toEqual([
      ['mail', own.product.id, ['payments@example.com']],
      ['slack', own.product.id, ['#payments']],
      ['msteams', null, null],
    ]);
    const systemWide = [
      ['mail', null, ['security@example.com']],
      ['slack', null, ['#security']],
      ['msteams', null, null],
    ];
    expect(await destinations(onPlain.eventId)).toEqual(systemWide);
    expect(await destinations(onNothing.eventId)).toEqual(systemWide);
  });
});

describe('integrations (rule 4)', () => {
  it('with nothing configured, only the bell rings', async () => {
    const p = await programWithMembers(3);
    await createWebhookEndpoint(db(), { name: 'SIEM', url: 'https://siem.example/hook', events: ['scan_added'] });
    await system({ scan_added: ALL });

    const { eventId } = await notify({ type: 'scan_added', title: 'Scan', test: p.test.id });

    expect(await alertedUserIds(eventId)).toHaveLength(3);
    expect(await personalJobsOf(eventId)).toEqual([]);
    expect(await sharedJobsOf(eventId)).toEqual([]);
  });

  it('disabled or unconfigured channels deliver nothing, personal or shared', async () => {
    await enableEveryIntegration();
    await updateIntegrations(db(), { slackTokenEncrypted: null, msteamsUrlEncrypted: null, enableWebhooksNotifications: false });
    const p = await programWithMembers(2);
    const noEmail = await makeUser({ email: '' });
    await addProductMember(p.product.id, noEmail.id, 'Reader');
    await patchSettings(db(), { scope: 'personal', userId: noEmail.id }, { scan_added: ['mail'] });
    await createWebhookEndpoint(db(), { name: 'SIEM', url: 'https://siem.example/hook', events: ['scan_added'] });
    await system({ scan_added: ALL });

    const { eventId } = await notify({ type: 'scan_added', title: 'Scan', test: p.test.id });

    expect(await personalJobsOf(eventId)).toEqual(p.members.map((m) => `${m.id}:mail`).sort());
    expect((await sharedJobsOf(eventId)).map((j) => j.channel)).toEqual(['mail']);
  });

  it('Slack without a channel still sends DMs but no channel message; a Teams URL on the product suffices', async () => {
    await enableEveryIntegration();
    await updateIntegrations(db(), { slackChannel: null, msteamsUrlEncrypted: null });
    const p = await programWithMembers(1);
    await setProductDestinations(db(), p.product.id, { msteamsUrlEncrypted: 'https://example.logic.azure.com/workflows/p' });
    await system({ scan_added: ALL });

    const { eventId } = await notify({ type: 'scan_added', title: 'Scan', test: p.test.id });

    expect(await personalJobsOf(eventId)).toEqual([`${p.members[0]!.id}:mail`, `${p.members[0]!.id}:slack`]);
    expect((await sharedJobsOf(eventId)).map((j) => [j.channel, j.destinationProductId])).toEqual([
      ['mail', null],
      ['msteams', p.product.id],
    ]);
  });
});

describe('event subject', () => {
  it('inherits its product from the engagement, test or finding it names', async () => {
    const productType = await makeProductType();
    const p = await makeProgram(productType.id);
    const member = await makeUser();
    await addProductTypeMember(productType.id, member.id, 'Reader');
    const { eventId } = await notify({ type: 'sla_breach', title: 'SLA', finding: p.finding.id });
    expect(await alertedUserIds(eventId)).toEqual([member.id]);
  });
});
