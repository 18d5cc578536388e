// What an import changed, as the scan_added messages tell it: per outcome (new, reactivated,
// closed, untouched) the count by severity, the first findings (title, severity, location, link)
// and, for webhooks, every id.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { SEVERITIES, type Severity } from '../db/schema/enums';
import type { Applied } from './apply';
import { highestSeverity } from './severity';

export const FIRST_FINDINGS = 5;
export const OUTCOMES = ['created', 'reactivated', 'closed', 'untouched'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ChangedFinding {
  id: number;
  title: string;
  severity: Severity;
  /** `file:line`, the first URL, or `component version`; null when the report gave none. */
  location: string | null;
  /** Relative link into Tocsin. */
  url: string;
}

export interface OutcomeChanges {
  count: number;
  bySeverity: Partial<Record<Severity, number>>;
  first: ChangedFinding[];
  /** Every id, except for untouched findings (there may be thousands and nothing happened to them). */
  ids: number[];
}

export type ScanChanges = Record<Outcome, OutcomeChanges>;

export const OUTCOME_LABELS: Record<Outcome, string> = {
  created: 'New',
  reactivated: 'Reactivated',
  closed: 'Closed',
  untouched: 'Untouched',
};

interface Row {
  id: number;
  title: string;
  severity: Severity;
  file_path: string | null;
  line: number | null;
  endpoint: string | null;
  component_name: string | null;
  component_version: string | null;
}

export function locationOf(row: Pick<Row, 'file_path' | 'line' | 'endpoint' | 'component_name' | 'component_version'>): string | null {
  if (row.file_path) return row.line ? `${row.file_path}:${row.line}` : row.file_path;
  if (row.endpoint) return row.endpoint;
  if (row.component_name) return [row.component_name, row.component_version].filter(Boolean).join(' ');
  return null;
}

async function outcome(db: Executor, ids: number[], keepIds: boolean): Promise<OutcomeChanges> {
  if (ids.length === 0) return { count: 0, bySeverity: {}, first: [], ids: [] };
  const list = `{${ids.join(',')}}`;
  const counts = await db.execute<{ severity: Severity; n: number }>(sql`
    select severity, count(*)::int as n from findings where id = any(${list}::int[]) group by severity`);
  const rows = await db.execute<Row & Record<string, unknown>>(sql`
    select id, title, severity, file_path, line, endpoints[1] as endpoint, component_name, component_version
    from findings where id = any(${list}::int[]) order by severity, id limit ${FIRST_FINDINGS}`);
  const bySeverity: Partial<Record<Severity, number>> = {};
  for (const s of SEVERITIES) {
    const n = counts.find((c) => c.severity === s)?.n;
    if (n) bySeverity[s] = n;
  }
  return {
    count: ids.length,
    bySeverity,
    first: rows.map((r) => ({
      id: r.id,
      title: r.title,
      severity: r.severity,
      location: locationOf(r),
      url: `/findings/${r.id}`,
    })),
    ids: keepIds ? ids : [],
  };
}

export async function scanChanges(db: Executor, applied: Applied): Promise<ScanChanges> {
  return {
    created: await outcome(db, applied.created, true),
    reactivated: await outcome(db, applied.reactivated, true),
    closed: await outcome(db, applied.closed, true),
    untouched: await outcome(db, applied.untouched, false),
  };
}

/** The event's severity: the highest among new and reactivated findings (null when there are none). */
export function scanSeverity(changes: ScanChanges): Severity | null {
  const present = (o: OutcomeChanges) => SEVERITIES.filter((s) => (o.bySeverity[s] ?? 0) > 0);
  return highestSeverity([...present(changes.created), ...present(changes.reactivated)]);
}

/** "2 (1 Critical, 1 High)" */
export function countLine(o: OutcomeChanges): string {
  const parts = SEVERITIES.filter((s) => o.bySeverity[s]).map((s) => `${o.bySeverity[s]} ${s}`);
  return parts.length ? `${o.count} (${parts.join(', ')})` : String(o.count);
}

/** "Critical: SQL injection — src/app.js:42" */
export function findingLine(f: ChangedFinding): string {
  return `${f.severity}: ${f.title}${f.location ? ` — ${f.location}` : ''}`;
}

/** The plain-text summary the bell and every channel's fallback show. */
export function changesText(changes: ScanChanges): string {
  const lines = [OUTCOMES.map((o) => `${OUTCOME_LABELS[o]}: ${countLine(changes[o])}`).join(' · ')];
  for (const o of ['created', 'reactivated', 'closed'] as const) {
    const { first, count } = changes[o];
    if (first.length === 0) continue;
    lines.push('', `${OUTCOME_LABELS[o]}:`, ...first.map((f) => `• ${findingLine(f)}`));
    if (count > first.length) lines.push(`• and ${count - first.length} more`);
  }
  return lines.join('\n');
}
