// The names an event's message is written with (describeEvent's facts), read inside the mutation's
// transaction so the message names what the mutation just wrote. One query per event.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

export interface Named {
  id: number;
  name: string;
}

async function one<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await db.execute<T & Record<string, unknown>>(query);
  if (!row) throw new Error('The subject of the event vanished inside its own transaction.');
  return row as T;
}

export async function productFacts(db: Executor, productId: number): Promise<{ product: Named; productType: Named }> {
  return one(
    db,
    sql`
    select json_build_object('id', p.id, 'name', p.name) as product, json_build_object('id', pt.id, 'name', pt.name) as "productType"
    from products p join product_types pt on pt.id = p.prod_type_id where p.id = ${productId}`,
  );
}

export async function engagementFacts(db: Executor, engagementId: number): Promise<{ engagement: Named; product: Named }> {
  return one(
    db,
    sql`
    select json_build_object('id', e.id, 'name', e.name) as engagement, json_build_object('id', p.id, 'name', p.name) as product
    from engagements e join products p on p.id = e.product_id where e.id = ${engagementId}`,
  );
}

export async function testFacts(db: Executor, testId: number): Promise<{ test: Named; engagement: Named; product: Named }> {
  return one(
    db,
    sql`
    select json_build_object('id', t.id, 'name', t.title) as test, json_build_object('id', e.id, 'name', e.name) as engagement,
      json_build_object('id', p.id, 'name', p.name) as product
    from tests t join engagements e on e.id = t.engagement_id join products p on p.id = e.product_id where t.id = ${testId}`,
  );
}

/** The finding and the username of the user acting on it (the note's author, the requester). */
export async function findingFacts(
  db: Executor,
  findingId: number,
  actorId: number,
): Promise<{ finding: Named & { severity: string }; actor: string }> {
  return one(
    db,
    sql`
    select json_build_object('id', f.id, 'name', f.title, 'severity', f.severity) as finding, coalesce((select username from users where id = ${actorId}), 'Someone') as actor
    from findings f where f.id = ${findingId}`,
  );
}
