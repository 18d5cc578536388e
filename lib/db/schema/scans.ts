// Scan imports (lib/scans): one row per import or reimport, DefectDojo's Test_Import. It keeps what
// the import changed so the scan_added messages (bell, mail, Slack, Teams, webhooks) can say it.
import { bigint, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { tests } from './findings';
import { notificationEvents } from './notifications';
import { users } from './users';

export const scanImports = pgTable(
  'scan_imports',
  {
    id: serial().primaryKey(),
    testId: integer()
      .notNull()
      .references(() => tests.id, { onDelete: 'cascade' }),
    /** The scan_added / scan_added_empty event it emitted. */
    eventId: bigint({ mode: 'number' }).references(() => notificationEvents.id, { onDelete: 'set null' }),
    /** `import` or `reimport`. */
    kind: text().notNull(),
    scanType: text().notNull(),
    userId: integer().references(() => users.id, { onDelete: 'set null' }),
    /** DefectDojo's `statistics` object, as answered. */
    statistics: jsonb().notNull(),
    /** Counts per severity and the first findings of each list, with the finding ids (lib/scans/changes.ts). */
    changes: jsonb().notNull(),
    /** Highest severity among created and reactivated findings; null when none. */
    severity: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scan_imports_test_idx').on(t.testId), index('scan_imports_event_idx').on(t.eventId)],
);
