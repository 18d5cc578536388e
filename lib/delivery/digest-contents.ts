// What a digest delivery carries when the worker sends it (lib/schedules/digests.ts gathers the
// held jobs into it): its events grouped by product then type, counted in the database.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { stillVisibleSql } from './send-access';

export interface DigestEntry {
  title: string;
  url: string | null;
}

export interface DigestTypeGroup {
  type: string;
  count: number;
  /** The newest few, for a glance; `count` says how many there were. */
  latest: DigestEntry[];
}

export interface DigestProductGroup {
  /** Null for events about no product (a product type, a mention outside products…). */
  product: string | null;
  count: number;
  types: DigestTypeGroup[];
}

export interface DigestContent {
  /** `hourly:…` or `daily:…`. */
  window: string;
  total: number;
  products: DigestProductGroup[];
}

const LATEST_PER_TYPE = 5;

/**
 * The events each digest delivery carries, grouped by product then type, with counts. Counted in
 * SQL, and only the newest few of each type read: a storm's digest gathers thousands of events, and
 * a batch of a hundred digests would otherwise load every one of them into the worker.
 */
export async function loadDigestContents(db: Executor, digestIds: readonly string[]): Promise<Map<string, DigestContent>> {
  const contents = new Map<string, DigestContent>();
  if (digestIds.length === 0) return contents;
  const rows = await db.execute<{
    digest_id: string;
    window: string;
    product: string | null;
    type: string;
    title: string;
    url: string | null;
    type_count: number;
  }>(sql`
    select digest_id, "window", product, type, title, url, type_count from (
      select j.digest_id::text as digest_id, g.digest_window as "window", p.name as product, e.type, e.title, e.url, e.id,
        (count(*) over w)::int as type_count, row_number() over (w order by e.id desc) as rank
      from deliveries j
      join deliveries g on g.id = j.digest_id
      join notification_events e on e.id = j.event_id
      left join products p on p.id = e.product_id
      where j.digest_id = any(${`{${digestIds.join(',')}}`}::uuid[])
        -- Access checked again at send time: only the events the user may still see.
        and ${stillVisibleSql(sql`g.user_id`)}
      window w as (partition by j.digest_id, p.name, e.type)
    ) newest
    where rank <= ${LATEST_PER_TYPE}
    order by product nulls last, type, id desc`);
  for (const row of rows) {
    let content = contents.get(row.digest_id);
    if (!content) contents.set(row.digest_id, (content = { window: row.window, total: 0, products: [] }));
    let product = content.products.find((p) => p.product === row.product);
    if (!product) content.products.push((product = { product: row.product, count: 0, types: [] }));
    let type = product.types.find((t) => t.type === row.type);
    if (!type) {
      product.types.push((type = { type: row.type, count: row.type_count, latest: [] }));
      product.count += row.type_count;
      content.total += row.type_count;
    }
    type.latest.push({ title: row.title, url: row.url });
  }
  return contents;
}
