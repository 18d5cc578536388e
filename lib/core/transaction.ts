// Runs a mutation in one transaction: a failure value rolls back whatever the mutation wrote, and a
// unique-constraint violation becomes a 409 with the field it concerns.
import { conflict, type FieldErrors, type Result } from './result';

/** Unique index name → the field errors to answer when it is violated. */
export type Conflicts = Record<string, FieldErrors>;

class RolledBack {
  constructor(readonly result: Result<never>) {}
}

/** What inTransaction needs of a database handle (drizzle's database or transaction): `transaction`. */
export interface Transactional<Tx> {
  transaction<R>(work: (tx: Tx) => Promise<R>): Promise<R>;
}

export async function inTransaction<Tx, T>(
  db: Transactional<Tx>,
  work: (tx: Tx) => Promise<Result<T>>,
  conflicts: Conflicts = {},
): Promise<Result<T>> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new RolledBack(result);
      return result;
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    const constraint = uniqueViolation(error);
    const errors = constraint ? conflicts[constraint] : undefined;
    if (errors) return conflict(errors);
    throw error;
  }
}

/** The name of the unique index a PostgreSQL error violated (drizzle wraps the driver's error). */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const pg = e as { code?: string; constraint_name?: string };
    if (pg.code === '23505') return pg.constraint_name ?? null;
  }
  return null;
}
