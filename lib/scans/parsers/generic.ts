// DefectDojo's Generic Findings Import: its JSON (`{"findings": [...]}`) and its CSV (Date, Title,
// CweId, Url, Severity, Description, Mitigation, Impact, References, Active, Verified, …).
import { parse as parseCsv } from 'csv-parse/sync';
import { SEVERITIES, type Severity } from '../../db/schema/enums';
import { int, isObject, list, readJson, str, strings, type Json } from '../json-report';
import { ReportError, type ParsedFinding, type ScanParser } from '../parser';
import { cweNumber } from '../severity';

const WHAT = 'Generic Findings Import file';

export const genericParser: ScanParser = {
  scanType: 'Generic Findings Import',
  hashFields: ['title', 'cwe', 'line', 'filePath', 'description'],
  parse(report, fileName) {
    const head = report
      .toString('utf8', 0, Math.min(report.length, 64))
      .replace(/^\uFEFF/, '')
      .trimStart();
    const isJson = fileName ? /\.json$/i.test(fileName) || (!/\.csv$/i.test(fileName) && head.startsWith('{')) : head.startsWith('{');
    return isJson ? fromJson(report) : fromCsv(report);
  },
};

function fromJson(report: Buffer): ParsedFinding[] {
  const data = readJson(report, WHAT);
  if (!isObject(data) || !('findings' in data)) throw new ReportError(`not a ${WHAT}: findings is missing`);
  if (!Array.isArray(data.findings)) throw new ReportError(`not a ${WHAT}: findings is not a list`);
  return data.findings.map((f, i) => {
    if (!isObject(f)) throw new ReportError(`not a ${WHAT}: finding ${i + 1} is not an object`);
    return jsonFinding(f, i + 1);
  });
}

function jsonFinding(f: Json, n: number): ParsedFinding {
  const title = str(f.title);
  if (!title) throw new ReportError(`finding ${n}: title is missing`);
  const ids = [...list(f.vulnerability_ids).map((v) => (isObject(v) ? str(v.vulnerability_id) : str(v))), str(f.cve)].filter(
    (v): v is string => v !== null,
  );
  const falseP = f.false_p === true;
  return {
    title,
    severity: severityOf(f.severity, n),
    description: str(f.description) ?? '',
    filePath: str(f.file_path),
    line: int(f.line),
    cwe: cweNumber(f.cwe),
    vulnerabilityIds: [...new Set(ids)],
    componentName: str(f.component_name),
    componentVersion: str(f.component_version),
    uniqueIdFromTool: str(f.unique_id_from_tool),
    staticFinding: f.static_finding === true,
    dynamicFinding: f.dynamic_finding === true,
    falseP,
    active: f.active === false || falseP ? false : true,
    mitigation: str(f.mitigation) ?? '',
    references: str(f.references) ?? '',
    endpoints: list(f.endpoints)
      .map(endpointOf)
      .filter((e): e is string => e !== null),
  };
}

function endpointOf(value: unknown): string | null {
  if (typeof value === 'string') return value || null;
  if (!isObject(value)) return null;
  const host = str(value.host);
  if (!host) return null;
  const protocol = str(value.protocol) ?? 'https';
  const port = value.port ? `:${String(value.port)}` : '';
  const path = str(value.path) ?? '';
  return `${protocol}://${host}${port}${path && !path.startsWith('/') ? '/' : ''}${path}`;
}

function fromCsv(report: Buffer): ParsedFinding[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(report, { columns: true, skip_empty_lines: true, bom: true, trim: true, relax_column_count: true });
  } catch (error) {
    throw new ReportError(`not a ${WHAT}: the CSV is malformed (${(error as Error).message})`);
  }
  if (rows.length > 0 && !('Title' in rows[0]!)) throw new ReportError(`not a ${WHAT}: the CSV has no Title column`);
  return rows.map((row, i) => {
    const n = i + 1;
    const title = row.Title?.trim();
    if (!title) throw new ReportError(`row ${n}: Title is empty`);
    const yes = (v: string | undefined) => /^(true|yes|1)$/i.test(v ?? '');
    const falseP = yes(row.FalsePositive);
    const url = row.Url?.trim();
    const cve = row.CVE?.trim() || row.Vulnerability?.trim();
    return {
      title,
      severity: severityOf(row.Severity, n, 'row'),
      description: row.Description ?? '',
      cwe: cweNumber(row.CweId),
      vulnerabilityIds: cve ? strings(cve.split(/[\s,]+/)) : [],
      filePath: row.FilePath?.trim() || null,
      line: Number.isInteger(Number(row.Line)) && Number(row.Line) > 0 ? Number(row.Line) : null,
      falseP,
      active: row.Active === undefined || row.Active === '' ? !falseP : yes(row.Active) && !falseP,
      mitigation: row.Mitigation ?? '',
      references: row.References ?? '',
      endpoints: url ? [url] : [],
    };
  });
}

/** Missing → Info, as DefectDojo's UI defaults; a word that is no severity is an error, not a guess. */
function severityOf(value: unknown, n: number, what = 'finding'): Severity {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return 'Info';
  const word = String(value).trim().toLowerCase();
  const found = SEVERITIES.find((s) => s.toLowerCase() === word) ?? (word === 'informational' ? 'Info' : undefined);
  if (!found) throw new ReportError(`${what} ${n}: severity '${String(value)}' is not one of ${SEVERITIES.join(', ')}`);
  return found;
}
