// The delivery worker's own bookkeeping beside the deliveries outbox: the local email outbox (mail
// when no Resend key is configured), Resend batches whose outcome is not known yet, and the health
// of each webhook endpoint.
import { bigint, bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { deliveries, notificationEvents, webhookEndpoints } from './notifications';

/** Email "sent" with no provider: rendered exactly as Resend would have got it, read by admins in the app. */
export const outboxEmails = pgTable(
  'outbox_emails',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    /** Unique: a delivery retried after a crash lands here once. */
    deliveryId: uuid()
      .notNull()
      .unique()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    eventId: bigint({ mode: 'number' })
      .notNull()
      .references(() => notificationEvents.id, { onDelete: 'cascade' }),
    eventType: text().notNull(),
    from: text().notNull(),
    to: text().array().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outbox_emails_latest_idx').on(t.id.desc()),
    // The ON DELETE CASCADE of notification_events (event retention).
    index('outbox_emails_event_idx').on(t.eventId),
  ],
);

/**
 * The members of a Resend batch, in order, written before the batch is sent. Resend deduplicates a
 * batch by its Idempotency-Key (derived from these ids), not email by email: after a crash or an
 * answer that never came, the same members must be sent again together and in the same order, so
 * that Resend replays the batch instead of sending it twice. Removed once the outcome is known.
 */
export const mailBatchMembers = pgTable(
  'mail_batch_members',
  {
    deliveryId: uuid()
      .primaryKey()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    batchKey: text().notNull(),
    position: integer().notNull(),
  },
  (t) => [index('mail_batch_members_batch_idx').on(t.batchKey)],
);

/** What admins see of a webhook endpoint's recent deliveries (a 410 also disables the endpoint). */
export const webhookEndpointHealth = pgTable('webhook_endpoint_health', {
  endpointId: integer()
    .primaryKey()
    .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
  lastSuccessAt: timestamp({ withTimezone: true }),
  lastFailureAt: timestamp({ withTimezone: true }),
  lastError: text(),
  lastStatusCode: integer(),
  /** Failed attempts since the last success. */
  consecutiveFailures: integer().notNull().default(0),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
