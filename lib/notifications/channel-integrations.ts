// The integrations a channel needs before it can deliver anything (DESIGN §4 rule 4), and where
// shared messages go. "Configured" is defined once, in integrationsSql, which the fan-out joins on.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { productNotificationDestinations, systemSettings, webhookEndpoints } from '../db/schema';
import type { EventType } from '../core/event-catalog';

/**
 * One row: whether each channel can deliver, and the system-wide shared destinations. Mail needs
 * only to be enabled (without a Resend key it lands in the local outbox); Slack needs a token, and
 * a channel for shared messages; Teams needs a Workflows URL, the system's or the product's. With
 * no system_settings row, nothing is enabled.
 */
export const integrationsSql = sql`
  select
    coalesce(s.enable_mail_notifications, false) as mail,
    coalesce(s.mail_notifications_to, '{}') as mail_to,
    coalesce(s.enable_slack_notifications and nullif(s.slack_token_encrypted, '') is not null, false) as slack,
    nullif(s.slack_channel, '') as slack_channel,
    coalesce(s.enable_msteams_notifications, false) as msteams,
    nullif(s.msteams_url_encrypted, '') is not null as msteams_url_set,
    coalesce(s.enable_webhooks_notifications, false) as webhooks
  from (values (1)) as one (x) left join system_settings s on s.id = 1`;

export type IntegrationChannel = 'mail' | 'slack' | 'msteams' | 'webhooks';
export type IntegrationStatus = Record<IntegrationChannel, { available: boolean; reason: string | null }>;

/** Which channels can deliver at all, with the reason when not: the settings matrix greys them out. */
export async function integrationStatus(db: Executor): Promise<IntegrationStatus> {
  const [row] = await db.execute<{ mail: boolean; slack: boolean; slack_enabled: boolean; msteams: boolean; webhooks: boolean }>(sql`
    select i.*, coalesce(s.enable_slack_notifications, false) as slack_enabled
    from (${integrationsSql}) i left join system_settings s on s.id = 1`);
  const status = (available: boolean, reason: string) => ({ available, reason: available ? null : reason });
  return {
    mail: status(Boolean(row?.mail), 'Mail notifications are disabled.'),
    slack: status(Boolean(row?.slack), row?.slack_enabled ? 'Slack has no token.' : 'Slack notifications are disabled.'),
    msteams: status(Boolean(row?.msteams), 'Microsoft Teams notifications are disabled.'),
    webhooks: status(Boolean(row?.webhooks), 'Webhook notifications are disabled.'),
  };
}

export type IntegrationSettings = Partial<Omit<typeof systemSettings.$inferInsert, 'id' | 'updatedAt'>>;

/** Changes the given integration settings (creating the row on first use). */
export async function updateIntegrations(db: Executor, changes: IntegrationSettings): Promise<void> {
  await db
    .insert(systemSettings)
    .values({ id: 1, ...changes })
    .onConflictDoUpdate({ target: systemSettings.id, set: { ...changes, updatedAt: sql`now()` } });
}

export interface ProductDestinations {
  mailNotificationsTo?: string[] | null;
  slackChannel?: string | null;
  msteamsUrlEncrypted?: string | null;
}

/** Sets a product's own destinations; null (or an empty list) falls back to the system-wide one. */
export async function setProductDestinations(db: Executor, productId: number, changes: ProductDestinations): Promise<void> {
  await db
    .insert(productNotificationDestinations)
    .values({ productId, ...changes })
    .onConflictDoUpdate({ target: productNotificationDestinations.productId, set: changes });
}

export interface NewWebhookEndpoint {
  name: string;
  /** In the clear (tests, old rows) or null with `urlEncrypted` (what the admin pages and API store). */
  url: string | null;
  urlEncrypted?: string | null;
  events: EventType[];
  enabled?: boolean;
  secretEncrypted?: string | null;
}

export async function createWebhookEndpoint(db: Executor, endpoint: NewWebhookEndpoint) {
  const [row] = await db.insert(webhookEndpoints).values(endpoint).returning();
  return row!;
}
