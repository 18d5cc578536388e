// The integrations' configuration as admins and the API see it (DefectDojo's field names). Secrets
// are write-only: they are encrypted here on the way in and only their presence ever comes out.
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldChanges, hasChanges, recordChange, type AuditActor, type FieldChanges } from '../audit/record';
import { INTEGRATIONS_ONLY, superusersOnly, type AdminActor } from '../auth/superusers-only';
import type { Executor } from '../db/client';
import { systemSettings } from '../db/schema';
import { encryptSecret } from '../crypto/secrets';
import { checkOutgoingUrl } from '../delivery/url-guard';
import { providerEndpoints } from '../delivery/provider-config';
import { invalid, ok, type Result } from '../core/result';
import { inTransaction } from '../core/transaction';
import { DEFAULT_TABLE_RETENTION } from '../delivery/table-retention';
import { emailAddress, mailbox } from '../core/validation';
import { updateIntegrations, type IntegrationSettings } from '../notifications/channel-integrations';

const email = emailAddress();

/**
 * A write-only secret field: omitted or "" keeps the stored value, null clears it, a string
 * replaces it.
 */
const secretInput = z.string().max(2000).nullable().optional();

export const systemSettingsView = z.object({
  enable_mail_notifications: z.boolean(),
  mail_from: z.string().nullable(),
  resend_api_key_set: z.boolean(),
  mail_notifications_to: z.array(z.string()),
  enable_slack_notifications: z.boolean(),
  slack_token_set: z.boolean(),
  slack_channel: z.string().nullable(),
  slack_username: z.string().nullable(),
  slack_icon: z.string().nullable(),
  enable_msteams_notifications: z.boolean(),
  msteams_url_set: z.boolean(),
  enable_webhooks_notifications: z.boolean(),
  webhooks_notifications_timeout: z.number().int(),
  alert_retention_days: z.number().int(),
  max_alerts_per_user: z.number().int(),
  sent_delivery_retention_days: z.number().int(),
  dead_delivery_retention_days: z.number().int(),
  event_retention_days: z.number().int(),
  outbox_email_retention_days: z.number().int(),
  audit_log_retention_days: z.number().int(),
});
export type SystemSettingsView = z.infer<typeof systemSettingsView>;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const retentionDays = (what: string) =>
  z
    .number({ error: `${what}: enter a number of days.` })
    .int(`${what}: enter whole days.`)
    .min(1, `${what} are kept at least 1 day.`)
    .max(3650, `${what} are kept at most 3650 days.`)
    .meta({ description: `${what} older than this many days are deleted (in batches, once a day).` })
    .optional();

export const systemSettingsPatch = z.strictObject({
  enable_mail_notifications: z.boolean().optional(),
  mail_from: mailbox().nullable().optional(),
  resend_api_key: secretInput,
  mail_notifications_to: z.array(email).max(100).optional(),
  enable_slack_notifications: z.boolean().optional(),
  slack_token: secretInput,
  slack_channel: optionalText(200),
  slack_username: optionalText(100),
  slack_icon: optionalText(200),
  enable_msteams_notifications: z.boolean().optional(),
  msteams_url: secretInput,
  enable_webhooks_notifications: z.boolean().optional(),
  webhooks_notifications_timeout: z.number().int().min(1).max(60).optional(),
  alert_retention_days: z.number().int().min(1).max(3650).optional(),
  max_alerts_per_user: z.number().int().min(1).max(100_000).optional(),
  sent_delivery_retention_days: retentionDays('Sent deliveries'),
  dead_delivery_retention_days: retentionDays('Dead deliveries'),
  event_retention_days: retentionDays('Events'),
  outbox_email_retention_days: retentionDays('Outbox emails'),
  audit_log_retention_days: retentionDays('Audit log entries'),
});
export type SystemSettingsPatch = z.infer<typeof systemSettingsPatch>;

type Row = typeof systemSettings.$inferSelect;

function view(row: Row | undefined): SystemSettingsView {
  const set = (value: string | null | undefined) => Boolean(value);
  return {
    enable_mail_notifications: row?.enableMailNotifications ?? false,
    mail_from: row?.mailFrom ?? null,
    resend_api_key_set: set(row?.resendApiKeyEncrypted),
    mail_notifications_to: row?.mailNotificationsTo ?? [],
    enable_slack_notifications: row?.enableSlackNotifications ?? false,
    slack_token_set: set(row?.slackTokenEncrypted),
    slack_channel: row?.slackChannel ?? null,
    slack_username: row?.slackUsername ?? null,
    slack_icon: row?.slackIcon ?? null,
    enable_msteams_notifications: row?.enableMsteamsNotifications ?? false,
    msteams_url_set: set(row?.msteamsUrlEncrypted),
    enable_webhooks_notifications: row?.enableWebhooksNotifications ?? false,
    webhooks_notifications_timeout: row?.webhooksNotificationsTimeout ?? 10,
    alert_retention_days: row?.alertRetentionDays ?? 90,
    max_alerts_per_user: row?.maxAlertsPerUser ?? 999,
    sent_delivery_retention_days: row?.sentDeliveryRetentionDays ?? DEFAULT_TABLE_RETENTION.sentDeliveryDays,
    dead_delivery_retention_days: row?.deadDeliveryRetentionDays ?? DEFAULT_TABLE_RETENTION.deadDeliveryDays,
    event_retention_days: row?.eventRetentionDays ?? DEFAULT_TABLE_RETENTION.eventDays,
    outbox_email_retention_days: row?.outboxEmailRetentionDays ?? DEFAULT_TABLE_RETENTION.outboxEmailDays,
    audit_log_retention_days: row?.auditLogRetentionDays ?? DEFAULT_TABLE_RETENTION.auditLogDays,
  };
}

