// Claimed jobs → the messages the senders take: the event's facts and each job's destination, with
// the stored secrets decrypted here (and only on this path), for a whole batch in one query.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { decryptSecret, SecretDecryptionError } from '../crypto/secrets';
import { appPath } from '../links/app-path';
import { loadDigestContents, type DigestContent } from './digest-contents';
import { thrownFailure } from './http-failure';
import type { ClaimedJob } from './queue';
import { loadScanMessages, withAbsoluteLinks } from './scan-changes';
import { stillVisibleSql, suppressionReason } from './send-access';
import { secretHash } from './shared-pacer';
import type { DeliveryEvent, DeliveryMessage, SendFailure, SlackDestination } from './types';

export type PreparedJob =
  | {
      job: ClaimedJob;
      message: DeliveryMessage;
      /** Jobs sharing a key share a rate limit, across workers (a Slack channel or DM, a Teams URL, a webhook endpoint). */
      paceKey: string | null;
      /** The decrypted bot token, for Slack jobs, and the name and icon to post as. */
      slackToken?: string;
      slackIdentity?: SlackIdentity;
      /** For mail jobs: the Resend key and sender stored by an admin (null: the environment's). */
      mail?: StoredMailConfig;
    }
  | { job: ClaimedJob; failure: SendFailure }
  /** Not to be sent: its user may no longer see it (the reason is shown in the delivery log). */
  | { job: ClaimedJob; suppressed: string };

export interface SlackIdentity {
  username: string | null;
  icon: string | null;
}

export interface StoredMailConfig {
  apiKey: string | null;
  from: string | null;
}

interface Row {
  id: string;
  type: string;
  title: string;
  description: string;
  url: string | null;
  created: string;
  pt_id: number | null;
  pt_name: string | null;
  p_id: number | null;
  p_name: string | null;
  en_id: number | null;
  en_name: string | null;
  t_id: number | null;
  t_title: string | null;
  f_id: number | null;
  f_title: string | null;
  f_severity: string | null;
  e_severity: string | null;
  mail_enabled: boolean | null;
  mail_from: string | null;
  resend_api_key_encrypted: string | null;
  slack_enabled: boolean | null;
  slack_token_encrypted: string | null;
  slack_username: string | null;
  slack_icon: string | null;
  msteams_enabled: boolean | null;
  msteams_url_encrypted: string | null;
  webhooks_enabled: boolean | null;
  webhook_id: number | null;
  webhook_url: string | null;
  webhook_url_encrypted: string | null;
  webhook_secret_encrypted: string | null;
  webhook_enabled: boolean | null;
  /** Personal and digest jobs: whether the user is active, and still sees the event's subject (null: shared). */
  user_active: boolean | null;
  still_visible: boolean | null;
}

/**
 * One query for the whole batch: each job with its event, the event's subjects by name, the
 * integration settings, the product's own Teams URL where the job uses it, the webhook endpoint,
 * and, for a user's job, whether that user may still see the event (checked now, not at enqueue).
 */
async function loadRows(db: Executor, ids: string[]): Promise<Map<string, Row>> {
  const rows = await db.execute<Row & Record<string, unknown>>(sql`
    select d.id, e.type, e.title, e.description, e.url, e.severity::text as e_severity,
      to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created,
      pt.id as pt_id, pt.name as pt_name, p.id as p_id, p.name as p_name, en.id as en_id, en.name as en_name,
      t.id as t_id, t.title as t_title, f.id as f_id, f.title as f_title, f.severity::text as f_severity,
      s.enable_mail_notifications as mail_enabled, nullif(s.mail_from, '') as mail_from,
      nullif(s.resend_api_key_encrypted, '') as resend_api_key_encrypted,
      s.enable_slack_notifications as slack_enabled, nullif(s.slack_token_encrypted, '') as slack_token_encrypted,
      nullif(s.slack_username, '') as slack_username, nullif(s.slack_icon, '') as slack_icon,
      s.enable_msteams_notifications as msteams_enabled,
      coalesce(nullif(pd.msteams_url_encrypted, ''), nullif(s.msteams_url_encrypted, '')) as msteams_url_encrypted,
      s.enable_webhooks_notifications as webhooks_enabled,
      w.id as webhook_id, w.url as webhook_url, w.url_encrypted as webhook_url_encrypted,
      nullif(w.secret_encrypted, '') as webhook_secret_encrypted, w.enabled as webhook_enabled,
      case when d.user_id is not null then coalesce(u.is_active, false) end as user_active,
      case when d.user_id is not null then ${stillVisibleSql(sql`d.user_id`)} end as still_visible
    from deliveries d
    left join users u on u.id = d.user_id
    join notification_events e on e.id = d.event_id
    left join product_types pt on pt.id = e.product_type_id
    left join products p on p.id = e.product_id
    left join engagements en on en.id = e.engagement_id
    left join tests t on t.id = e.test_id
    left join findings f on f.id = e.finding_id
    left join system_settings s on s.id = 1
    left join product_notification_destinations pd on pd.product_id = d.destination_product_id
    left join webhook_endpoints w on w.id = d.webhook_endpoint_id
    where d.id = any(${`{${ids.join(',')}}`}::uuid[])`);
  return new Map(rows.map((row) => [row.id, row]));
}

