// The senders one process uses, built from its options and the stored settings, and kept while those
// stay the same (the Slack client caches its DM channel lookups).
import { createMailSender, type MailSender } from './senders/mail';
import { createTeamsSender } from './senders/msteams';
import { createSlackSender } from './senders/slack';
import { createWebhookSender } from './senders/webhooks';
import type { DeliveryOptions } from './options';
import type { Sender } from './types';

export class SenderRegistry {
  readonly teams: Sender<'msteams'>;
  readonly webhooks: Sender<'webhooks'>;
  private readonly resend: MailSender | null;
  private slackSender: { token: string; sender: Sender<'slack'> } | null = null;

  constructor(private readonly options: DeliveryOptions) {
    const { endpoints, sendTimeoutMs: timeoutMs } = options;
    this.teams = createTeamsSender({ allowPrivate: endpoints.allowPrivateUrls, timeoutMs });
    this.webhooks = createWebhookSender({ allowPrivate: endpoints.allowPrivateUrls, timeoutMs });
    this.resend = options.resendApiKey
      ? createMailSender({ apiKey: options.resendApiKey, baseUrl: endpoints.resendBaseUrl, from: options.mailFrom, appUrl: options.appUrl, timeoutMs })
      : null;
  }

  /** Resend, or null when no key is configured: mail then goes to the local outbox. */
  get mail(): MailSender | null {
    return this.resend;
  }

  /** The Slack sender for the bot token currently stored (rebuilt when an admin changes it). */
  slack(token: string): Sender<'slack'> {
    if (this.slackSender?.token !== token) {
      const sender = createSlackSender({ botToken: token, apiUrl: this.options.endpoints.slackApiUrl, timeoutMs: this.options.sendTimeoutMs });
      this.slackSender = { token, sender };
    }
    return this.slackSender.sender;
  }
}
