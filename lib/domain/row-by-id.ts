// Reading and updating one row by id, for mutations that have already authorized the caller.
import { eq } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client';

type TableWithId = PgTable & { id: PgColumn };

export async function selectById<T extends TableWithId>(db: Executor, table: T, id: number): Promise<T['$inferSelect'] | undefined> {
  const [row] = await db
    .select()
    .from(table as PgTable)
    .where(eq(table.id, id));
  return row as T['$inferSelect'] | undefined;
}

/** Updates the row with the given values; with none (an empty PATCH) it only reads it. */
export async function updateById<T extends TableWithId>(
  db: Executor,
  table: T,
  id: number,
  values: PgUpdateSetSource<T>,
): Promise<T['$inferSelect'] | undefined> {
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length === 0) return selectById(db, table, id);
  const [row] = await db
    .update(table)
    .set(given as PgUpdateSetSource<T>)
    .where(eq(table.id, id))
    .returning();
  return row as T['$inferSelect'] | undefined;
}
