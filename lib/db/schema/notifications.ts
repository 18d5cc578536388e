// Notifications: settings in four scopes, the integrations they may use, events, alerts (the bell)
// and delivery jobs (the outbox the worker drains).
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { EVENT_TYPES, PERSONAL_CHANNELS, SYSTEM_CHANNELS, type EventType } from '../../core/event-catalog';
import { severityEnum } from './enums';
import { findings } from './findings';
import { products } from './products';
import { users } from './users';

const channelList = () =>
  text()
    .array()
    .notNull()
    .default(sql`'{}'::text[]`);
const eventColumns = Object.fromEntries(EVENT_TYPES.map((type) => [type, channelList()])) as {
  [K in EventType]: ReturnType<typeof channelList>;
};
const textArray = (values: readonly string[]) => sql.raw(`'{${values.join(',')}}'::text[]`);

/**
 * Settings rows, DefectDojo's `Notifications` model: the owner is (user, product, template) and
 * each event of the catalog is a column holding the set of channels for it.
 *   system-wide: user null, product null, template false    template: user null, product null, template true
 *   personal:    user U,    product null                      per-product: user U, product P
 * Why one row per owner and a column per event rather than a row per (owner, event): the fan-out
 * of event E reads one column from at most three rows per user (personal, per-product, system),
 * one hash join on user_id; the API's flat shape is the row itself; and a user costs one row,
 * not eighteen. A row nobody saved yet means "no channels", except system-wide and template,
 * which then mean the catalog's defaults (see defaultChannels).
 */
