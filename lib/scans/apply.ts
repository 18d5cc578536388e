// The findings side of an import, set-based: one statement matches the report's findings to the
// test's, creates the new ones, reactivates the ones that came back, closes the ones it no longer
// reports; whatever the number of findings.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Severity } from '../db/schema/enums';
import { slaDaysOfTest } from '../domain/findings';
import { slaExpirationDate } from '../domain/sla';
import { hashCode } from './hash-code';
import type { ParsedFinding, ScanParser } from './parser';

export interface ApplyOptions {
  testId: number;
  actorId: number;
  /** The found-on date of new findings (scan_date, else today). */
  date: string;
  closeOld: boolean;
  doNotReactivate: boolean;
  /** Overrides of the report's own status (the form's active and verified). */
  active?: boolean;
  verified?: boolean;
}

/** Finding ids per outcome. */
export interface Applied {
  created: number[];
  reactivated: number[];
  closed: number[];
  untouched: number[];
}

const TITLE_MAX = 500;

interface Entry {
  idx: number;
  title: string;
  severity: Severity;
  description: string;
  file_path: string | null;
  line: number | null;
  cwe: number | null;
  vulnerability_ids: string[];
  component_name: string | null;
  component_version: string | null;
  unique_id_from_tool: string | null;
  hash_code: string;
  static_finding: boolean;
  dynamic_finding: boolean;
  false_p: boolean;
  active: boolean;
  verified: boolean;
  mitigation: string;
  references: string;
  endpoints: string[];
  sla_expiration_date: string | null;
}

