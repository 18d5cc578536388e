// Each rule of DESIGN §4, one test each, against the real fan-out.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { notify } from '@/lib/notifications/notify';
import { patchSettings } from '@/lib/notifications/settings';
import {
  addProductGroup,
  addProductMember,
  addProductTypeGroup,
  addProductTypeMember,
  makeGroup,
  makeProductType,
  makeProgram,
  makeUser,
} from '../support/fixtures';
import { alertedUserIds, enableEveryIntegration, personalJobsOf, resetWorld } from '../support/notifications';

beforeEach(resetWorld);

const ids = (...users: { id: number }[]) => users.map((u) => u.id).sort((a, b) => a - b);
const personal = (userId: number, channels: Record<string, string[]>) => patchSettings(db(), { scope: 'personal', userId }, channels);
const system = (channels: Record<string, string[]>) => patchSettings(db(), { scope: 'system' }, channels);

async function program() {
  const productType = await makeProductType();
  return { productType, ...(await makeProgram(productType.id)) };
}

describe('audience (rule 1)', () => {
  it('a system-wide alert reaches every active user who can see the subject, and nobody else', async () => {
    const p = await program();
    const elsewhere = await program();
    const member = await makeUser();
    const typeMember = await makeUser();
    const globalReader = await makeUser({ globalRole: 'Reader' });
    const superuser = await makeUser({ isSuperuser: true });
    await makeUser(); // an outsider
    await makeUser({ isActive: false, isSuperuser: true });
    await addProductMember(p.product.id, member.id, 'Reader');
    await addProductTypeMember(p.productType.id, typeMember.id, 'Writer');
    await addProductMember(elsewhere.product.id, (await makeUser()).id, 'Owner');

    const { eventId, recipients } = await notify({ type: 'engagement_added', title: 'Engagement added', engagement: p.engagement.id });

    expect(await alertedUserIds(eventId)).toEqual(ids(member, typeMember, globalReader, superuser));
    expect(recipients).toBe(4);
  });

  it('an event about a product type reaches who can see the product type, not members of its products only', async () => {
    const p = await program();
    const productMember = await makeUser();
    const typeMember = await makeUser();
    await addProductMember(p.product.id, productMember.id, 'Owner');
    await addProductTypeMember(p.productType.id, typeMember.id, 'Reader');

    const { eventId } = await notify({ type: 'product_type_added', title: 'Product type added', productType: p.productType.id });

    expect(await alertedUserIds(eventId)).toEqual(ids(typeMember));
  });

  it('an event about nothing reaches every active user', async () => {
    const a = await makeUser();
    const b = await makeUser();
    await makeUser({ isActive: false });

    const { eventId } = await notify({ type: 'other', title: 'Maintenance tonight' });

    expect(await alertedUserIds(eventId)).toEqual(ids(a, b));
  });

  it('group and product-type membership count, directly and through groups', async () => {
    const p = await program();
    const [viaProductGroup, viaTypeGroup, viaType] = [await makeUser(), await makeUser(), await makeUser()];
    await addProductGroup(p.product.id, (await makeGroup([viaProductGroup.id])).id, 'Reader');
    await addProductTypeGroup(p.productType.id, (await makeGroup([viaTypeGroup.id])).id, 'Reader');
    await addProductTypeMember(p.productType.id, viaType.id, 'Reader');

    const { eventId } = await notify({ type: 'test_added', title: 'Test added', test: p.test.id });

    expect(await alertedUserIds(eventId)).toEqual(ids(viaProductGroup, viaTypeGroup, viaType));
  });

  it('inactive users get nothing, superusers and named ones included', async () => {
    await enableEveryIntegration();
    const p = await program();
    const inactiveMember = await makeUser({ isActive: false, slackUserId: 'U1' });
    const inactiveSuperuser = await makeUser({ isActive: false, isSuperuser: true });
    await addProductMember(p.product.id, inactiveMember.id, 'Owner');
    for (const user of [inactiveMember, inactiveSuperuser])
      await personal(user.id, { scan_added: ['alert', 'mail', 'slack'], user_mentioned: ['alert', 'mail', 'slack'] });

    const broadcast = await notify({ type: 'scan_added', title: 'Scan', test: p.test.id });
    const named = await notify({
      type: 'user_mentioned',
      title: 'Mention',
      finding: p.finding.id,
      recipients: ids(inactiveMember, inactiveSuperuser),
    });

    for (const { eventId, recipients } of [broadcast, named]) {
      expect(await alertedUserIds(eventId)).toEqual([]);
      expect(await personalJobsOf(eventId)).toEqual([]);
      expect(recipients).toBe(0);
    }
  });

  it('a non-member gets nothing on any channel, even when named or holding settings for the product', async () => {
    await enableEveryIntegration();
    const p = await program();
    const outsider = await makeUser({ slackUserId: 'U2' });
    await personal(outsider.id, { scan_added: ['alert', 'mail', 'slack'], review_requested: ['alert', 'mail', 'slack'] });
    // Settings left over from a membership that has since ended.
    await patchSettings(
      db(),
      { scope: 'product', userId: outsider.id, productId: p.product.id },
      { scan_added: ['alert', 'mail', 'slack'] },
    );
    await system({ review_requested: ['alert', 'mail', 'slack'] });

    const broadcast = await notify({ type: 'scan_added', title: 'Scan', test: p.test.id });
    const named = await notify({ type: 'review_requested', title: 'Review', finding: p.finding.id, recipients: [outsider.id] });

    for (const { eventId } of [broadcast, named]) {
      expect(await alertedUserIds(eventId)).not.toContain(outsider.id);
      expect((await personalJobsOf(eventId)).filter((j) => j.startsWith(`${outsider.id}:`))).toEqual([]);
    }
  });
});