export interface PrepareOptions {
  appUrl: string;
  encryptionKey: Buffer | null;
}

export async function prepareJobs(db: Executor, jobs: readonly ClaimedJob[], options: PrepareOptions): Promise<PreparedJob[]> {
  if (jobs.length === 0) return [];
  const rows = await loadRows(
    db,
    jobs.map((j) => j.id),
  );
  const digests = await loadDigestContents(
    db,
    jobs.filter((j) => j.kind === 'digest').map((j) => j.id),
  );
  const scans = await loadScanMessages(
    db,
    jobs.filter((j) => j.kind !== 'digest').map((j) => j.eventId),
  );
  const decrypt = secretDecrypter(options.encryptionKey);
  return jobs.map((job): PreparedJob => {
    const row = rows.get(job.id);
    // Deleted since the claim (its event was deleted): the outcome write will find nothing to update.
    if (!row) return { job, failure: permanent('the delivery no longer exists') };
    try {
      if (job.kind !== 'digest') {
        const reason = suppressionReason(row);
        if (reason) return { job, suppressed: reason };
        const scan = scans.get(job.eventId);
        const event = eventOf(job, row, options.appUrl);
        return prepareOne(job, row, scan ? { ...event, scan: withAbsoluteLinks(scan, options.appUrl) } : event, decrypt);
      }
      // A digest carries only the events its user may still see (loadDigestContents).
      if (row.user_active === false) return { job, suppressed: suppressionReason(row)! };
      const digest = digests.get(job.id);
      // Its events were all deleted (the jobs with them), or its user may see none of them any more.
      if (!digest) return { job, suppressed: 'suppressed: the digest has no event its user may still see' };
      return prepareOne(job, row, eventOf(job, row, options.appUrl), decrypt, absoluteDigest(digest, options.appUrl));
    } catch (error) {
      if (error instanceof SecretDecryptionError) return { job, failure: permanent(error.message) };
      // Anything else (a bug, a template's data): this job's attempt failed, the others go on.
      return { job, failure: thrownFailure('building the message', error) };
    }
  });
}

