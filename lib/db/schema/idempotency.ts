// Idempotency keys of API posts: a retried request with the same `Idempotency-Key` gets the first
// answer back instead of doing the work twice. Kept 24 hours (see lib/notifications/idempotency.ts).
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Keys are per caller: two tools may pick the same key without meeting. */
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text().notNull(),
    /** SHA-256 of the endpoint and the parsed body: the same key with another request is refused. */
    requestHash: text().notNull(),
    /**
     * The first answer, replayed to retries. Null only inside the transaction that claimed the key
     * and is doing the work; it commits with the answer, so others never see it null.
     */
    response: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