export const notificationSettings = pgTable(
  'notification_settings',
  {
    id: serial().primaryKey(),
    userId: integer().references(() => users.id, { onDelete: 'cascade' }),
    productId: integer().references(() => products.id, { onDelete: 'cascade' }),
    template: boolean().notNull().default(false),
    ...eventColumns,
    /** Per channel, the least severity that channel of this row is used for: `{"mail": "High"}` (DESIGN §4b). */
    minimumSeverity: jsonb().$type<Partial<Record<string, string>>>().notNull().default({}),
    /** System-wide row only: events whose system-wide channels reach every viewer whatever else says. */
    required: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => {
    const everyChannel = sql.join(
      EVENT_TYPES.map((type) => t[type]),
      sql` || `,
    );
    return [
      unique('notification_settings_owner_uniq').on(t.userId, t.productId, t.template).nullsNotDistinct(),
      check(
        'notification_settings_owner_check',
        sql`(not ${t.template} or (${t.userId} is null and ${t.productId} is null))
        and (${t.productId} is null or ${t.userId} is not null)`,
      ),
      // Teams and webhooks are shared destinations: only the system-wide row may hold them.
      check(
        'notification_settings_channels_check',
        sql`(${t.userId} is null and not ${t.template}
        and (${everyChannel}) <@ ${textArray(SYSTEM_CHANNELS)}) or (${everyChannel}) <@ ${textArray(PERSONAL_CHANNELS)}`,
      ),
      check('notification_settings_required_check', sql`${t.required} = '{}' or (${t.userId} is null and not ${t.template})`),
    ];
  },
);

/** The integrations (one row, id 1). Absent means nothing is enabled. Secrets are stored encrypted. */
export const systemSettings = pgTable(
  'system_settings',
  {
    id: integer().primaryKey().default(1),
    enableMailNotifications: boolean().notNull().default(false),
    /** The sender address and Resend key; when unset the worker falls back to MAIL_FROM / RESEND_API_KEY. */
    mailFrom: text(),
    resendApiKeyEncrypted: text(),
    mailNotificationsTo: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    enableSlackNotifications: boolean().notNull().default(false),
    slackChannel: text(),
    slackTokenEncrypted: text(),
    slackUsername: text(),
    slackIcon: text(),
    enableMsteamsNotifications: boolean().notNull().default(false),
    msteamsUrlEncrypted: text(),
    enableWebhooksNotifications: boolean().notNull().default(false),
    /** Seconds a webhook endpoint has to answer (DefectDojo's webhooks_notifications_timeout). */
    webhooksNotificationsTimeout: integer().notNull().default(10),
    /** The bell's retention (lib/notifications/retention.ts): alerts older than this many days are purged… */
    alertRetentionDays: integer().notNull().default(90),
    /** …and each user keeps at most this many, the newest (DefectDojo keeps 999). */
    maxAlertsPerUser: integer().notNull().default(999),
    /** Retention of the other tables (lib/delivery/table-retention.ts), by creation time: finished deliveries… */
    sentDeliveryRetentionDays: integer().notNull().default(30),
    /** …dead deliveries (kept longer: an admin may still retry them)… */
    deadDeliveryRetentionDays: integer().notNull().default(90),
    /** …events no alert and no delivery refers to any more… */
    eventRetentionDays: integer().notNull().default(90),
    /** …and the local email outbox (full rendered HTML). */
    outboxEmailRetentionDays: integer().notNull().default(14),
    /** The audit log (lib/audit/), by when the change was made. */
    auditLogRetentionDays: integer().notNull().default(365),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('system_settings_single_row', sql`${t.id} = 1`)],
);

/** A product's own destinations: each one set replaces the system-wide one for events about the product. */
export const productNotificationDestinations = pgTable('product_notification_destinations', {
  productId: integer()
    .primaryKey()
    .references(() => products.id, { onDelete: 'cascade' }),
  mailNotificationsTo: text().array(),
  slackChannel: text(),
  msteamsUrlEncrypted: text(),
});

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: serial().primaryKey(),
  name: text().notNull(),
  /** Before url_encrypted: the URL in the clear. The launcher encrypts such rows on start; readers still accept them. */
  url: text(),
  /** The URL (often with a token in it), encrypted like the other secrets (lib/crypto/secrets.ts). */
  urlEncrypted: text(),
  /** The event types this endpoint is subscribed to. */
  events: text()
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  enabled: boolean().notNull().default(true),
  secretEncrypted: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * What happened. Subject and actor ids are a record, not references: history outlives deleted
 * findings, and a foreign key here would make every cascade delete scan this table.
 */
export const notificationEvents = pgTable(
  'notification_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    type: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    url: text(),
    productTypeId: integer(),
    productId: integer(),
    engagementId: integer(),
    testId: integer(),
    findingId: integer(),
    actorId: integer(),
    /** The named users for mentions and review requests; null when sent to every viewer. */
    recipientIds: integer().array(),
    /** Null for events that have none (product added…): never filtered by severity. */
    severity: severityEnum(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // The delivery log's event-type filter.
  (t) => [index('notification_events_type_idx').on(t.type, t.id)],
);

/** Why a user got an alert or a personal message (DESIGN §4b), from the route that reached them. */
export const NOTIFICATION_REASONS = ['system', 'personal', 'product', 'mention', 'review_request', 'required'] as const;
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];
export const notificationReasonEnum = pgEnum('notification_reason', NOTIFICATION_REASONS);

/**
 * The bell: one row per user and event, or per user and group: while an alert of a group
 * (`group_key`: event type and subject) is unread, the group's next events update it.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    eventId: bigint({ mode: 'number' })
      .notNull()
      .references(() => notificationEvents.id, { onDelete: 'cascade' }),
    eventType: text().notNull(),
    title: varchar({ length: 250 }).notNull(),
    description: varchar({ length: 2000 }).notNull(),
    url: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    reason: notificationReasonEnum().notNull().default('system'),
    severity: severityEnum(),
    /** The events this alert stands for, oldest first; event_id is the latest. */
    eventIds: bigint({ mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    /** `scan_added:test:12`; null for events about nothing, which are never grouped. */
    groupKey: text(),
    /** Archived: out of the bell and the unread count, listed under "Archived" until restored. */
    archivedAt: timestamp({ withTimezone: true }),
    /** Snoozed: out of the bell until then; the sidecar's waker brings it back unread, on top (a new id). */
    snoozedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [
    // The unread inbox alert of a group, found by notify() for every recipient at once.
    index('alerts_group_unread_idx')
      .on(t.groupKey, t.userId)
      .where(sql`${t.readAt} is null and ${t.groupKey} is not null and ${t.archivedAt} is null and ${t.snoozedUntil} is null`),
    // Every alert of a user, newest first (/alerts with its filters, retention's per-user cap).
    index('alerts_user_latest_idx').on(t.userId, t.id.desc()),
    // The bell's two reads: the latest alerts of the inbox (neither archived nor snoozed), the unread count.
    index('alerts_user_inbox_idx')
      .on(t.userId, t.id.desc())
      .where(sql`${t.archivedAt} is null and ${t.snoozedUntil} is null`),
    index('alerts_user_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null and ${t.archivedAt} is null and ${t.snoozedUntil} is null`),
    // The archived and snoozed lists, and the waker's next due snooze: small partial indexes.
    index('alerts_user_archived_idx')
      .on(t.userId, t.id.desc())
      .where(sql`${t.archivedAt} is not null`),
    index('alerts_user_snoozed_idx')
      .on(t.userId, t.id.desc())
      .where(sql`${t.snoozedUntil} is not null`),
    index('alerts_snoozed_idx')
      .on(t.snoozedUntil)
      .where(sql`${t.snoozedUntil} is not null`),
    // The realtime sidecar, told event ids by NOTIFY, looks up the alert of each (event, user with a
    // socket), so a batch reads only the rows it pushes (on event_id alone it read every recipient's
    // row); also the cascade of a deleted event and retention's probe for alerts of an event.
    index('alerts_event_user_idx').on(t.eventId, t.userId),
  ],
);

export const deliveryChannelEnum = pgEnum('delivery_channel', ['mail', 'slack', 'msteams', 'webhooks']);
/** `digest`: one message gathering a user's held personal jobs of a window (lib/schedules/digests.ts). */
export const deliveryKindEnum = pgEnum('delivery_kind', ['personal', 'shared', 'digest']);
/**
 * `held`: a personal job of a digest user, waiting for its window to end (never claimed);
 * `digested`: a held job gathered into the digest delivery `digest_id`;
 * `outbox`: mail kept in the local outbox because no Resend key is set (production: visible, not `sent`);
 * `suppressed`: not sent because, at send time, its user could no longer see the subject or was deactivated.
 */
export const deliveryStatusEnum = pgEnum('delivery_status', [
  'pending',
  'sending',
  'sent',
  'dead',
  'held',
  'digested',
  'outbox',
  'suppressed',
]);

/**
 * The outbox: one job per message to send, written in the event's transaction. The id is the
 * idempotency key given to providers. A worker claims due jobs (`status in ('pending','sending')
 * and next_attempt_at <= now()`, FOR UPDATE SKIP LOCKED), marks them sending and moves
 * next_attempt_at to the end of its lease (locked_until), so a crashed worker's jobs fall due again.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: bigint({ mode: 'number' })
      .notNull()
      .references(() => notificationEvents.id, { onDelete: 'cascade' }),
    channel: deliveryChannelEnum().notNull(),
    kind: deliveryKindEnum().notNull(),
    /** Personal jobs: the user it is for. */
    userId: integer().references(() => users.id, { onDelete: 'cascade' }),
    /** Shared jobs: the product whose own destination is used; null for the system-wide one. */
    destinationProductId: integer().references(() => products.id, { onDelete: 'cascade' }),
    webhookEndpointId: integer().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** Mail addresses, or the Slack channel / the user's Slack id or email; null for Teams and webhooks, whose URLs are secrets read at send time. */
    addresses: text().array(),
    status: deliveryStatusEnum().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    lastStatusCode: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    /** Digest jobs: `hourly:2026-11-25T17` or `daily:2026-11-25`, local to the schedules' time zone. */
    digestWindow: text(),
    /** Digested jobs: the digest delivery that carried them. */
    digestId: uuid().references((): AnyPgColumn => deliveries.id, { onDelete: 'set null' }),
    /** Personal jobs: why the user gets it. */
    reason: notificationReasonEnum(),
    /** Held by quiet hours: released (gathered into one message) at this time. */
    heldUntil: timestamp({ withTimezone: true }),
    /** The shared pacing slot this job holds (delivery_rate_limits), kept while it waits in the queue for it. */
    paceSlot: timestamp({ withTimezone: true }),
    /** Every attempt's outcome, oldest first (the last 20): `[{at, outcome, error, status}]`, for the delivery log. */
    attemptLog: jsonb()
      .notNull()
      .default(sql`'[]'::jsonb`),
  },
  (t) => [
    index('deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    // The delivery log (/admin/deliveries): newest first, usually filtered by status.
    index('deliveries_log_idx').on(t.status, t.createdAt.desc()),
    // A destination is enqueued at most once per event: per user for personal jobs, once for shared ones.
    uniqueIndex('deliveries_personal_uniq')
      .on(t.eventId, t.channel, t.userId)
      .where(sql`${t.kind} = 'personal'`),
    uniqueIndex('deliveries_shared_uniq')
      .on(t.eventId, t.channel, sql`coalesce(${t.webhookEndpointId}, 0)`)
      .where(sql`${t.kind} = 'shared'`),
    // Compared with 'shared', not with the new 'digest': a migration may not use an enum value it adds.
    check('deliveries_owner_check', sql`(${t.kind} <> 'shared') = (${t.userId} is not null)`),
    // One digest per user, channel and window, however many workers gather it.
    uniqueIndex('deliveries_digest_uniq')
      .on(t.userId, t.channel, t.digestWindow)
      .where(sql`${t.digestWindow} is not null`),
    index('deliveries_digest_members_idx')
      .on(t.digestId)
      .where(sql`${t.digestId} is not null`),
    // The unfiltered delivery log, newest first, in its exact order (`desc nulls last`, as the index
    // above: a plain `desc` means nulls first, which the planner does not match to these indexes).
    index('deliveries_created_idx').on(t.createdAt.desc(), t.id),
    // Every job of an event, whatever its kind (the unique indexes above are partial): the event
    // retention's cascade and the log's event filters.
    index('deliveries_event_idx').on(t.eventId),
    // Digests gather held jobs a chunk of users at a time, in user order. Not partial on 'held': a
    // migration may not use an enum value an earlier one added in the same transaction.
    index('deliveries_status_user_idx').on(t.status, t.userId),
    // The ON DELETE CASCADE of users, products and webhook endpoints.
    index('deliveries_user_idx')
      .on(t.userId)
      .where(sql`${t.userId} is not null`),
    index('deliveries_destination_product_idx')
      .on(t.destinationProductId)
      .where(sql`${t.destinationProductId} is not null`),
    index('deliveries_webhook_endpoint_idx')
      .on(t.webhookEndpointId)
      .where(sql`${t.webhookEndpointId} is not null`),
  ],
);

/** A user's mute of a product or a finding, until a time or until removed (DESIGN §4b). */
export const mutes = pgTable(
  'mutes',
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    productId: integer().references(() => products.id, { onDelete: 'cascade' }),
    findingId: integer().references(() => findings.id, { onDelete: 'cascade' }),
    until: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('mutes_subject_check', sql`(${t.productId} is null) <> (${t.findingId} is null)`),
    unique('mutes_subject_uniq').on(t.userId, t.productId, t.findingId).nullsNotDistinct(),
    index('mutes_product_idx')
      .on(t.productId)
      .where(sql`${t.productId} is not null`),
    index('mutes_finding_idx')
      .on(t.findingId)
      .where(sql`${t.findingId} is not null`),
  ],
);

/**
 * Provider rate limits shared by every worker (lib/delivery/shared-pacer.ts), one row per key: Resend
 * per account, a Slack channel or DM, a Slack method or workspace, a Teams URL, a webhook endpoint.
 * `next_slot` is the next slot not yet reserved; `last_sent` when a request last left; a 429 or an
 * exhausted window sets `paused_until`. `interval_ms` is learned from the provider (Resend's
 * ratelimit-limit header) where it announces its limit.
 */
export const deliveryRateLimits = pgTable('delivery_rate_limits', {
  key: text().primaryKey(),
  intervalMs: doublePrecision().notNull(),
  /** True once a provider's announced limit set interval_ms (it then wins over the configured default). */
  learned: boolean().notNull().default(false),
  nextSlot: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastSent: timestamp({ withTimezone: true })
    .notNull()
    .default(sql`'-infinity'`),
  pausedUntil: timestamp({ withTimezone: true })
    .notNull()
    .default(sql`'-infinity'`),
});