/** The integrations as admins see them (secrets only as "set"): superusers only. */
export async function readSystemSettings(db: Executor, actor: AdminActor): Promise<Result<SystemSettingsView>> {
  return superusersOnly(actor, () => settingsView(db), INTEGRATIONS_ONLY);
}

async function settingsView(db: Executor): Promise<SystemSettingsView> {
  const [row] = await db.select().from(systemSettings).where(eq(systemSettings.id, 1));
  return view(row);
}

/**
 * The stored form of a write-only secret: undefined (keep) for omitted or "", null to clear,
 * otherwise the encrypted value.
 */
export function secretChange(value: string | null | undefined): string | null | undefined {
  if (value === null) return null;
  const trimmed = value?.trim();
  return trimmed ? encryptSecret(trimmed) : undefined;
}

/** An outgoing URL's save-time check (https, public), or null when it passes. */
export async function outgoingUrlError(url: string): Promise<string | null> {
  const checked = await checkOutgoingUrl(url, { allowPrivate: providerEndpoints().allowPrivateUrls });
  return checked.ok ? null : `Enter a valid URL: ${checked.error}.`;
}

const blankAsNull = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);

/** The secrets of the integrations, by the field that writes them and the view's field that says they are set. */
const SECRETS = { resend_api_key: 'resend_api_key_set', slack_token: 'slack_token_set', msteams_url: 'msteams_url_set' } as const;

/** What the audit log says changed: the view's fields, the secrets only as set, changed or cleared. */
function settingsChanges(before: SystemSettingsView, after: SystemSettingsView, patch: SystemSettingsPatch): FieldChanges {
  const plain = (view: SystemSettingsView): Record<string, unknown> => {
    const fields: Record<string, unknown> = { ...view };
    for (const [name, setField] of Object.entries(SECRETS)) {
      delete fields[setField];
      fields[name] = view[setField];
    }
    return fields;
  };
  const replaced = Object.fromEntries(Object.keys(SECRETS).map((name) => [name, Boolean(patch[name as keyof typeof SECRETS]?.trim())]));
  return fieldChanges(plain(before), plain(after), { secrets: replaced });
}

export async function patchSystemSettings(
  db: Executor,
  actor: AuditActor,
  patch: SystemSettingsPatch,
): Promise<Result<SystemSettingsView>> {
  if (patch.msteams_url?.trim()) {
    const error = await outgoingUrlError(patch.msteams_url.trim());
    if (error) return invalid({ msteams_url: [error] });
  }
  const changes: IntegrationSettings = {
    enableMailNotifications: patch.enable_mail_notifications,
    mailFrom: blankAsNull(patch.mail_from),
    resendApiKeyEncrypted: secretChange(patch.resend_api_key),
    mailNotificationsTo: patch.mail_notifications_to,
    enableSlackNotifications: patch.enable_slack_notifications,
    slackTokenEncrypted: secretChange(patch.slack_token),
    slackChannel: blankAsNull(patch.slack_channel),
    slackUsername: blankAsNull(patch.slack_username),
    slackIcon: blankAsNull(patch.slack_icon),
    enableMsteamsNotifications: patch.enable_msteams_notifications,
    msteamsUrlEncrypted: secretChange(patch.msteams_url),
    enableWebhooksNotifications: patch.enable_webhooks_notifications,
    webhooksNotificationsTimeout: patch.webhooks_notifications_timeout,
    alertRetentionDays: patch.alert_retention_days,
    maxAlertsPerUser: patch.max_alerts_per_user,
    sentDeliveryRetentionDays: patch.sent_delivery_retention_days,
    deadDeliveryRetentionDays: patch.dead_delivery_retention_days,
    eventRetentionDays: patch.event_retention_days,
    outboxEmailRetentionDays: patch.outbox_email_retention_days,
    auditLogRetentionDays: patch.audit_log_retention_days,
  };
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as IntegrationSettings;
  return inTransaction(db, async (tx) => {
    // The row is locked first, so two concurrent saves each log what they themselves changed.
    await tx.execute(sql`select 1 from system_settings where id = 1 for update`);
    const before = await settingsView(tx);
    if (Object.keys(defined).length > 0) await updateIntegrations(tx, defined);
    const after = await settingsView(tx);
    const logged = settingsChanges(before, after, patch);
    if (hasChanges(logged)) {
      await recordChange(tx, actor, {
        objectKind: 'system_settings',
        objectId: 1,
        objectLabel: 'System settings (integrations)',
        action: 'updated',
        changes: logged,
      });
    }
    return ok(after);
  });
}
