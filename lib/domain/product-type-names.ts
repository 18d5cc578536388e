// The product type of each product the actor can see, by name, and whether the actor may open the
// type's own page. A product's members see its type's name (as the dashboard shows it) without
// being members of the type.
import { sql } from 'drizzle-orm';
import { visibleProductIdsSql, visibleProductTypeIdsSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';

export interface ProductTypeLabel {
  id: number;
  name: string;
  /** Whether the actor may open /product-types/{id}. */
  visible: boolean;
}

/** Product id → its type's label, for the given products the actor can see (others are left out). */
export async function productTypeLabels(db: Executor, actor: Actor, productIds: number[]): Promise<Map<number, ProductTypeLabel>> {
  if (productIds.length === 0) return new Map();
  const rows = await db.execute<{ product_id: number; id: number; name: string; visible: boolean }>(sql`
    select p.id as product_id, pt.id, pt.name, pt.id in (${visibleProductTypeIdsSql(actor)}) as visible
    from products p join product_types pt on pt.id = p.prod_type_id
    where p.id in (${sql.join(
      productIds.map((id) => sql`${id}`),
      sql`, `,
    )})
      and p.id in (${visibleProductIdsSql(actor)})`);
  return new Map(rows.map((r) => [r.product_id, { id: r.id, name: r.name, visible: r.visible }]));
}