/** The report's findings as rows, one per identity (the tool's id, else the hash code): the first wins. */
export function entriesOf(
  findings: ParsedFinding[],
  parser: ScanParser,
  options: ApplyOptions,
  sla: (s: Severity) => string | null,
): Entry[] {
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const f of findings) {
    const hash = hashCode(f, parser.hashFields);
    const uid = f.uniqueIdFromTool ?? null;
    const identity = uid ? `u:${uid}` : `h:${hash}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const title = f.title.trim().replace(/\s+/g, ' ');
    const falseP = f.falseP ?? false;
    entries.push({
      idx: entries.length,
      title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
      severity: f.severity,
      description: f.description,
      file_path: f.filePath ?? null,
      line: f.line ?? null,
      cwe: f.cwe ?? null,
      vulnerability_ids: f.vulnerabilityIds ?? [],
      component_name: f.componentName ?? null,
      component_version: f.componentVersion ?? null,
      unique_id_from_tool: uid,
      hash_code: hash,
      static_finding: f.staticFinding ?? false,
      dynamic_finding: f.dynamicFinding ?? false,
      false_p: falseP,
      active: !falseP && (options.active ?? f.active ?? true),
      verified: options.verified ?? false,
      mitigation: f.mitigation ?? '',
      references: f.references ?? '',
      endpoints: f.endpoints ?? [],
      sla_expiration_date: sla(f.severity),
    });
  }
  return entries;
}

export async function applyFindings(tx: Executor, findings: ParsedFinding[], parser: ScanParser, options: ApplyOptions): Promise<Applied> {
  const slaDays = await slaDaysOfTest(tx, options.testId);
  const entries = entriesOf(findings, parser, options, (s) => slaExpirationDate(options.date, s, slaDays));
  const [row] = await tx.execute<Applied & Record<string, unknown>>(sql`
    with scan as (
      select * from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as s (
        idx int, title text, severity severity, description text, file_path text, line int, cwe int,
        vulnerability_ids text[],
        component_name text, component_version text, unique_id_from_tool text, hash_code text, static_finding boolean,
        dynamic_finding boolean, false_p boolean, active boolean, verified boolean, mitigation text, "references" text,
        endpoints text[], sla_expiration_date date)
    ),
    existing as (
      select id, active, false_p, unique_id_from_tool, hash_code from findings where test_id = ${options.testId}
    ),
    -- Two equi-joins (hash joins), not one join on "uid or hash", which would compare every pair.
    candidates as (
      select s.idx, e.id, e.active, e.false_p, true as by_uid
      from scan s join existing e on e.unique_id_from_tool = s.unique_id_from_tool
      union all
      select s.idx, e.id, e.active, e.false_p, false from scan s join existing e on e.hash_code = s.hash_code
    ),
    -- Each report entry's finding: the same tool id first, else the same hash code; an active one, else the newest.
    matches as (
      select distinct on (idx) idx, id, active, false_p, by_uid,
        ${!options.doNotReactivate} and not active and not false_p as reactivate
      from candidates order by idx, by_uid desc, active desc, id desc
    ),
    -- One update per matched row: reactivation, and the tool's new severity when it recognized the
    -- finding by its own id (a hash match already has the severity when the format hashes it), with
    -- the SLA due date recomputed from the day the finding was found.
    touched as (
      update findings f set
        active = f.active or m.reactivate,
        is_mitigated = f.is_mitigated and not m.reactivate,
        mitigated_at = case when m.reactivate then null else f.mitigated_at end,
        severity = case when m.by_uid then s.severity else f.severity end,
        sla_expiration_date = case when m.by_uid and f.severity <> s.severity
          then f.date + (${JSON.stringify(slaDays)}::jsonb ->> s.severity::text)::int else f.sla_expiration_date end
      from matches m join scan s on s.idx = m.idx
      where f.id = m.id and (m.reactivate or (m.by_uid and f.severity <> s.severity))
      returning f.id, m.reactivate
    ),
    reactivated as (select id from touched where reactivate),
    closed as (
      update findings set active = false, is_mitigated = true, mitigated_at = now()
      where ${options.closeOld} and test_id = ${options.testId} and active and id not in (select id from matches)
      returning id
    ),
    created as (
      insert into findings (test_id, title, severity, description, date, sla_expiration_date, reporter_id,
        active, verified,
        file_path, line, cwe, vulnerability_ids, component_name, component_version, unique_id_from_tool, hash_code,
        static_finding, dynamic_finding, false_p, mitigation, "references", endpoints)
      select ${options.testId}, s.title, s.severity, s.description, ${options.date}::date, s.sla_expiration_date,
        ${options.actorId}, s.active, s.verified, s.file_path, s.line, s.cwe, s.vulnerability_ids, s.component_name,
        s.component_version, s.unique_id_from_tool, s.hash_code, s.static_finding, s.dynamic_finding, s.false_p,
        s.mitigation, s."references", s.endpoints
      from scan s where s.idx not in (select idx from matches)
      order by s.idx
      returning id
    )
    select
      (select coalesce(array_agg(id order by id), '{}') from created) as created,
      (select coalesce(array_agg(id order by id), '{}') from reactivated) as reactivated,
      (select coalesce(array_agg(id order by id), '{}') from closed) as closed,
      (select coalesce(array_agg(distinct id order by id), '{}') from matches
        where id not in (select id from reactivated)) as untouched`);
  return { created: row!.created, reactivated: row!.reactivated, closed: row!.closed, untouched: row!.untouched };
}

/**
 * Import with close_old_findings: active findings of the engagement's other tests of the same scan
 * type that the new report does not contain (by hash code) are closed, as DefectDojo does.
 */
export async function closeOldInEngagement(tx: Executor, testId: number): Promise<number[]> {
  const rows = await tx.execute<{ id: number }>(sql`
    update findings f set active = false, is_mitigated = true, mitigated_at = now()
    from tests t, tests mine
    where mine.id = ${testId} and t.engagement_id = mine.engagement_id and lower(t.test_type) = lower(mine.test_type)
      and t.id <> mine.id and f.test_id = t.id and f.active
      and not exists (select 1 from findings n where n.test_id = ${testId} and n.hash_code = f.hash_code)
    returning f.id`);
  return rows.map((r) => r.id).sort((a, b) => a - b);
}
