// What a product's page shows beyond the product itself: its open findings by severity, and the
// people who can see it (the owners a risk acceptance may name). Added for the pages.
import { sql } from 'drizzle-orm';
import { authorize, productViewersSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { SEVERITIES, type Severity } from '../db/schema/enums';
import type { FindingViewer } from './finding-audience';
import { denial, ok, type Result } from '../core/result';

export async function openFindingCounts(db: Executor, actor: Actor, productId: number): Promise<Result<Record<Severity, number>>> {
  const denied = denial(await authorize(db, actor, { kind: 'product', id: productId }, 'view'));
  if (denied) return denied;
  const rows = await db.execute<{ severity: Severity; n: number }>(sql`
    select f.severity, count(*)::int as n
    from findings f join tests t on t.id = f.test_id join engagements e on e.id = t.engagement_id
    where e.product_id = ${productId} and f.active
    group by f.severity`);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const row of rows) counts[row.severity] = row.n;
  return ok(counts);
}

/** Active users who can view the product, by username (for a caller who can view it too). */
export async function listProductViewers(db: Executor, actor: Actor, productId: number): Promise<Result<FindingViewer[]>> {
  const denied = denial(await authorize(db, actor, { kind: 'product', id: productId }, 'view'));
  if (denied) return denied;
  const rows = await db.execute<FindingViewer>(sql`
    select u.id, u.username, u.first_name, u.last_name from users u
    where u.id in (${productViewersSql(productId)}) order by lower(u.username)`);
  return ok([...rows]);
}
