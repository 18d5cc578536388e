// Mail with no Resend key configured: kept in outbox_emails, where admins read it in the app.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { MailJob } from './mail-batches';
import { thrownFailure } from './http-failure';
import { renderForLocalOutbox } from './senders/local-outbox';
import type { SendFailure } from './types';

/** What the worker's log, the delivery log and the integrations page say while mail has no Resend key. */
export const LOCAL_OUTBOX_NOTICE = 'no Resend key: mail is kept in the local outbox';

/**
 * LOCAL_OUTBOX_NOTICE while mail is enabled with no Resend key, neither stored by an admin nor in
 * the environment (`envKey`, RESEND_API_KEY); else null.
 */
export async function localOutboxNotice(db: Executor, envKey: string | null | undefined): Promise<string | null> {
  if (envKey) return null;
  const [row] = await db.execute<{ outbox: boolean }>(sql`
    select enable_mail_notifications and coalesce(resend_api_key_encrypted, '') = '' as outbox from system_settings where id = 1`);
  return row?.outbox ? LOCAL_OUTBOX_NOTICE : null;
}

/**
 * Renders and stores the emails in one statement. A delivery already stored (its worker died before
 * marking it sent) is not stored twice. An email that cannot be rendered is not stored: its failure
 * is returned, by delivery id, for that job alone.
 */
export async function storeInLocalOutbox(
  db: Executor,
  jobs: readonly MailJob[],
  config: { from: string; appUrl: string },
): Promise<Map<string, SendFailure>> {
  const failed = new Map<string, SendFailure>();
  if (jobs.length === 0) return failed;
  const rendered = await Promise.all(
    jobs.map(async ({ job, message }) => {
      try {
        const email = await renderForLocalOutbox(message, config);
        return {
          delivery_id: job.id,
          event_id: job.eventId,
          event_type: message.event.type,
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
        };
      } catch (error) {
        failed.set(job.id, thrownFailure('rendering the email', error, true));
        return null;
      }
    }),
  );
  const rows = rendered.filter((r) => r !== null);
  if (rows.length === 0) return failed;
  await db.execute(sql`
    insert into outbox_emails (delivery_id, event_id, event_type, "from", "to", subject, html, text)
    select r.delivery_id, r.event_id, r.event_type, r."from", array(select jsonb_array_elements_text(r."to")), r.subject, r.html, r.text
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r (delivery_id uuid, event_id bigint, event_type text, "from" text, "to" jsonb, subject text, html text, text text)
    on conflict (delivery_id) do nothing`);
  return failed;
}
