// The senders one process uses, built from its options and the stored settings, and kept while those
// stay the same (the Slack client caches its DM channel lookups).
import { createMailSender, type MailSender } from './senders/mail';
import { createTeamsSender } from './senders/msteams';
import { createSlackSender } from './senders/slack';
import { createWebhookSender } from './senders/webhooks';
import { instrumented } from './attempt-metrics';
import type { DeliveryOptions } from './options';
import type { Sender } from './types';

export class SenderRegistry {
  readonly teams: Sender<'msteams'>;
  readonly webhooks: Sender<'webhooks'>;
  private readonly resend: MailSender | null;
  private slackSender: { key: string; sender: Sender<'slack'> } | null = null;
  private storedSender: { apiKey: string; from: string; sender: MailSender } | null = null;

  /** `slackPace`: waits for a shared turn of a Slack method (token, method); false when none comes in time. */
  constructor(
    private readonly options: DeliveryOptions,
    private readonly slackPace?: (token: string, method: string) => Promise<boolean>,
  ) {
    const { endpoints, sendTimeoutMs: timeoutMs } = options;
    this.teams = instrumented(createTeamsSender({ allowPrivate: endpoints.allowPrivateUrls, timeoutMs }));
    this.webhooks = instrumented(createWebhookSender({ allowPrivate: endpoints.allowPrivateUrls, timeoutMs }));
    this.resend = options.resendApiKey
      ? instrumented(
          createMailSender({
            apiKey: options.resendApiKey,
            baseUrl: endpoints.resendBaseUrl,
            from: options.mailFrom,
            appUrl: options.appUrl,
            timeoutMs,
          }),
        )
      : null;
  }

  /**
   * Resend with the key and sender an admin stored, else the environment's (RESEND_API_KEY,
   * MAIL_FROM); null when neither has a key: mail then goes to the local outbox.
   */
  mail(stored?: { apiKey: string | null; from: string | null }): MailSender | null {
    if (!stored?.apiKey) {
      if (!stored?.from || !this.resend) return this.resend;
      return this.storedMail(this.options.resendApiKey!, stored.from);
    }
    return this.storedMail(stored.apiKey, stored.from ?? this.options.mailFrom);
  }

  private storedMail(apiKey: string, from: string): MailSender {
    if (this.storedSender?.apiKey !== apiKey || this.storedSender.from !== from) {
      const { endpoints, sendTimeoutMs: timeoutMs, appUrl } = this.options;
      this.storedSender = {
        apiKey,
        from,
        sender: instrumented(createMailSender({ apiKey, baseUrl: endpoints.resendBaseUrl, from, appUrl, timeoutMs })),
      };
    }
    return this.storedSender.sender;
  }

  /** The Slack sender for the bot token currently stored (rebuilt when an admin changes it). */
  slack(token: string, identity: { username: string | null; icon: string | null } = { username: null, icon: null }): Sender<'slack'> {
    const key = JSON.stringify([token, identity.username, identity.icon]);
    if (this.slackSender?.key !== key) {
      const sender = instrumented(
        createSlackSender({
          botToken: token,
          apiUrl: this.options.endpoints.slackApiUrl,
          timeoutMs: this.options.sendTimeoutMs,
          ...identity,
          ...(this.slackPace && { pace: (method: string) => this.slackPace!(token, method) }),
        }),
      );
      this.slackSender = { key, sender };
    }
    return this.slackSender.sender;
  }
}
