// Mail with no Resend key configured: kept in outbox_emails, where admins read it in the app.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { MailJob } from './mail-batches';
import { renderForLocalOutbox } from './senders/local-outbox';

/**
 * Renders and stores the emails in one statement. A delivery already stored (its worker died before
 * marking it sent) is not stored twice.
 */
export async function storeInLocalOutbox(db: Executor, jobs: readonly MailJob[], config: { from: string; appUrl: string }): Promise<void> {
  if (jobs.length === 0) return;
  const rows = await Promise.all(
    jobs.map(async ({ job, message }) => {
      const email = await renderForLocalOutbox(message, config);
      return {
        delivery_id: job.id, event_id: job.eventId, event_type: message.event.type, from: email.from, to: email.to,
        subject: email.subject, html: email.html, text: email.text,
      };
    }),
  );
  await db.execute(sql`
    insert into outbox_emails (delivery_id, event_id, event_type, "from", "to", subject, html, text)
    select r.delivery_id, r.event_id, r.event_type, r."from", array(select jsonb_array_elements_text(r."to")), r.subject, r.html, r.text
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r (delivery_id uuid, event_id bigint, event_type text, "from" text, "to" jsonb, subject text, html text, text text)
    on conflict (delivery_id) do nothing`);
}
