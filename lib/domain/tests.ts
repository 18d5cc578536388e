// Tests: one scan or assessment within an engagement; findings hang from them.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, visibleProductIdsSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { engagements, tests } from '../db/schema';
import { describeEvent } from '../notifications/messages';
import { notify } from '../notifications/notify';
import { testFacts } from './event-facts';
import { mapPage, selectPage, type Page, type PageRequest } from './pagination';
import { denial, ok, type Result } from '../core/result';
import { selectById, updateById } from './row-by-id';
import { inTransaction } from '../core/transaction';
import { id, parseWith, requiredText } from '../core/validation';

export const testSchema = z.object({
  id: z.number().int(),
  engagement: z.number().int(),
  title: z.string(),
  test_type: z.string(),
  created: z.iso.datetime(),
});
export type Test = z.infer<typeof testSchema>;

export const testCreateSchema = z.object({
  engagement: id,
  title: requiredText(255),
  test_type: requiredText(255),
});
export const testUpdateSchema = testCreateSchema.omit({ engagement: true }).partial();
export type TestCreate = z.input<typeof testCreateSchema>;
export type TestUpdate = z.input<typeof testUpdateSchema>;

export interface TestFilters {
  engagement?: number;
  product?: number;
}

function toTest(row: typeof tests.$inferSelect): Test {
  return { id: row.id, engagement: row.engagementId, title: row.title, test_type: row.testType, created: row.createdAt.toISOString() };
}

export async function listTests(db: Executor, actor: Actor, filters: TestFilters, page: PageRequest): Promise<Result<Page<Test>>> {
  const where = sql`${tests.engagementId} in (
      select ${engagements.id} from ${engagements} where ${engagements.productId} in (${visibleProductIdsSql(actor)})
      ${filters.product ? sql`and ${engagements.productId} = ${filters.product}` : sql``})
    ${filters.engagement ? sql`and ${tests.engagementId} = ${filters.engagement}` : sql``}`;
  return ok(mapPage(await selectPage(db, tests, where, page), toTest));
}

export async function getTest(db: Executor, actor: Actor, testId: number): Promise<Result<Test>> {
  const denied = denial(await authorize(db, actor, { kind: 'test', id: testId }, 'view'));
  if (denied) return denied;
  return ok(toTest((await selectById(db, tests, testId))!));
}

export async function createTest(db: Executor, actor: Actor, input: TestCreate): Promise<Result<Test>> {
  const parsed = parseWith(testCreateSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'engagement', id: data.engagement }, 'add_child'));
    if (denied) return denied;
    const [row] = await tx.insert(tests).values({ engagementId: data.engagement, title: data.title, testType: data.test_type }).returning();
    await notify({ ...describeEvent('test_added', await testFacts(tx, row!.id)), actorId: actor.id }, tx);
    return ok(toTest(row!));
  });
}

export async function updateTest(db: Executor, actor: Actor, testId: number, input: TestUpdate): Promise<Result<Test>> {
  const parsed = parseWith(testUpdateSchema, input);
  if (!parsed.ok) return parsed;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'test', id: testId }, 'edit'));
    if (denied) return denied;
    const row = await updateById(tx, tests, testId, { title: parsed.value.title, testType: parsed.value.test_type });
    return ok(toTest(row!));
  });
}

export async function deleteTest(db: Executor, actor: Actor, testId: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'test', id: testId }, 'delete'));
    if (denied) return denied;
    await tx.delete(tests).where(eq(tests.id, testId));
    return ok(null);
  });
}
