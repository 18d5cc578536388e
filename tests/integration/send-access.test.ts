// The send-time access check (stillVisibleSql) asks from the user's side what the fan-out asked
// from the subject's (productViewersSql, productTypeViewersSql, every active user): for every kind
// of access and every kind of subject, the two agree.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { productTypeViewerIds, productViewerIds } from '@/lib/auth/authorization';
import { db } from '@/lib/db/client';
import { stillVisibleSql } from '@/lib/delivery/send-access';
import {
  addProductGroup,
  addProductMember,
  addProductTypeGroup,
  addProductTypeMember,
  makeGroup,
  makeProduct,
  makeProductType,
  makeUser,
  type User,
} from '../support/fixtures';

let people: Record<string, User>;
let events: Record<string, number>;
let product: number;
let productType: number;

beforeAll(async () => {
  const type = await makeProductType();
  const otherType = await makeProductType();
  const p = await makeProduct(type.id);
  const sibling = await makeProduct(type.id);
  const elsewhere = await makeProduct(otherType.id);
  product = p.id;
  productType = type.id;
  people = {
    productMember: await makeUser(),
    productGroupMember: await makeUser(),
    typeMember: await makeUser(),
    typeGroupMember: await makeUser(),
    siblingMember: await makeUser(),
    elsewhereMember: await makeUser(),
    superuser: await makeUser({ isSuperuser: true }),
    globalReader: await makeUser({ globalRole: 'Reader' }),
    inactiveTypeMember: await makeUser({ isActive: false }),
    inactiveSuperuser: await makeUser({ isSuperuser: true, isActive: false }),
    nobody: await makeUser(),
  };
  await addProductMember(p.id, people.productMember!.id, 'Reader');
  await addProductGroup(p.id, (await makeGroup([people.productGroupMember!.id])).id, 'Reader');
  await addProductTypeMember(type.id, people.typeMember!.id, 'Writer');
  await addProductTypeGroup(type.id, (await makeGroup([people.typeGroupMember!.id])).id, 'Reader');
  await addProductMember(sibling.id, people.siblingMember!.id, 'Owner');
  await addProductMember(elsewhere.id, people.elsewhereMember!.id, 'Owner');
  await addProductTypeMember(type.id, people.inactiveTypeMember!.id, 'Reader');

  const event = async (productId: number | null, productTypeId: number | null) => {
    const [row] = await db().execute<{ id: string }>(
      sql`insert into notification_events (type, title, product_id, product_type_id) values ('other', 'x', ${productId}, ${productTypeId}) returning id`,
    );
    return Number(row!.id);
  };
  events = { product: await event(p.id, type.id), productType: await event(null, type.id), none: await event(null, null) };
});

async function visibleTo(eventId: number): Promise<number[]> {
  const rows = await db().execute<{ id: number }>(sql`
    select u.id from users u, notification_events e where e.id = ${eventId} and ${stillVisibleSql(sql`u.id`)}`);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
const ours = (ids: number[]) => {
  const mine = new Set(Object.values(people).map((u) => u.id));
  return ids.filter((id) => mine.has(id));
};
const names = (ids: number[]) =>
  Object.entries(people)
    .filter(([, u]) => ids.includes(u.id))
    .map(([name]) => name)
    .sort();

describe('the send-time access check', () => {
  it("an event about a product: the product's viewers, as the fan-out lists them", async () => {
    const checked = ours(await visibleTo(events.product!));
    expect(checked).toEqual(ours(await productViewerIds(db(), product)));
    expect(names(checked)).toEqual(['globalReader', 'productGroupMember', 'productMember', 'superuser', 'typeGroupMember', 'typeMember']);
  });

  it("an event about a product type: the type's viewers", async () => {
    const checked = ours(await visibleTo(events.productType!));
    expect(checked).toEqual(ours(await productTypeViewerIds(db(), productType)));
    expect(names(checked)).toEqual(['globalReader', 'superuser', 'typeGroupMember', 'typeMember']);
  });

  it('an event about nothing: every active user, and no inactive one', async () => {
    const checked = ours(await visibleTo(events.none!));
    expect(names(checked)).toEqual(
      Object.keys(people)
        .filter((name) => !name.startsWith('inactive'))
        .sort(),
    );
  });
});
