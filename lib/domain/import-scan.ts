// Importing a scan into a test: the scan's findings are matched by title and severity against the
// test's findings (same title and severity = same finding). New ones are created, matching closed
// ones reactivated, active ones the scan no longer reports closed; all in one transaction that
// also emits `scan_added` with the counts, or `scan_added_empty` when nothing changed.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { SEVERITIES, type Severity } from '../db/schema/enums';
import { describeEvent, highestSeverity } from '../notifications/messages';
import { notify } from '../notifications/notify';
import { testFacts } from './event-facts';
import { slaDaysOfTest } from './findings';
import { idempotently } from './idempotency';
import { denial, ok, type Result } from '../core/result';
import { slaExpirationDate, toIsoDate } from './sla';
import { inTransaction } from '../core/transaction';
import { id, parseWith, requiredText, text } from '../core/validation';

export const MAX_SCAN_FINDINGS = 10_000;
/** A full scan of 10,000 findings with descriptions needs more than the API's default 1 MiB. */
export const MAX_SCAN_BYTES = 16 * 1024 * 1024;

export const importScanSchema = z.object({
  test: id,
  findings: z
    .array(
      z.object({
        title: requiredText(500),
        severity: z.enum(SEVERITIES),
        description: text(100_000).optional(),
      }),
    )
    .max(MAX_SCAN_FINDINGS, `A scan has at most ${MAX_SCAN_FINDINGS} findings.`)
    .meta({ description: 'Every finding the scan reports. Active findings of the test it does not report are closed.' }),
});
export type ImportScan = z.input<typeof importScanSchema>;

export const importScanResultSchema = z.object({
  created: z.number().int().meta({ description: 'New findings.' }),
  reactivated: z.number().int().meta({ description: 'Closed findings the scan reports again.' }),
  closed: z.number().int().meta({ description: 'Active findings the scan no longer reports.' }),
  untouched: z.number().int().meta({ description: 'Findings the scan reports that were already active.' }),
});
export type ImportScanResult = z.infer<typeof importScanResultSchema>;

/** Needs the `import` permission on the test (API Importer and up). */
export async function importScan(
  db: Executor,
  actor: Actor,
  input: ImportScan,
  idempotencyKey?: string,
): Promise<Result<ImportScanResult>> {
  const parsed = parseWith(importScanSchema, input);
  if (!parsed.ok) return parsed;
  const work = (tx: Executor) => applyScan(tx, actor, parsed.value);
  if (idempotencyKey === undefined) return inTransaction(db, work);
  return idempotently(db, { userId: actor.id, key: idempotencyKey, request: { endpoint: 'import-scan', body: parsed.value } }, work);
}

async function applyScan(tx: Executor, actor: Actor, scan: z.output<typeof importScanSchema>): Promise<Result<ImportScanResult>> {
  const denied = denial(await authorize(tx, actor, { kind: 'test', id: scan.test }, 'import'));
  if (denied) return denied;
  // Imports into one test take turns, so two at once cannot both create the same finding.
  await tx.execute(sql`select id from tests where id = ${scan.test} for update`);
  const { highest, ...counts } = await matchFindings(tx, actor, scan);

  const facts = await testFacts(tx, scan.test);
  const { created, reactivated, closed } = counts;
  const message =
    created + reactivated + closed > 0
      ? describeEvent('scan_added', { test: facts.test, product: facts.product, created, reactivated, closed, highest })
      : describeEvent('scan_added_empty', { test: facts.test, product: facts.product });
  await notify({ ...message, actorId: actor.id }, tx);
  return ok(counts);
}

/**
 * One statement. The scan's entries (distinct by title and severity) each end up as one active
 * finding: untouched if one was active, else the latest closed one reactivated, else created with
 * today's date and its SLA due date. Active findings whose title and severity the scan lacks close.
 */
async function matchFindings(
  tx: Executor,
  actor: Actor,
  scan: z.output<typeof importScanSchema>,
): Promise<ImportScanResult & { highest: Severity | null }> {
  const today = toIsoDate(new Date());
  const slaDays = await slaDaysOfTest(tx, scan.test);
  const entries = new Map<string, { title: string; severity: string; description: string; sla_expiration_date: string | null }>();
  for (const f of scan.findings) {
    const key = JSON.stringify([f.title, f.severity]);
    if (!entries.has(key)) {
      entries.set(key, {
        title: f.title,
        severity: f.severity,
        description: f.description ?? '',
        sla_expiration_date: slaExpirationDate(today, f.severity, slaDays),
      });
    }
  }
  const [counts] = await tx.execute<ImportScanResult & { severities: string[] | null } & Record<string, unknown>>(sql`
    with scan as (
      select * from jsonb_to_recordset(${JSON.stringify([...entries.values()])}::jsonb)
        as s (title text, severity severity, description text, sla_expiration_date date)
    ),
    existing as (
      select f.id, f.title, f.severity, f.active,
        exists (select 1 from scan s where s.title = f.title and s.severity = f.severity) as in_scan
      from findings f where f.test_id = ${scan.test}
    ),
    reactivated as (
      update findings set active = true
      where id in (
        select distinct on (e.title, e.severity) e.id from existing e
        where e.in_scan and not e.active
          and not exists (select 1 from existing a where a.active and a.title = e.title and a.severity = e.severity)
        order by e.title, e.severity, e.id desc)
      returning id, severity
    ),
    closed as (
      update findings set active = false where id in (select id from existing where active and not in_scan) returning id
    ),
    created as (
      insert into findings (test_id, title, severity, description, date, sla_expiration_date, reporter_id)
      select ${scan.test}, s.title, s.severity, s.description, ${today}::date, s.sla_expiration_date, ${actor.id}
      from scan s where not exists (select 1 from existing e where e.title = s.title and e.severity = s.severity)
      returning id, severity
    )
    select
      (select count(*)::int from created) as created,
      (select count(*)::int from reactivated) as reactivated,
      (select count(*)::int from closed) as closed,
      (select count(distinct (title, severity))::int from existing where active and in_scan) as untouched,
      (select array_agg(distinct severity::text) from (select severity from created union all select severity from reactivated) n) as severities`);
  return {
    created: counts!.created,
    reactivated: counts!.reactivated,
    closed: counts!.closed,
    untouched: counts!.untouched,
    highest: highestSeverity((counts!.severities as string[] | null) ?? []),
  };
}
