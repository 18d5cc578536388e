// Product and product type names are unique among what a caller can see, not globally: refusing a
// name that only a hidden product holds would tell the caller that it exists (an existence oracle).
import { sql } from 'drizzle-orm';
import { visibleProductIdsSql, visibleProductTypeIdsSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { conflict, type Failure } from '../core/result';

async function taken(
  tx: Executor,
  table: 'products' | 'product_types',
  visible: ReturnType<typeof sql>,
  name: string,
  exceptId: number | null,
): Promise<boolean> {
  const rows = await tx.execute(sql`
    select 1 from ${sql.identifier(table)} t
    where lower(t.name) = ${name.toLowerCase()} and t.id <> ${exceptId ?? 0} and t.id in (${visible}) limit 1`);
  return rows.length > 0;
}

/** A 409 when a product the actor can see already has this name (in any case); null otherwise. */
export async function productNameConflict(
  tx: Executor,
  actor: Actor,
  name: string | undefined,
  exceptId: number | null = null,
): Promise<Failure | null> {
  if (name === undefined || !(await taken(tx, 'products', visibleProductIdsSql(actor), name, exceptId))) return null;
  return conflict({ name: ['A product with this name already exists.'] });
}

/** A 409 when a product type the actor can see already has this name; null otherwise. */
export async function productTypeNameConflict(
  tx: Executor,
  actor: Actor,
  name: string | undefined,
  exceptId: number | null = null,
): Promise<Failure | null> {
  if (name === undefined) return null;
  if (!(await taken(tx, 'product_types', visibleProductTypeIdsSql(actor), name, exceptId))) return null;
  return conflict({ name: ['A product type with this name already exists.'] });
}
