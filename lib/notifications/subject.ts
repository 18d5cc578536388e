// What an event is about: the deepest object named, with the ancestors it sits under.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';

/** Subject ids as events name them (the events API's fields); all optional, the deepest wins. */
export interface EventSubject {
  productType?: number | null;
  product?: number | null;
  engagement?: number | null;
  test?: number | null;
  finding?: number | null;
}

export interface LocatedSubject {
  productTypeId: number | null;
  productId: number | null;
  engagementId: number | null;
  testId: number | null;
  findingId: number | null;
}

export class SubjectNotFoundError extends Error {
  constructor() {
    super('The subject of the event does not exist, or its ids do not belong together.');
  }
}

const NOTHING: LocatedSubject = { productTypeId: null, productId: null, engagementId: null, testId: null, findingId: null };

const ancestry: Record<keyof EventSubject, (id: number) => SQL> = {
  finding: (id) => sql`
    select p.prod_type_id, p.id, e.id, t.id, f.id from findings f join tests t on t.id = f.test_id
    join engagements e on e.id = t.engagement_id join products p on p.id = e.product_id where f.id = ${id}`,
  test: (id) => sql`
    select p.prod_type_id, p.id, e.id, t.id, null::int from tests t
    join engagements e on e.id = t.engagement_id join products p on p.id = e.product_id where t.id = ${id}`,
  engagement: (id) => sql`
    select p.prod_type_id, p.id, e.id, null::int, null::int from engagements e
    join products p on p.id = e.product_id where e.id = ${id}`,
  product: (id) => sql`select p.prod_type_id, p.id, null::int, null::int, null::int from products p where p.id = ${id}`,
  productType: (id) => sql`select pt.id, null::int, null::int, null::int, null::int from product_types pt where pt.id = ${id}`,
};

const DEEPEST_FIRST = ['finding', 'test', 'engagement', 'product', 'productType'] as const;

/**
 * Finds the subject and its ancestors in one query. Throws SubjectNotFoundError when the deepest id
 * does not exist or another id given disagrees with it (a finding of some other product).
 */
export async function locateSubject(db: Executor, subject: EventSubject): Promise<LocatedSubject> {
  const deepest = DEEPEST_FIRST.find((kind) => subject[kind] != null);
  if (!deepest) return NOTHING;
  const rows = await db.execute<Record<string, number | null>>(sql`
    select a.* from (${ancestry[deepest](subject[deepest]!)}) as a (product_type_id, product_id, engagement_id, test_id, finding_id)`);
  const row = rows[0];
  if (!row) throw new SubjectNotFoundError();
  const located: LocatedSubject = {
    productTypeId: row.product_type_id ?? null,
    productId: row.product_id ?? null,
    engagementId: row.engagement_id ?? null,
    testId: row.test_id ?? null,
    findingId: row.finding_id ?? null,
  };
  const given: [number | null | undefined, number | null][] = [
    [subject.productType, located.productTypeId],
    [subject.product, located.productId],
    [subject.engagement, located.engagementId],
    [subject.test, located.testId],
    [subject.finding, located.findingId],
  ];
  if (given.some(([id, found]) => id != null && id !== found)) throw new SubjectNotFoundError();
  return located;
}
