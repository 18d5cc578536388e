// The audit log: who changed who-hears-what and where it goes, when, from which address, and what
// changed (lib/audit/record.ts writes it in the change's own transaction). Secrets never appear.
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Null for the system (seed, first admin) or once the user is deleted: actorName still says who. */
    actorId: integer().references(() => users.id, { onDelete: 'set null' }),
    actorName: text().notNull(),
    /** The trusted client address (lib/auth/client-address.ts), or null outside a request. */
    clientAddress: text(),
    objectKind: text().notNull(),
    objectId: text(),
    objectLabel: text().notNull().default(''),
    action: text().notNull(),
    /** Field → {before, after}; secrets only as "set" / "changed" / "cleared". */
    changes: jsonb()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('audit_log_actor_idx').on(t.actorId, t.createdAt.desc()),
    index('audit_log_object_idx').on(t.objectKind, t.objectId, t.createdAt.desc()),
  ],
);
