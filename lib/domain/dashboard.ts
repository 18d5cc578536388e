// The dashboard: products the user can see, with their open findings by severity.
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/authorization';
import { visibleProductIdsSql } from '../auth/authorization';
import type { Executor } from '../db/client';
import { SEVERITIES, type Severity } from '../db/schema/enums';

export interface DashboardProduct {
  id: number;
  name: string;
  productType: string;
  openFindings: Record<Severity, number>;
  breachedSla: number;
}

export async function dashboardProducts(db: Executor, actor: Actor): Promise<DashboardProduct[]> {
  const rows = await db.execute<{
    id: number;
    name: string;
    product_type: string;
    severity: Severity | null;
    open: number;
    breached: number;
  }>(sql`
    select p.id, p.name, pt.name as product_type, f.severity,
           count(f.id)::int as open,
           count(f.id) filter (where f.sla_expiration_date < current_date)::int as breached
    from products p
    join product_types pt on pt.id = p.prod_type_id
    left join engagements e on e.product_id = p.id
    left join tests t on t.engagement_id = e.id
    left join findings f on f.test_id = t.id and f.active
    where p.id in (${visibleProductIdsSql(actor)})
    group by p.id, p.name, pt.name, f.severity
    order by p.name`);

  const byId = new Map<number, DashboardProduct>();
  for (const row of rows) {
    let product = byId.get(row.id);
    if (!product) {
      product = {
        id: row.id,
        name: row.name,
        productType: row.product_type,
        breachedSla: 0,
        openFindings: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
      };
      byId.set(row.id, product);
    }
    if (row.severity) {
      product.openFindings[row.severity] = row.open;
      product.breachedSla += row.breached;
    }
  }
  return [...byId.values()];
}
