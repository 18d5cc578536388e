// Reading the audit log (/admin/audit and GET /api/v2/audit_log): newest first, filtered by actor,
// object kind, object, action and date range. Superusers only, checked here, not by the callers.
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { superusersOnly, type AdminActor } from '../auth/superusers-only';
import type { Executor } from '../db/client';
import type { Page, PageRequest } from './pagination';
import type { Result } from '../core/result';
import { AUDIT_ACTIONS, AUDIT_OBJECT_KINDS } from '../audit/record';

export const AUDIT_ONLY = 'Only superusers may read the audit log.';

const blankAsUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsUndefined, schema.optional());

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 2026-03-01 (a UTC day), or a full ISO date-time; anything else is a human-readable 400. As the
 * end of a range, a day alone means up to its end (the next midnight, excluded).
 */
const isoDate = (what: string, bound: 'start' | 'end') =>
  z
    .string()
    .trim()
    .refine(
      (value) =>
        /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value)),
      `${what}: enter a date as YYYY-MM-DD or an ISO 8601 date-time.`,
    )
    .transform((value) => {
      if (!DATE_ONLY.test(value)) return new Date(value);
      const day = new Date(`${value}T00:00:00Z`);
      return bound === 'end' ? new Date(day.getTime() + DAY_MS) : day;
    });

/** The filters, as query-string text (the page's form and the API's query). */
export const auditFilterSchema = z.object({
  actor: optional(
    z
      .string()
      .regex(/^[0-9]{1,10}$/, 'Actor: a user id (a positive integer) is required.')
      .transform(Number),
  ).meta({ description: 'The id of the user who made the change.' }),
  object_kind: optional(z.enum(AUDIT_OBJECT_KINDS, `Object kind: use one of ${AUDIT_OBJECT_KINDS.join(', ')}.`)).meta({
    description: 'What kind of object changed.',
  }),
  object_id: optional(z.string().trim().max(100, 'Object: at most 100 characters.')).meta({
    description: "The object's id as the log writes it (e.g. 3, system, personal:7, product_members:12).",
  }),
  action: optional(z.enum(AUDIT_ACTIONS, `Action: use one of ${AUDIT_ACTIONS.join(', ')}.`)).meta({ description: 'What was done.' }),
  from: optional(isoDate('From', 'start')).meta({ description: 'Changes at or after this date (YYYY-MM-DD, UTC) or date-time.' }),
  to: optional(isoDate('To', 'end')).meta({
    description: 'Changes before the end of this date (YYYY-MM-DD, UTC), or before this date-time.',
  }),
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  created: z.iso.datetime(),
  actor: z.number().int().nullable().meta({ description: 'The user who made the change; null for the system or a deleted user.' }),
  actor_name: z.string().meta({ description: 'Who it was, as named then.' }),
  client_address: z.string().nullable().meta({ description: 'The trusted client address of the request.' }),
  object_kind: z.string(),
  object_id: z.string().nullable(),
  object_label: z.string(),
  action: z.string(),
  changes: z
    .record(z.string(), z.unknown())
    .meta({ description: 'Field → {before, after}; a secret only as "set", "changed" or "cleared", never its value.' }),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

function filterSql(filter: AuditFilter): SQL {
  const conditions: SQL[] = [sql`true`];
  if (filter.actor !== undefined) conditions.push(sql`a.actor_id = ${filter.actor}`);
  if (filter.object_kind) conditions.push(sql`a.object_kind = ${filter.object_kind}`);
  if (filter.object_id) conditions.push(sql`a.object_id = ${filter.object_id}`);
  if (filter.action) conditions.push(sql`a.action = ${filter.action}`);
  if (filter.from) conditions.push(sql`a.created_at >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) conditions.push(sql`a.created_at < ${filter.to.toISOString()}::timestamptz`);
  return sql.join(conditions, sql` and `);
}

/** Newest first, one page, with the total count. */
export async function listAuditLog(
  db: Executor,
  actor: AdminActor,
  filter: AuditFilter,
  page: PageRequest,
): Promise<Result<Page<AuditEntry>>> {
  return superusersOnly(actor, () => auditPage(db, filter, page), AUDIT_ONLY);
}

async function auditPage(db: Executor, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
  const where = filterSql(filter);
  const [total] = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_log a where ${where}`);
  const rows = await db.execute<AuditEntry & Record<string, unknown>>(sql`
    select a.id::int as id, to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created,
      a.actor_id as actor, a.actor_name, a.client_address, a.object_kind, a.object_id, a.object_label, a.action, a.changes
    from audit_log a where ${where}
    order by a.created_at desc, a.id desc
    limit ${page.limit} offset ${page.offset}`);
  return { count: total?.n ?? 0, results: rows.map((row) => ({ ...row })) };
}

/** The people who appear in the log, for the page's actor filter. */
export async function auditActors(db: Executor, actor: AdminActor): Promise<Result<{ id: number; name: string }[]>> {
  return superusersOnly(
    actor,
    async () => {
      const rows = await db.execute<{ id: number; name: string }>(sql`
      select u.id, u.username as name from users u where exists (select 1 from audit_log a where a.actor_id = u.id) order by lower(u.username)`);
      return rows.map((row) => ({ ...row }));
    },
    AUDIT_ONLY,
  );
}
