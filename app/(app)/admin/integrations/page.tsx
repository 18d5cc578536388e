import type { Metadata } from 'next';
import { TextAreaField, TextField } from '@/components/forms/fields';
import { OutboxNotice } from '@/components/deliveries/outbox-notice';
import { SecretField } from '@/components/integrations/secret-field';
import { SettingsCard } from '@/components/integrations/settings-card';
import { WebhookEndpoints } from '@/components/integrations/webhook-endpoints';
import { PageHeader } from '@/components/ui/page-header';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { config } from '@/lib/config';
import { db } from '@/lib/db/client';
import { localOutboxNotice } from '@/lib/delivery/outbox-store';
import { listEndpointHealth } from '@/lib/delivery/endpoint-health';
import { readSystemSettings, type SystemSettingsView } from '@/lib/integrations/system-settings';
import { listWebhookEndpoints } from '@/lib/integrations/webhook-endpoints';
import {
  createWebhookAction,
  deleteWebhookAction,
  rotateWebhookSecretAction,
  saveAlertsAction,
  saveEmailAction,
  saveRetentionAction,
  saveSlackAction,
  saveTeamsAction,
  saveWebhooksAction,
  sendTestAction,
  updateWebhookAction,
} from './actions';

export const metadata: Metadata = { title: 'Integrations' };

/** Each card's title, anchor, save button and the message after a save. */
const CARDS = {
  mail: { title: 'Email', id: 'email', save: 'Save email', successMessage: 'Email settings saved.' },
  slack: { title: 'Slack', id: 'slack', save: 'Save Slack', successMessage: 'Slack settings saved.' },
  msteams: { title: 'Microsoft Teams', id: 'msteams', save: 'Save Teams', successMessage: 'Teams settings saved.' },
  webhooks: { title: 'Webhooks', id: 'webhooks', save: 'Save webhooks', successMessage: 'Webhook settings saved.' },
  alerts: { title: 'Alerts', id: 'alerts', save: 'Save alerts', successMessage: 'Alert settings saved.' },
  retention: { title: 'Retention', id: 'retention', save: 'Save retention', successMessage: 'Retention settings saved.' },
};

/** How each channel's "Enable … notifications" checkbox names it. */
const CHANNEL_NAMES = { mail: 'email', slack: 'Slack', msteams: 'Microsoft Teams', webhooks: 'webhook' };

/** A channel's card: its table entry, its Enable checkbox as stored and, except for webhooks (tested per endpoint), Send test. */
function channelCard(s: SystemSettingsView, channel: keyof typeof CHANNEL_NAMES) {
  const name = `enable_${channel}_notifications` as const;
  return {
    ...CARDS[channel],
    enable: { name, label: `Enable ${CHANNEL_NAMES[channel]} notifications`, checked: s[name] },
    ...(channel !== 'webhooks' && { test: { action: sendTestAction, channel } }),
  };
}

/** Superusers only (each data function refuses anyone else); secrets appear only as "set". */
export default async function IntegrationsPage() {
  const user = await requireUser();
  const [s, endpoints, health] = await Promise.all([
    found(readSystemSettings(db(), user)),
    found(listWebhookEndpoints(db(), user)),
    found(listEndpointHealth(db(), user)),
  ]);
  const outbox = await localOutboxNotice(db(), config().RESEND_API_KEY);
  return (
    <>
      <PageHeader title="Integrations" subtitle="Where shared notifications go, and the credentials to send them." />

      <SettingsCard {...channelCard(s, 'mail')} action={saveEmailAction} notice={outbox && <OutboxNotice text={outbox} />}>
        <TextField
          name="mail_from"
          label="Sender address"
          defaultValue={s.mail_from}
          placeholder="Tocsin <tocsin@example.com>"
          hint="On a domain verified at Resend. Empty: the server's MAIL_FROM."
        />
        <SecretField name="resend_api_key" label="Resend API key" isSet={s.resend_api_key_set} />
        <TextAreaField
          name="mail_notifications_to"
          label="System-wide recipients"
          rows={3}
          defaultValue={s.mail_notifications_to.join('\n')}
          hint="One address per line."
        />
      </SettingsCard>

      <SettingsCard {...channelCard(s, 'slack')} action={saveSlackAction}>
        <SecretField name="slack_token" label="Bot token" isSet={s.slack_token_set} hint="xoxb-…, with chat:write and users:read.email." />
        <TextField name="slack_channel" label="Shared channel" defaultValue={s.slack_channel} placeholder="#appsec or C0123456" />
        <TextField name="slack_username" label="Display name" defaultValue={s.slack_username} />
        <TextField name="slack_icon" label="Icon (emoji or image URL)" defaultValue={s.slack_icon} />
      </SettingsCard>

      <SettingsCard {...channelCard(s, 'msteams')} action={saveTeamsAction}>
        <SecretField
          name="msteams_url"
          label="Workflows webhook URL"
          isSet={s.msteams_url_set}
          hint="https only; its signature is a credential."
        />
      </SettingsCard>

      <SettingsCard
        {...channelCard(s, 'webhooks')}
        action={saveWebhooksAction}
        after={
          <WebhookEndpoints
            endpoints={endpoints}
            health={health}
            actions={{
              create: createWebhookAction,
              update: updateWebhookAction,
              rotate: rotateWebhookSecretAction,
              remove: deleteWebhookAction,
              test: sendTestAction,
            }}
          />
        }
      >
        <TextField
          name="webhooks_notifications_timeout"
          label="Timeout (seconds)"
          type="number"
          defaultValue={s.webhooks_notifications_timeout}
        />
      </SettingsCard>

      <SettingsCard {...CARDS.alerts} action={saveAlertsAction}>
        <TextField name="alert_retention_days" label="Keep alerts for (days)" type="number" defaultValue={s.alert_retention_days} />
        <TextField
          name="max_alerts_per_user"
          label="At most this many alerts per user"
          type="number"
          defaultValue={s.max_alerts_per_user}
        />
      </SettingsCard>

      <SettingsCard {...CARDS.retention} action={saveRetentionAction}>
        <TextField
          name="sent_delivery_retention_days"
          label="Keep sent deliveries for (days)"
          type="number"
          defaultValue={s.sent_delivery_retention_days}
        />
        <TextField
          name="dead_delivery_retention_days"
          label="Keep dead deliveries for (days)"
          type="number"
          defaultValue={s.dead_delivery_retention_days}
          hint="Until then an admin can still retry them."
        />
        <TextField
          name="outbox_email_retention_days"
          label="Keep local outbox emails for (days)"
          type="number"
          defaultValue={s.outbox_email_retention_days}
        />
        <TextField
          name="event_retention_days"
          label="Keep events for (days)"
          type="number"
          defaultValue={s.event_retention_days}
          hint="An event is kept while an alert or a delivery still refers to it."
        />
        <TextField
          name="audit_log_retention_days"
          label="Keep audit log entries for (days)"
          type="number"
          defaultValue={s.audit_log_retention_days}
          hint="Who changed which settings, users and destinations (Audit log)."
        />
      </SettingsCard>
    </>
  );
}
