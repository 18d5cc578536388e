// One page of a list: what the caller may see, `limit` rows from `offset`, with the total count.
import { count, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client';

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> {
  count: number;
  results: T[];
}

export const DEFAULT_PAGE: PageRequest = { limit: 25, offset: 0 };

/** Rows of `table` matching `where`, ordered by id so pages are stable. */
export async function selectPage<T extends PgTable & { id: PgColumn }>(
  db: Executor,
  table: T,
  where: SQL | undefined,
  page: PageRequest,
): Promise<Page<T['$inferSelect']>> {
  const [total] = await db
    .select({ n: count() })
    .from(table as PgTable)
    .where(where);
  const rows = await db
    .select()
    .from(table as PgTable)
    .where(where)
    .orderBy(table.id)
    .limit(page.limit)
    .offset(page.offset);
  return { count: total?.n ?? 0, results: rows as T['$inferSelect'][] };
}

export function mapPage<A, B>(page: Page<A>, fn: (a: A) => B): Page<B> {
  return { count: page.count, results: page.results.map(fn) };
}
