import { index, integer, pgTable, primaryKey, serial, timestamp } from 'drizzle-orm/pg-core';
import { findings } from './findings';
import { users } from './users';

/** A request that chosen users review a finding (DefectDojo's "request review"). */
export const reviewRequests = pgTable(
  'review_requests',
  {
    id: serial().primaryKey(),
    findingId: integer()
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    requestedById: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('review_requests_finding_idx').on(t.findingId)],
);

export const reviewRequestReviewers = pgTable(
  'review_request_reviewers',
  {
    reviewRequestId: integer()
      .notNull()
      .references(() => reviewRequests.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.reviewRequestId, t.userId] }), index('review_request_reviewers_user_idx').on(t.userId)],
);
