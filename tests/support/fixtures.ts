// Small builders for test data, written straight to the test file's database.
import crypto from 'node:crypto';
import { db } from '../../lib/db/client';
import {
  engagements,
  findings,
  groupMembers,
  groups,
  productGroups,
  productMembers,
  productTypeGroups,
  productTypeMembers,
  products,
  productTypes,
  tests,
  users,
} from '../../lib/db/schema';
import type { Role, Severity } from '../../lib/db/schema/enums';

const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;

// A real argon2 hash of "password", so fixtures need not hash per user.
export const PASSWORD = 'password';
const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$M/GCSyb1rbDQBsM+F4Re0w$xXZdSNpvO1CHAg9+Xweo03QfYCRfHs8hcQltVFynhYQ';

export type User = typeof users.$inferSelect;

export async function makeUser(overrides: Partial<typeof users.$inferInsert> = {}): Promise<User> {
  const username = overrides.username ?? unique('user');
  const [user] = await db()
    .insert(users)
    .values({ username, email: `${username}@example.com`, passwordHash: PASSWORD_HASH, ...overrides })
    .returning();
  return user!;
}

export async function makeProductType(name = unique('pt')) {
  const [row] = await db().insert(productTypes).values({ name }).returning();
  return row!;
}

export async function makeProduct(prodTypeId: number, name = unique('product')) {
  const [row] = await db().insert(products).values({ name, prodTypeId }).returning();
  return row!;
}

export async function makeGroup(memberIds: number[] = []) {
  const [group] = await db()
    .insert(groups)
    .values({ name: unique('group') })
    .returning();
  if (memberIds.length)
    await db()
      .insert(groupMembers)
      .values(memberIds.map((userId) => ({ groupId: group!.id, userId })));
  return group!;
}

export async function addProductMember(productId: number, userId: number, role: Role) {
  await db().insert(productMembers).values({ productId, userId, role });
}
export async function addProductTypeMember(productTypeId: number, userId: number, role: Role) {
  await db().insert(productTypeMembers).values({ productTypeId, userId, role });
}
export async function addProductGroup(productId: number, groupId: number, role: Role) {
  await db().insert(productGroups).values({ productId, groupId, role });
}
export async function addProductTypeGroup(productTypeId: number, groupId: number, role: Role) {
  await db().insert(productTypeGroups).values({ productTypeId, groupId, role });
}

/** A product with one engagement, one test and one finding under it. */
/** A day `days` from today (UTC), as YYYY-MM-DD. */
export const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A product with an engagement in progress, a test and a finding without an SLA date: nothing the
 * app's scheduled notifications (stale or upcoming engagements, SLA) would announce, since a test's
 * app runs the worker, whose timer would otherwise add alerts while the test counts them.
 */
export async function makeProgram(prodTypeId: number, severity: Severity = 'High') {
  const product = await makeProduct(prodTypeId);
  const [engagement] = await db()
    .insert(engagements)
    .values({ productId: product.id, name: 'Engagement', targetStart: dayFromToday(-30), targetEnd: dayFromToday(300) })
    .returning();
  const [test] = await db().insert(tests).values({ engagementId: engagement!.id, title: 'Test', testType: 'ZAP Scan' }).returning();
  const [finding] = await db().insert(findings).values({ testId: test!.id, title: 'Finding', severity }).returning();
  return { product, engagement: engagement!, test: test!, finding: finding! };
}
