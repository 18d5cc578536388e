// DefectDojo's import-scan and reimport-scan: parse the report (a rejected report writes nothing),
// find or create where it goes, apply its findings set-based, and in the same transaction emit
// scan_added (or scan_added_empty) saying what changed, and record the import with its statistics.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { scanImports } from '../db/schema';
import { type Severity } from '../db/schema/enums';
import { testFacts } from '../domain/event-facts';
import { idempotently } from '../domain/idempotency';
import { invalid, ok, type Result } from '../core/result';
import { toIsoDate } from '../domain/sla';
import { createTest } from '../domain/tests';
import { inTransaction } from '../core/transaction';
import { parseWith } from '../core/validation';
import { describeEvent } from '../notifications/messages';
import { notify } from '../notifications/notify';
import { applyFindings, closeOldInEngagement, type Applied } from './apply';
import { changesText, scanChanges, scanSeverity, type ScanChanges } from './changes';
import { findScanTarget } from './context';
import { parserFor, unknownScanTypeMessage } from './formats';
import { scanFormSchema, type ScanForm } from './options';
import { ReportError, type ParsedFinding, type ScanParser } from './parser';
import { severityRank } from './severity';
import { findingsStatistics, testStatistics, type ImportStatistics } from './statistics';

export interface ScanImportResult {
  test: number;
  test_id: number;
  engagement_id: number;
  product_id: number;
  product_type_id: number;
  scan_type: string;
  statistics: ImportStatistics;
  /** Tocsin's own: what changed, with the first findings of each outcome (the pages show it). */
  changes: ScanChanges;
  /** The highest severity among new and reactivated findings: the scan_added event's severity. */
  severity: Severity | null;
  /** Whether a new test was made (an import, or a reimport that found no test and auto-created one). */
  imported: boolean;
}

export interface ScanUpload {
  /** The form's fields as strings (FormData values that are not files). */
  fields: Record<string, string>;
  file: { name: string; bytes: Buffer } | null;
}

/** Parses the upload's fields and report; nothing touches the database before both are good. */
export function readScanUpload(upload: ScanUpload): Result<{ form: ScanForm; parser: ScanParser; findings: ParsedFinding[] }> {
  const parsed = parseWith(scanFormSchema, upload.fields);
  if (!parsed.ok) return parsed;
  const form = parsed.value;
  const parser = parserFor(form.scan_type);
  if (!parser) return invalid({ scan_type: [unknownScanTypeMessage(form.scan_type)] });
  if (!upload.file) return invalid({ file: ['This field is required: attach the scan report.'] });
  let findings: ParsedFinding[];
  try {
    findings = parser.parse(upload.file.bytes, upload.file.name);
  } catch (error) {
    if (error instanceof ReportError) return invalid({ file: [error.message] });
    throw error;
  }
  const floor = severityRank(form.minimum_severity ?? 'Info');
  return ok({ form, parser, findings: findings.filter((f) => severityRank(f.severity) >= floor) });
}

export async function importScanReport(
  db: Executor,
  actor: Actor,
  kind: 'import' | 'reimport',
  upload: ScanUpload,
  idempotencyKey?: string,
): Promise<Result<ScanImportResult>> {
  const read = readScanUpload(upload);
  if (!read.ok) return read;
  const work = (tx: Executor) => runImport(tx, actor, kind, read.value.form, read.value.parser, read.value.findings);
  if (idempotencyKey === undefined) return inTransaction(db, work);
  const fileHash = createHash('sha256').update(upload.file!.bytes).digest('hex');
  return idempotently(
    db,
    { userId: actor.id, key: idempotencyKey, request: { endpoint: `${kind}-scan`, form: upload.fields, fileHash } },
    work,
  );
}

async function runImport(
  tx: Executor,
  actor: Actor,
  kind: 'import' | 'reimport',
  form: ScanForm,
  parser: ScanParser,
  findings: ParsedFinding[],
): Promise<Result<ScanImportResult>> {
  const target = await findScanTarget(tx, actor, kind, form);
  if (!target.ok) return target;
  let testId: number;
  if (target.value.kind === 'import') {
    const test = await createTest(tx, actor, {
      engagement: target.value.engagementId,
      title: form.test_title ?? parser.scanType,
      test_type: parser.scanType,
    });
    if (!test.ok) return test;
    testId = test.value.id;
  } else {
    testId = target.value.testId;
  }
  // Imports into one test take turns, so two at once cannot both create the same finding.
  await tx.execute(sql`select id from tests where id = ${testId} for update`);
  const isReimport = target.value.kind === 'reimport';
  const before = isReimport ? await testStatistics(tx, testId) : undefined;
  const applied: Applied = await applyFindings(tx, findings, parser, {
    testId,
    actorId: actor.id,
    date: form.scan_date ?? toIsoDate(new Date()),
    closeOld: isReimport ? (form.close_old_findings ?? true) : false,
    doNotReactivate: form.do_not_reactivate ?? false,
    active: form.active,
    verified: form.verified,
  });
  if (!isReimport && form.close_old_findings) applied.closed = await closeOldInEngagement(tx, testId);

  const statistics: ImportStatistics = { after: await testStatistics(tx, testId) };
  if (before) {
    statistics.before = before;
    statistics.delta = {
      created: await findingsStatistics(tx, applied.created),
      closed: await findingsStatistics(tx, applied.closed),
      reactivated: await findingsStatistics(tx, applied.reactivated),
      untouched: await findingsStatistics(tx, applied.untouched),
    };
  }
  const changes = await scanChanges(tx, applied);
  const severity = scanSeverity(changes);
  const eventId = await announce(tx, actor, testId, changes, severity);
  await tx.insert(scanImports).values({
    testId,
    eventId,
    kind: isReimport ? 'reimport' : 'import',
    scanType: parser.scanType,
    userId: actor.id,
    statistics,
    changes,
    severity,
  });
  const ids = await hierarchyOf(tx, testId);
  return ok({
    test: testId,
    test_id: testId,
    ...ids,
    scan_type: parser.scanType,
    statistics,
    changes,
    severity,
    imported: !isReimport,
  });
}

/**
 * scan_added with what changed, or scan_added_empty. `scanEventSeverity` is the event's severity
 * (the highest among new and reactivated findings), so the severity floors and the other noise
 * controls apply (DESIGN §4b); an import that changed nothing has none.
 */
async function announce(tx: Executor, actor: Actor, testId: number, changes: ScanChanges, scanEventSeverity: Severity | null) {
  const facts = await testFacts(tx, testId);
  const summary = changesText(changes);
  const changed = changes.created.count + changes.reactivated.count + changes.closed.count > 0;
  const message = changed
    ? describeEvent('scan_added', {
        test: facts.test,
        product: facts.product,
        created: changes.created.count,
        reactivated: changes.reactivated.count,
        closed: changes.closed.count,
        summary,
        highest: scanEventSeverity,
      })
    : describeEvent('scan_added_empty', { test: facts.test, product: facts.product, summary });
  const { eventId } = await notify({ ...message, actorId: actor.id }, tx);
  return eventId;
}

async function hierarchyOf(tx: Executor, testId: number) {
  const [row] = await tx.execute<{ engagement_id: number; product_id: number; product_type_id: number }>(sql`
    select e.id as engagement_id, p.id as product_id, p.prod_type_id as product_type_id
    from tests t join engagements e on e.id = t.engagement_id join products p on p.id = e.product_id
    where t.id = ${testId}`);
  return row!;
}
