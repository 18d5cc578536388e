// Helpers for the notification tests: a clean slate, integrations switched on, and what an event produced.
import { sql } from 'drizzle-orm';
import { db } from '../../lib/db/client';
import { updateIntegrations } from '../../lib/notifications/channel-integrations';

/** Empties every table the notification tests write, so each test starts from nothing. */
export async function resetWorld(): Promise<void> {
  await db().execute(sql`truncate users, groups, product_types, notification_settings, system_settings,
    webhook_endpoints, notification_events, delivery_rate_limits restart identity cascade`);
}

/** Mail, Slack (with a token and a channel), Teams (with a URL) and webhooks, all configured. */
export async function enableEveryIntegration(): Promise<void> {
  await updateIntegrations(db(), {
    enableMailNotifications: true,
    mailNotificationsTo: ['security@example.com'],
    enableSlackNotifications: true,
    slackTokenEncrypted: 'xoxb-token',
    slackChannel: '#security',
    enableMsteamsNotifications: true,
    msteamsUrlEncrypted: 'https://example.logic.azure.com/workflows/1',
    enableWebhooksNotifications: true,
  });
}

export async function alertedUserIds(eventId: number): Promise<number[]> {
  const rows = await db().execute<{ user_id: number }>(sql`select user_id from alerts where event_id = ${eventId} order by user_id`);
  return rows.map((r) => r.user_id);
}

export interface Job {
  channel: string;
  kind: 'personal' | 'shared';
  userId: number | null;
  destinationProductId: number | null;
  webhookEndpointId: number | null;
  addresses: string[] | null;
}

export async function jobsOf(eventId: number): Promise<Job[]> {
  return db().execute<Job & Record<string, unknown>>(sql`
    select channel, kind, user_id as "userId", destination_product_id as "destinationProductId",
      webhook_endpoint_id as "webhookEndpointId", addresses
    from deliveries where event_id = ${eventId}
    order by kind, channel, user_id, webhook_endpoint_id`);
}

/** "user:channel" for each personal job, sorted: compact to compare. */
export async function personalJobsOf(eventId: number): Promise<string[]> {
  return (await jobsOf(eventId))
    .filter((j) => j.kind === 'personal')
    .map((j) => `${j.userId}:${j.channel}`)
    .sort();
}

export async function sharedJobsOf(eventId: number): Promise<Job[]> {
  return (await jobsOf(eventId)).filter((j) => j.kind === 'shared');
}
