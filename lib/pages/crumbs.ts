// The breadcrumb trail of the program's pages, always from the same root: Products / product /
// engagement / test / finding. Call it after the page has authorized `at` (whoever may see an
// object may see the objects above it: visibility is decided at the product).
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

export interface TrailCrumb {
  href: string;
  label: string;
}

export type TrailAt = { product: number } | { engagement: number } | { test: number } | { finding: number };

const ROOT: TrailCrumb = { href: '/products', label: 'Products' };

/** The trail down to `at`, `at` included: detail pages show it without their own last crumb. */
export async function programTrail(db: Executor, at: TrailAt): Promise<TrailCrumb[]> {
  const [row] = await db.execute<{
    pid: number;
    pname: string;
    eid: number | null;
    ename: string | null;
    tid: number | null;
    ttitle: string | null;
    fid: number | null;
    ftitle: string | null;
  }>(trailQuery(at));
  if (!row) return [ROOT];
  const trail = [ROOT, { href: `/products/${row.pid}`, label: row.pname }];
  if (row.eid !== null) trail.push({ href: `/engagements/${row.eid}`, label: row.ename! });
  if (row.tid !== null) trail.push({ href: `/tests/${row.tid}`, label: row.ttitle! });
  if (row.fid !== null) trail.push({ href: `/findings/${row.fid}`, label: row.ftitle! });
  return trail;
}

function trailQuery(at: TrailAt) {
  const product = sql`p.id as pid, p.name as pname`;
  const engagement = sql`e.id as eid, e.name as ename`;
  const test = sql`t.id as tid, t.title as ttitle`;
  const noEngagement = sql`null::int as eid, null as ename`;
  const noTest = sql`null::int as tid, null as ttitle`;
  const noFinding = sql`null::int as fid, null as ftitle`;
  if ('product' in at) {
    return sql`select ${product}, ${noEngagement}, ${noTest}, ${noFinding} from products p where p.id = ${at.product}`;
  }
  if ('engagement' in at) {
    return sql`select ${product}, ${engagement}, ${noTest}, ${noFinding}
      from engagements e join products p on p.id = e.product_id where e.id = ${at.engagement}`;
  }
  if ('test' in at) {
    return sql`select ${product}, ${engagement}, ${test}, ${noFinding}
      from tests t join engagements e on e.id = t.engagement_id join products p on p.id = e.product_id
      where t.id = ${at.test}`;
  }
  return sql`select ${product}, ${engagement}, ${test}, f.id as fid, f.title as ftitle
    from findings f join tests t on t.id = f.test_id join engagements e on e.id = t.engagement_id
    join products p on p.id = e.product_id where f.id = ${at.finding}`;
}
