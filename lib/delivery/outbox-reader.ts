// The local outbox for admins (/admin/outbox): the emails "sent" while no Resend key is configured.
import { sql } from 'drizzle-orm';
import { superusersOnly, type AdminActor } from '../auth/superusers-only';
import type { Executor } from '../db/client';
import { notFound, type Result } from '../core/result';

export interface OutboxEmailSummary {
  id: number;
  deliveryId: string;
  eventId: number;
  eventType: string;
  from: string;
  to: string[];
  subject: string;
  createdAt: string;
}

export interface OutboxEmail extends OutboxEmailSummary {
  html: string;
  text: string;
}

const columns = sql`id, delivery_id as "deliveryId", event_id as "eventId", event_type as "eventType", "from", "to", subject,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"`;

/** Newest first; `beforeId` pages back from the last id shown. */
export async function listOutboxEmails(
  db: Executor,
  actor: AdminActor,
  page: { limit?: number; beforeId?: number; to?: string } = {},
): Promise<Result<OutboxEmailSummary[]>> {
  return superusersOnly(actor, () => outboxPage(db, page));
}

async function outboxPage(db: Executor, page: { limit?: number; beforeId?: number; to?: string }): Promise<OutboxEmailSummary[]> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  const rows = await db.execute<OutboxEmailSummary & Record<string, unknown>>(sql`
    select ${columns} from outbox_emails
    where ${page.beforeId ? sql`id < ${page.beforeId}` : sql`true`}
      and ${page.to ? sql`${page.to.toLowerCase()} = any(select lower(unnest("to")))` : sql`true`}
    order by id desc limit ${limit}`);
  return rows.map((r) => ({ ...r, eventId: Number(r.eventId), id: Number(r.id) }));
}

/** One email with its HTML (show it sandboxed: an iframe with `sandbox` and srcdoc) and text. */
export async function getOutboxEmail(db: Executor, actor: AdminActor, id: number): Promise<Result<OutboxEmail>> {
  const found = await superusersOnly(actor, async () => {
    const [row] = await db.execute<OutboxEmail & Record<string, unknown>>(
      sql`select ${columns}, html, text from outbox_emails where id = ${id}`,
    );
    return row ? { ...row, eventId: Number(row.eventId), id: Number(row.id) } : null;
  });
  if (!found.ok) return found;
  return found.value ? { ok: true, value: found.value } : notFound();
}