describe('personal channels (rule 2)', () => {
  it('personal settings add to the system-wide ones', async () => {
    await enableEveryIntegration();
    const p = await program();
    const [subscriber, bystander] = [await makeUser({ slackUserId: 'U3' }), await makeUser()];
    for (const u of [subscriber, bystander]) await addProductMember(p.product.id, u.id, 'Reader');
    await personal(subscriber.id, { scan_added: ['mail', 'slack'], close_engagement: ['alert'] });
    await system({ close_engagement: [] });

    const scan = await notify({ type: 'scan_added', title: 'Scan', test: p.test.id });
    const closed = await notify({ type: 'close_engagement', title: 'Closed', engagement: p.engagement.id });

    expect(await alertedUserIds(scan.eventId)).toEqual(ids(subscriber, bystander));
    expect(await personalJobsOf(scan.eventId)).toEqual([`${subscriber.id}:mail`, `${subscriber.id}:slack`]);
    expect(await alertedUserIds(closed.eventId)).toEqual(ids(subscriber));
  });

  it('per-product settings add for that product only', async () => {
    await enableEveryIntegration();
    const productType = await makeProductType();
    const [watched, other] = [await makeProgram(productType.id), await makeProgram(productType.id)];
    const user = await makeUser();
    await addProductTypeMember(productType.id, user.id, 'Reader');
    await system({ engagement_added: [] });
    await patchSettings(
      db(),
      { scope: 'product', userId: user.id, productId: watched.product.id },
      { engagement_added: ['alert', 'mail'] },
    );

    const onWatched = await notify({ type: 'engagement_added', title: 'E', engagement: watched.engagement.id });
    const onOther = await notify({ type: 'engagement_added', title: 'E', engagement: other.engagement.id });

    expect(await alertedUserIds(onWatched.eventId)).toEqual([user.id]);
    expect(await personalJobsOf(onWatched.eventId)).toEqual([`${user.id}:mail`]);
    expect(await alertedUserIds(onOther.eventId)).toEqual([]);
    expect(await personalJobsOf(onOther.eventId)).toEqual([]);
  });

  it('explicit recipients only, still filtered by RBAC, with the system-wide mail and Slack of that event added', async () => {
    await enableEveryIntegration();
    const p = await program();
    const [withSlack, withoutSlack, notNamed, cannotSee] = [
      await makeUser({ slackEmail: 'a@slack.example' }),
      await makeUser(),
      await makeUser(),
      await makeUser(),
    ];
    for (const u of [withSlack, withoutSlack, notNamed]) await addProductMember(p.product.id, u.id, 'Reader');
    await system({ review_requested: ['alert', 'mail', 'slack', 'msteams', 'webhooks'] });

    const { eventId, recipients } = await notify({
      type: 'review_requested',
      title: 'Review',
      finding: p.finding.id,
      recipients: ids(withSlack, withoutSlack, cannotSee),
    });

    expect(await alertedUserIds(eventId)).toEqual(ids(withSlack, withoutSlack));
    expect(await personalJobsOf(eventId)).toEqual([`${withSlack.id}:mail`, `${withSlack.id}:slack`, `${withoutSlack.id}:mail`].sort());
    expect(recipients).toBe(2);
  });

  it('user_mentioned never reaches the author of the note', async () => {
    const p = await program();
    const [author, mentioned] = [await makeUser(), await makeUser()];
    for (const u of [author, mentioned]) await addProductMember(p.product.id, u.id, 'Writer');

    const { eventId } = await notify({
      type: 'user_mentioned',
      title: 'Mention',
      finding: p.finding.id,
      actorId: author.id,
      recipients: ids(author, mentioned),
    });

    expect(await alertedUserIds(eventId)).toEqual([mentioned.id]);
  });

  it('superusers can opt out of everything but a system-wide alert', async () => {
    await enableEveryIntegration();
    const p = await program();
    const superuser = await makeUser({ isSuperuser: true, slackUserId: 'U4' });
    await personal(superuser.id, { scan_added: [], product_added: [] });
    await system({ scan_added: ['alert', 'mail', 'slack'], product_added: ['mail', 'slack'] });

    const scan = await notify({ type: 'scan_added', title: 'Scan', test: p.test.id });
    const added = await notify({ type: 'product_added', title: 'Product', product: p.product.id });

    expect(await alertedUserIds(scan.eventId)).toEqual([superuser.id]);
    expect(await personalJobsOf(scan.eventId)).toEqual([]);
    expect(await alertedUserIds(added.eventId)).toEqual([]);
    expect(await personalJobsOf(added.eventId)).toEqual([]);
  });
});
