// Every domain mutation that is an event emits it, inside its own transaction, about the object it
// wrote, with texts from describeEvent, to the audience DESIGN §4 gives (the viewers of the subject,
// or the named users for mentions and review requests).
import { desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { notificationEvents } from '@/lib/db/schema';
import { closeEngagement, createEngagement, reopenEngagement, updateEngagement } from '@/lib/domain/engagements';
import { createNote } from '@/lib/domain/notes';
import { createProductType } from '@/lib/domain/product-types';
import { createProduct } from '@/lib/domain/products';
import { requestReview } from '@/lib/domain/review-requests';
import { createTest } from '@/lib/domain/tests';
import type { EventType } from '@/lib/core/event-catalog';
import { addProductMember, addProductTypeMember, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';
import { alertedUserIds } from '../support/notifications';

type EventRow = typeof notificationEvents.$inferSelect;

let superuser: User;
let auditor: User;
beforeAll(async () => {
  superuser = await makeUser({ isSuperuser: true });
  auditor = await makeUser({ globalRole: 'Reader' });
});

async function eventsOf(type: EventType): Promise<EventRow[]> {
  return db().select().from(notificationEvents).where(eq(notificationEvents.type, type)).orderBy(desc(notificationEvents.id));
}

async function lastEvent(type: EventType): Promise<EventRow> {
  const [event] = await eventsOf(type);
  expect(event, `no ${type} event`).toBeDefined();
  return event!;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false }): T {
  expect(result).toMatchObject({ ok: true });
  return (result as { value: T }).value;
}

describe('creating the hierarchy', () => {
  it('a product type: product_type_added, about it, to the users who can see it', async () => {
    const member = await makeUser();
    const pt = unwrap(await createProductType(db(), superuser, { name: 'Mobile apps' }));
    const event = await lastEvent('product_type_added');
    expect(event).toMatchObject({
      title: 'Product type Mobile apps added',
      url: `/product-types/${pt.id}`,
      productTypeId: pt.id,
      productId: null,
      actorId: superuser.id,
    });
    // Nobody is a member of a brand-new product type: superusers and global roles see it.
    const alerted = await alertedUserIds(event.id);
    expect(alerted).toEqual(expect.arrayContaining([superuser.id, auditor.id]));
    expect(alerted).not.toContain(member.id);
  });

  it('a product: product_added, to the members of its product type and nobody outside', async () => {
    const pt = await makeProductType();
    const [ptMember, outsider, writer] = [await makeUser(), await makeUser(), await makeUser()];
    await addProductTypeMember(pt.id, ptMember.id, 'Reader');
    await addProductTypeMember(pt.id, writer.id, 'Writer');
    const product = unwrap(await createProduct(db(), superuser, { name: 'Banking app', prod_type: pt.id }));
    const event = await lastEvent('product_added');
    expect(event).toMatchObject({
      title: 'Product Banking app added',
      description: `In ${pt.name}.`,
      url: `/products/${product.id}`,
      productId: product.id,
      productTypeId: pt.id,
      actorId: superuser.id,
    });
    const alerted = await alertedUserIds(event.id);
    expect(alerted).toEqual(expect.arrayContaining([ptMember.id, writer.id, superuser.id]));
    expect(alerted).not.toContain(outsider.id);
  });

  it('an engagement: a product member gets an alert for an engagement created on their product; a non-member does not', async () => {
    const p = await makeProgram((await makeProductType()).id);
    const [member, nonMember, writer] = [await makeUser(), await makeUser(), await makeUser()];
    await addProductMember(p.product.id, member.id, 'Reader');
    await addProductMember(p.product.id, writer.id, 'Writer');
    const engagement = unwrap(
      await createEngagement(db(), writer, {
        name: 'Q3 pentest',
        product: p.product.id,
        target_start: '2026-07-01',
        target_end: '2026-07-31',
      }),
    );
    const event = await lastEvent('engagement_added');
    expect(event).toMatchObject({
      title: 'Engagement Q3 pentest added',
      description: `On ${p.product.name}.`,
      url: `/engagements/${engagement.id}`,
      engagementId: engagement.id,
      productId: p.product.id,
      actorId: writer.id,
    });
    const alerted = await alertedUserIds(event.id);
    expect(alerted).toEqual(expect.arrayContaining([member.id, writer.id]));
    expect(alerted).not.toContain(nonMember.id);
  });

  it('a test: test_added, about the test and its engagement and product', async () => {
    const p = await makeProgram((await makeProductType()).id);
    const [member, nonMember] = [await makeUser(), await makeUser()];
    await addProductMember(p.product.id, member.id, 'Reader');
    const test = unwrap(await createTest(db(), superuser, { engagement: p.engagement.id, title: 'Nightly ZAP', test_type: 'ZAP Scan' }));
    const event = await lastEvent('test_added');
    expect(event).toMatchObject({
      title: 'Test Nightly ZAP added',
      description: `In ${p.engagement.name} on ${p.product.name}.`,
      url: `/tests/${test.id}`,
      testId: test.id,
      engagementId: p.engagement.id,
      productId: p.product.id,
    });
    const alerted = await alertedUserIds(event.id);
    expect(alerted).toContain(member.id);
    expect(alerted).not.toContain(nonMember.id);
  });

  it('a mutation that fails emits nothing (a duplicate name)', async () => {
    const before = (await eventsOf('product_type_added')).length;
    await createProductType(db(), superuser, { name: 'Twice' });
    expect(await createProductType(db(), superuser, { name: 'twice' })).toMatchObject({ ok: false, status: 409 });
    expect(await eventsOf('product_type_added')).toHaveLength(before + 1);
  });

  it("the event is part of the caller's transaction: rolled back with it", async () => {
    const before = (await eventsOf('product_type_added')).length;
    await db()
      .transaction(async (tx) => {
        unwrap(await createProductType(tx, superuser, { name: 'Never committed' }));
        tx.rollback();
      })
      .catch(() => {});
    expect(await eventsOf('product_type_added')).toHaveLength(before);
  });
});

describe('closing engagements', () => {
  async function engagementScene() {
    const p = await makeProgram((await makeProductType()).id);
    const [member, nonMember] = [await makeUser(), await makeUser()];
    await addProductMember(p.product.id, member.id, 'Writer');
    return { ...p, member, nonMember };
  }
  const closesOf = async (engagementId: number) => (await eventsOf('close_engagement')).filter((e) => e.engagementId === engagementId);

  it('close: close_engagement about the engagement, to its product members', async () => {
    const { engagement, product, member, nonMember } = await engagementScene();
    unwrap(await closeEngagement(db(), member, engagement.id));
    const [event, ...others] = await closesOf(engagement.id);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      title: `Engagement ${engagement.name} closed`,
      description: `On ${product.name}.`,
      productId: product.id,
      actorId: member.id,
    });
    const alerted = await alertedUserIds(event!.id);
    expect(alerted).toContain(member.id);
    expect(alerted).not.toContain(nonMember.id);
  });

  it('closing a closed engagement, or reopening one, emits nothing more', async () => {
    const { engagement, member } = await engagementScene();
    unwrap(await closeEngagement(db(), member, engagement.id));
    unwrap(await closeEngagement(db(), member, engagement.id));
    expect(await closesOf(engagement.id)).toHaveLength(1);
    unwrap(await reopenEngagement(db(), member, engagement.id));
    expect(await closesOf(engagement.id)).toHaveLength(1);
  });

  it('an update into Completed or Cancelled is a close; other updates are not', async () => {
    const { engagement, member } = await engagementScene();
    unwrap(await updateEngagement(db(), member, engagement.id, { description: 'scope widened', status: 'In Progress' }));
    expect(await closesOf(engagement.id)).toHaveLength(0);
    unwrap(await updateEngagement(db(), member, engagement.id, { status: 'Cancelled' }));
    expect(await closesOf(engagement.id)).toHaveLength(1);
    unwrap(await updateEngagement(db(), member, engagement.id, { status: 'Completed' }));
    expect(await closesOf(engagement.id)).toHaveLength(1);
  });

  it('a denied close emits nothing', async () => {
    const { engagement, nonMember } = await engagementScene();
    expect(await closeEngagement(db(), nonMember, engagement.id)).toMatchObject({ ok: false, status: 404 });
    expect(await closesOf(engagement.id)).toHaveLength(0);
  });
});

