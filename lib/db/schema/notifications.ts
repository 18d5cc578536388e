// Notifications: settings in four scopes, the integrations they may use, events, alerts (the bell)
// and delivery jobs (the outbox the worker drains).
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn, bigint, bigserial, boolean, check, index, integer, pgEnum, pgTable, serial, text, timestamp, unique,
  uniqueIndex, uuid, varchar,
} from 'drizzle-orm/pg-core';
import { EVENT_TYPES, PERSONAL_CHANNELS, SYSTEM_CHANNELS, type EventType } from '../../notifications/catalog';
import { products } from './products';
import { users } from './users';

const channelList = () => text().array().notNull().default(sql`'{}'::text[]`);
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
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => {
    const everyChannel = sql.join(EVENT_TYPES.map((type) => t[type]), sql` || `);
    return [
      unique('notification_settings_owner_uniq').on(t.userId, t.productId, t.template).nullsNotDistinct(),
      check('notification_settings_owner_check', sql`(not ${t.template} or (${t.userId} is null and ${t.productId} is null))
        and (${t.productId} is null or ${t.userId} is not null)`),
      // Teams and webhooks are shared destinations: only the system-wide row may hold them.
      check('notification_settings_channels_check', sql`(${t.userId} is null and not ${t.template}
        and (${everyChannel}) <@ ${textArray(SYSTEM_CHANNELS)}) or (${everyChannel}) <@ ${textArray(PERSONAL_CHANNELS)}`),
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
    mailNotificationsTo: text().array().notNull().default(sql`'{}'::text[]`),
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
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('system_settings_single_row', sql`${t.id} = 1`)],
);

/** A product's own destinations: each one set replaces the system-wide one for events about the product. */
export const productNotificationDestinations = pgTable('product_notification_destinations', {
  productId: integer().primaryKey().references(() => products.id, { onDelete: 'cascade' }),
  mailNotificationsTo: text().array(),
  slackChannel: text(),
  msteamsUrlEncrypted: text(),
});

export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: serial().primaryKey(),
  name: text().notNull(),
  url: text().notNull(),
  /** The event types this endpoint is subscribed to. */
  events: text().array().notNull().default(sql`'{}'::text[]`),
  enabled: boolean().notNull().default(true),
  secretEncrypted: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * What happened. Subject and actor ids are a record, not references: history outlives deleted
 * findings, and a foreign key here would make every cascade delete scan this table.
 */
export const notificationEvents = pgTable('notification_events', {
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
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** The bell: one row per user and event. */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    userId: integer().notNull().references(() => users.id, { onDelete: 'cascade' }),
    eventId: bigint({ mode: 'number' }).notNull().references(() => notificationEvents.id, { onDelete: 'cascade' }),
    eventType: text().notNull(),
    title: varchar({ length: 250 }).notNull(),
    description: varchar({ length: 2000 }).notNull(),
    url: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Archived: out of the bell and the unread count, listed under "Archived" until restored. */
    archivedAt: timestamp({ withTimezone: true }),
    /** Snoozed: out of the bell until then; the sidecar's waker brings it back unread, on top (a new id). */
    snoozedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [
    // Every alert of a user, newest first (/alerts with its filters, retention's per-user cap).
    index('alerts_user_latest_idx').on(t.userId, t.id.desc()),
    // The bell's two reads: the latest alerts of the inbox (neither archived nor snoozed), the unread count.
    index('alerts_user_inbox_idx').on(t.userId, t.id.desc())
      .where(sql`${t.archivedAt} is null and ${t.snoozedUntil} is null`),
    index('alerts_user_unread_idx').on(t.userId)
      .where(sql`${t.readAt} is null and ${t.archivedAt} is null and ${t.snoozedUntil} is null`),
    // The archived and snoozed lists, and the waker's next due snooze: small partial indexes.
    index('alerts_user_archived_idx').on(t.userId, t.id.desc()).where(sql`${t.archivedAt} is not null`),
    index('alerts_user_snoozed_idx').on(t.userId, t.id.desc()).where(sql`${t.snoozedUntil} is not null`),
    index('alerts_snoozed_idx').on(t.snoozedUntil).where(sql`${t.snoozedUntil} is not null`),
    // The realtime sidecar, told an event id by NOTIFY, looks up whose bells to ring.
    index('alerts_event_idx').on(t.eventId),
  ],
);

export const deliveryChannelEnum = pgEnum('delivery_channel', ['mail', 'slack', 'msteams', 'webhooks']);
/** `digest`: one message gathering a user's held personal jobs of a window (lib/schedules/digests.ts). */
export const deliveryKindEnum = pgEnum('delivery_kind', ['personal', 'shared', 'digest']);
/**
 * `held`: a personal job of a digest user, waiting for its window to end (never claimed);
 * `digested`: a held job gathered into the digest delivery `digest_id`.
 */
export const deliveryStatusEnum = pgEnum('delivery_status', ['pending', 'sending', 'sent', 'dead', 'held', 'digested']);

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
    eventId: bigint({ mode: 'number' }).notNull().references(() => notificationEvents.id, { onDelete: 'cascade' }),
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
  },
  (t) => [
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
    // The delivery log (/admin/deliveries): newest first, usually filtered by status.
    index('deliveries_log_idx').on(t.status, t.createdAt.desc()),
    // A destination is enqueued at most once per event: per user for personal jobs, once for shared ones.
    uniqueIndex('deliveries_personal_uniq').on(t.eventId, t.channel, t.userId).where(sql`${t.kind} = 'personal'`),
    uniqueIndex('deliveries_shared_uniq').on(t.eventId, t.channel, sql`coalesce(${t.webhookEndpointId}, 0)`).where(sql`${t.kind} = 'shared'`),
    // Compared with 'shared', not with the new 'digest': a migration may not use an enum value it adds.
    check('deliveries_owner_check', sql`(${t.kind} <> 'shared') = (${t.userId} is not null)`),
    // One digest per user, channel and window, however many workers gather it.
    uniqueIndex('deliveries_digest_uniq').on(t.userId, t.channel, t.digestWindow).where(sql`${t.digestWindow} is not null`),
    index('deliveries_digest_members_idx').on(t.digestId).where(sql`${t.digestId} is not null`),
  ],
);