function prepareOne(
  job: ClaimedJob,
  row: Row,
  event: DeliveryEvent,
  decrypt: (stored: string, what: string) => string,
  digest?: DigestContent,
): PreparedJob {
  const base = digest ? { deliveryId: job.id, event, digest } : { deliveryId: job.id, event };
  switch (job.channel) {
    case 'mail': {
      if (!row.mail_enabled) return { job, failure: permanent('mail notifications are disabled') };
      const to = job.addresses ?? [];
      const mail = {
        apiKey: row.resend_api_key_encrypted ? decrypt(row.resend_api_key_encrypted, 'Resend API key') : null,
        from: row.mail_from,
      };
      return { job, message: { ...base, channel: 'mail', destination: { to } }, paceKey: 'resend', mail };
    }
    case 'slack': {
      if (!row.slack_enabled) return { job, failure: permanent('Slack notifications are disabled') };
      if (!row.slack_token_encrypted) return { job, failure: permanent('Slack has no token') };
      const address = job.addresses?.[0] ?? '';
      const destination: SlackDestination =
        job.kind === 'shared'
          ? { kind: 'channel', channel: address }
          : address.includes('@')
            ? { kind: 'user', userId: null, email: address }
            : { kind: 'user', userId: address || null, email: null };
      return {
        job,
        message: { ...base, channel: 'slack', destination },
        paceKey: `slack:${secretHash(decrypt(row.slack_token_encrypted, 'Slack token'))}:${job.kind === 'shared' ? 'channel' : 'user'}:${address}`,
        slackToken: decrypt(row.slack_token_encrypted, 'Slack token'),
        slackIdentity: { username: row.slack_username, icon: row.slack_icon },
      };
    }
    case 'msteams': {
      if (!row.msteams_enabled) return { job, failure: permanent('Microsoft Teams notifications are disabled') };
      if (!row.msteams_url_encrypted) return { job, failure: permanent('Microsoft Teams has no webhook URL') };
      const url = decrypt(row.msteams_url_encrypted, 'Teams webhook URL');
      return { job, message: { ...base, channel: 'msteams', destination: { url } }, paceKey: `msteams:${secretHash(url)}` };
    }
    case 'webhooks': {
      if (!row.webhooks_enabled) return { job, failure: permanent('webhook notifications are disabled') };
      if (row.webhook_id === null) return { job, failure: permanent('the webhook endpoint no longer exists') };
      if (!row.webhook_enabled) return { job, failure: permanent('the webhook endpoint is disabled') };
      if (!row.webhook_secret_encrypted) return { job, failure: permanent('the webhook endpoint has no signing secret') };
      const secret = decrypt(row.webhook_secret_encrypted, 'webhook secret');
      const url = row.webhook_url_encrypted ? decrypt(row.webhook_url_encrypted, 'webhook URL') : row.webhook_url;
      if (!url) return { job, failure: permanent('the webhook endpoint has no URL') };
      return { job, message: { ...base, channel: 'webhooks', destination: { url, secret } }, paceKey: `webhook:${job.webhookEndpointId}` };
    }
  }
}

function eventOf(job: ClaimedJob, row: Row, appUrl: string): DeliveryEvent {
  const ref = (id: number | null, name: string | null) => (id !== null && name !== null ? { id, name } : null);
  return {
    type: row.type,
    id: String(job.eventId),
    created: row.created,
    title: row.title,
    description: row.description || null,
    url: absoluteUrl(row.url, appUrl),
    product: ref(row.p_id, row.p_name),
    product_type: ref(row.pt_id, row.pt_name),
    engagement: ref(row.en_id, row.en_name),
    test: ref(row.t_id, row.t_title),
    finding: row.f_id !== null && row.f_title !== null ? { id: row.f_id, title: row.f_title, severity: row.f_severity ?? '' } : null,
    severity: row.e_severity,
  };
}

function absoluteDigest(digest: DigestContent, appUrl: string): DigestContent {
  return {
    ...digest,
    products: digest.products.map((p) => ({
      ...p,
      types: p.types.map((t) => ({ ...t, latest: t.latest.map((e) => ({ ...e, url: absoluteUrl(e.url, appUrl) })) })),
    })),
  };
}

/**
 * The engine stores links relative to the app ("/engagements/12"); messages need them absolute. Only
 * paths of this app become links (messages label them "Open in Tocsin"): anything else, such as an
 * external URL recorded before the events API refused them, gives no link at all.
 */
function absoluteUrl(url: string | null, appUrl: string): string | null {
  const path = appPath(url, appUrl);
  if (!path) return null;
  try {
    return new URL(path, `${appUrl}/`).href;
  } catch {
    return null;
  }
}

/** Decrypts each distinct stored value once per batch (one Slack token serves every Slack job). */
function secretDecrypter(key: Buffer | null): (stored: string, what: string) => string {
  const done = new Map<string, string>();
  return (stored, what) => {
    const known = done.get(stored);
    if (known !== undefined) return known;
    if (!key) throw new SecretDecryptionError(`no TOCSIN_ENCRYPTION_KEY to decrypt the ${what}`);
    let plain: string;
    try {
      plain = decryptSecret(stored, key);
    } catch (error) {
      if (error instanceof SecretDecryptionError) throw new SecretDecryptionError(`${what}: altered, or encrypted with another key`);
      throw error;
    }
    done.set(stored, plain);
    return plain;
  };
}

function permanent(error: string): SendFailure {
  return { ok: false, retryable: false, error };
}