describe('mentions', () => {
  async function noteScene() {
    const p = await makeProgram((await makeProductType()).id);
    const author = await makeUser({ username: `author-${p.product.id}` });
    const seer = await makeUser({ username: `seer-${p.product.id}` });
    const bystander = await makeUser({ username: `bystander-${p.product.id}` });
    const blind = await makeUser({ username: `blind-${p.product.id}` });
    for (const u of [author, seer, bystander]) await addProductMember(p.product.id, u.id, 'Writer');
    return { ...p, author, seer, bystander, blind };
  }

  it('user_mentioned goes to the mentioned users who can see the finding, never the author', async () => {
    const { finding, author, seer, bystander, blind } = await noteScene();
    const entry = `@${seer.username} and @${blind.username}, please look (cc @${author.username})`;
    unwrap(await createNote(db(), author, finding.id, { entry }));
    const event = await lastEvent('user_mentioned');
    expect(event).toMatchObject({
      title: `${author.username} mentioned you on ${finding.title}`,
      description: entry,
      url: `/findings/${finding.id}`,
      findingId: finding.id,
      actorId: author.id,
      recipientIds: [seer.id],
    });
    expect(await alertedUserIds(event.id)).toEqual([seer.id]);
    expect(await alertedUserIds(event.id)).not.toContain(bystander.id);
  });

  it('a note that mentions nobody who can see the finding emits nothing', async () => {
    const { finding, author, blind } = await noteScene();
    const before = (await eventsOf('user_mentioned')).length;
    unwrap(await createNote(db(), author, finding.id, { entry: `no mention, and @${blind.username} cannot see it; @${author.username}` }));
    expect(await eventsOf('user_mentioned')).toHaveLength(before);
  });
});

describe('review requests', () => {
  it('review_requested goes to the chosen reviewers only', async () => {
    const p = await makeProgram((await makeProductType()).id);
    const [requester, reviewer1, reviewer2, other] = [await makeUser(), await makeUser(), await makeUser(), await makeUser()];
    for (const u of [requester, reviewer1, reviewer2, other]) await addProductMember(p.product.id, u.id, 'Writer');
    unwrap(await requestReview(db(), requester, p.finding.id, { reviewers: [reviewer2.id, reviewer1.id] }));
    const event = await lastEvent('review_requested');
    expect(event).toMatchObject({
      title: `${requester.username} requested your review of ${p.finding.title}`,
      findingId: p.finding.id,
      actorId: requester.id,
    });
    expect(await alertedUserIds(event.id)).toEqual([reviewer1.id, reviewer2.id].sort((a, b) => a - b));
  });

  it('a refused review request emits nothing', async () => {
    const p = await makeProgram((await makeProductType()).id);
    const [requester, outsider] = [await makeUser(), await makeUser()];
    await addProductMember(p.product.id, requester.id, 'Writer');
    const before = (await eventsOf('review_requested')).length;
    expect(await requestReview(db(), requester, p.finding.id, { reviewers: [outsider.id] })).toMatchObject({ ok: false, status: 400 });
    expect(await eventsOf('review_requested')).toHaveLength(before);
  });
});
