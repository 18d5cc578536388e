// Alerts outlive access, their display does not: an alert about a product (or product type) the user
// can no longer see is left out of the bell's list and count, /alerts and the alerts API (all read
// through listAlerts) and from the count the sidecar pushes live, and shows again if access comes
// back. Alerts about nothing stay everyone's.
import { and, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { alerts, groupMembers, notificationEvents, productMembers, productTypeMembers, users } from '@/lib/db/schema';
import { markAlertsRead } from '@/lib/notifications/alert-mutations';
import { listAlerts, unreadAlertCount } from '@/lib/notifications/alerts';
import { alertsByIds, unreadCounts } from '@/lib/realtime/alerts-query';
import {
  addProductGroup,
  addProductMember,
  addProductTypeMember,
  makeGroup,
  makeProduct,
  makeProductType,
  makeUser,
  type User,
} from '../support/fixtures';

let user: User;
let productType: number;
let product: number;
let otherProduct: number;
/** The sidecar's own connection: its live counts are raw SQL, not the app's query. */
const sidecarSql = postgres(process.env.DATABASE_URL!, { max: 1 });
afterAll(() => sidecarSql.end());

beforeEach(async () => {
  user = await makeUser();
  productType = (await makeProductType()).id;
  product = (await makeProduct(productType)).id;
  otherProduct = (await makeProduct((await makeProductType()).id)).id;
});

/** One unread alert for the user about the given subject. */
async function alertAbout(title: string, subject: { productId?: number; productTypeId?: number }) {
  const [event] = await db()
    .insert(notificationEvents)
    .values({ type: 'other', title, ...subject })
    .returning();
  await db().insert(alerts).values({ userId: user.id, eventId: event!.id, eventType: 'other', title, description: '' });
}

async function shown(): Promise<{ titles: string[]; unread: number }> {
  const page = await listAlerts(db(), user.id, { limit: 50 });
  expect(page.unread_count).toBe(await unreadAlertCount(db(), user.id));
  expect(await unreadCounts(sidecarSql, [user.id])).toEqual([{ userId: user.id, unreadCount: page.unread_count }]);
  // What the sidecar pushes back to the bell (a snooze ending, a restore) is what the list shows.
  const everyAlert = await db().select({ id: alerts.id }).from(alerts).where(eq(alerts.userId, user.id));
  const pushed = await alertsByIds(
    sidecarSql,
    user.id,
    everyAlert.map((a) => a.id),
  );
  expect(pushed.map((p) => p.alert.title).sort()).toEqual(page.results.map((a) => a.title).sort());
  for (const p of pushed) expect(p.unreadCount).toBe(page.unread_count);
  return { titles: page.results.map((a) => a.title).sort(), unread: page.unread_count };
}

describe('alerts about subjects the user can no longer see', () => {
  it('are hidden from the list and the count once the membership is removed, and shown again when it is back', async () => {
    await addProductMember(product, user.id, 'Reader');
    await alertAbout('about the product', { productId: product, productTypeId: productType });
    await alertAbout('about nothing', {});
    expect(await shown()).toEqual({ titles: ['about nothing', 'about the product'], unread: 2 });

    await db()
      .delete(productMembers)
      .where(and(eq(productMembers.productId, product), eq(productMembers.userId, user.id)));
    expect(await shown()).toEqual({ titles: ['about nothing'], unread: 1 });
    expect(await listAlerts(db(), user.id, { limit: 50, unread: true })).toMatchObject({ results: [{ title: 'about nothing' }] });

    await addProductMember(product, user.id, 'Writer');
    expect(await shown()).toEqual({ titles: ['about nothing', 'about the product'], unread: 2 });
  });

  it('follow every way of seeing a product: its type, a group, a global role, superuser', async () => {
    await alertAbout('about the product', { productId: product, productTypeId: productType });
    await alertAbout('about the product type', { productTypeId: productType });
    await alertAbout('about another product', { productId: otherProduct });
    expect((await shown()).titles).toEqual([]);

    await addProductTypeMember(productType, user.id, 'Reader');
    expect((await shown()).titles).toEqual(['about the product', 'about the product type']);
    await db().delete(productTypeMembers).where(eq(productTypeMembers.userId, user.id));

    const group = await makeGroup([user.id]);
    await addProductGroup(product, group.id, 'Reader');
    expect((await shown()).titles).toEqual(['about the product']);
    await db().delete(groupMembers).where(eq(groupMembers.userId, user.id));
    expect((await shown()).titles).toEqual([]);

    await db().update(users).set({ globalRole: 'Reader' }).where(eq(users.id, user.id));
    expect((await shown()).unread).toBe(3);
    await db().update(users).set({ globalRole: null, isSuperuser: true }).where(eq(users.id, user.id));
    expect((await shown()).unread).toBe(3);
  });

  it('do not count in the unread total that marking read answers', async () => {
    await addProductMember(product, user.id, 'Reader');
    await alertAbout('hidden later', { productId: product });
    await alertAbout('about nothing', {});
    await db().delete(productMembers).where(eq(productMembers.userId, user.id));
    const [visible] = (await listAlerts(db(), user.id, { limit: 10 })).results;
    expect(await markAlertsRead(db(), user.id, { ids: [visible!.id] })).toEqual({ ok: true, value: { unread_count: 0 } });
  });
});
