'use server';
// The Integrations page's actions: superusers only (checked here too, since an action can be called
// without the page). Secret fields left empty keep the stored secret; "clear" removes it.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction, type FormAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { ok } from '@/lib/core/result';
import { id, parseWith } from '@/lib/core/validation';
import { superuserOnly } from '@/lib/integrations/admin-only';
import { sendTest, sendTestInput } from '@/lib/integrations/send-test';
import { patchSystemSettings, systemSettingsPatch, type SystemSettingsPatch } from '@/lib/integrations/system-settings';
import {
  addWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  webhookEndpointCreate,
} from '@/lib/integrations/webhook-endpoints';

const PAGE = '/admin/integrations';

/** A typed secret replaces the stored one, an empty field keeps it, "clear" removes it. */
const secret = (value: string | undefined, clear: boolean) => (clear ? null : value?.trim() || undefined);

/** One address per line or separated by commas. */
const addressList = z
  .string()
  .max(20_000)
  .default('')
  .transform((text) => text.split(/[\s,;]+/).filter(Boolean));

const SECRET_FIELDS = ['resend_api_key', 'slack_token', 'msteams_url'];

/** A failed save re-renders what was typed: never the secrets, which must not travel back. */
function withoutSecrets(action: FormAction): FormAction {
  return async (previous, formData) => {
    const state = await action(previous, formData);
    if (state.values) for (const name of SECRET_FIELDS) delete state.values[name];
    return state;
  };
}

function saveSettings<S extends z.ZodObject>(schema: S, toPatch: (data: z.output<S>) => SystemSettingsPatch) {
  return withoutSecrets(
    validatedAction(schema, (data, user) =>
      superuserOnly(user, async () => {
        // The API's own rules (valid addresses, ranges), with errors under the form's field names.
        const parsed = parseWith(systemSettingsPatch, toPatch(data));
        if (!parsed.ok) return parsed;
        const result = await patchSystemSettings(db(), user, parsed.value);
        if (result.ok) revalidatePath(PAGE);
        return result.ok ? ok(null) : result;
      }),
    ),
  );
}

export const saveEmailAction = saveSettings(
  z.object({
    enable_mail_notifications: z.boolean(),
    mail_from: z.string().max(254).default(''),
    resend_api_key: z.string().max(2000).optional(),
    clear_resend_api_key: z.boolean(),
    mail_notifications_to: addressList,
  }),
  (d) => ({
    enable_mail_notifications: d.enable_mail_notifications,
    mail_from: d.mail_from.trim() || null,
    resend_api_key: secret(d.resend_api_key, d.clear_resend_api_key),
    mail_notifications_to: d.mail_notifications_to,
  }),
);

export const saveSlackAction = saveSettings(
  z.object({
    enable_slack_notifications: z.boolean(),
    slack_token: z.string().max(2000).optional(),
    clear_slack_token: z.boolean(),
    slack_channel: z.string().max(200).default(''),
    slack_username: z.string().max(100).default(''),
    slack_icon: z.string().max(200).default(''),
  }),
  (d) => ({
    enable_slack_notifications: d.enable_slack_notifications,
    slack_token: secret(d.slack_token, d.clear_slack_token),
    slack_channel: d.slack_channel,
    slack_username: d.slack_username,
    slack_icon: d.slack_icon,
  }),
);

export const saveTeamsAction = saveSettings(
  z.object({ enable_msteams_notifications: z.boolean(), msteams_url: z.string().max(2000).optional(), clear_msteams_url: z.boolean() }),
  (d) => ({ enable_msteams_notifications: d.enable_msteams_notifications, msteams_url: secret(d.msteams_url, d.clear_msteams_url) }),
);

export const saveWebhooksAction = saveSettings(
  z.object({ enable_webhooks_notifications: z.boolean(), webhooks_notifications_timeout: z.number().int() }),
  (d) => d,
);

export const saveAlertsAction = saveSettings(
  z.object({ alert_retention_days: z.number().int(), max_alerts_per_user: z.number().int() }),
  (d) => d,
);

export const saveRetentionAction = saveSettings(
  z.object({
    sent_delivery_retention_days: z.number().int(),
    dead_delivery_retention_days: z.number().int(),
    event_retention_days: z.number().int(),
    outbox_email_retention_days: z.number().int(),
    audit_log_retention_days: z.number().int(),
  }),
  (d) => d,
);

export const sendTestAction = validatedAction(sendTestInput, ({ channel, webhook }, user) =>
  superuserOnly(user, async () => ok(await sendTest(db(), channel, { webhook, fallbackMail: user.email || null }))),
);

export const createWebhookAction = validatedAction(webhookEndpointCreate, (data, user) =>
  superuserOnly(user, async () => {
    const result = await addWebhookEndpoint(db(), user, data);
    if (result.ok) revalidatePath(PAGE);
    return result.ok ? ok({ secret: result.value.secret }) : result;
  }),
);

// The URL is shown masked once saved: an empty URL field keeps the stored one.
const keptUrl = z
  .string()
  .trim()
  .max(2000)
  .optional()
  .transform((url) => url || undefined);
export const updateWebhookAction = validatedAction(webhookEndpointCreate.extend({ id, url: keptUrl }), ({ id, ...data }, user) =>
  superuserOnly(user, async () => {
    const result = await updateWebhookEndpoint(db(), user, id, data);
    if (result.ok) revalidatePath(PAGE);
    return result.ok ? ok(null) : result;
  }),
);

export const rotateWebhookSecretAction = validatedAction(z.object({ id }), ({ id }, user) =>
  superuserOnly(user, async () => {
    const result = await rotateWebhookSecret(db(), user, id);
    return result.ok ? ok({ secret: result.value.secret }) : result;
  }),
);

export const deleteWebhookAction = validatedAction(z.object({ id }), ({ id }, user) =>
  superuserOnly(user, async () => {
    const result = await deleteWebhookEndpoint(db(), user, id);
    if (result.ok) revalidatePath(PAGE);
    return result;
  }),
);
