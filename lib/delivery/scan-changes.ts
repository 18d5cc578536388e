// What a scan import changed, for the channels: read from the import's row by event id, once per
// batch, links made absolute. Slack, Teams and email show it instead of the plain description;
// webhooks send the statistics and the finding ids.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { countLine, findingLine, OUTCOME_LABELS, OUTCOMES, type Outcome, type ScanChanges } from '../scans/changes';
import type { ImportStatistics } from '../scans/statistics';
import type { DeliveryEvent } from './types';

export interface ScanMessage {
  statistics: ImportStatistics;
  changes: ScanChanges;
}

/** The event's import, by event id: only scan events have one. */
export async function loadScanMessages(db: Executor, eventIds: number[]): Promise<Map<number, ScanMessage>> {
  const ids = [...new Set(eventIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.execute<{ event_id: number; statistics: ImportStatistics; changes: ScanChanges }>(sql`
    select event_id, statistics, changes from scan_imports where event_id = any(${`{${ids.join(',')}}`}::bigint[])`);
  return new Map(rows.map((r) => [Number(r.event_id), { statistics: r.statistics, changes: r.changes }]));
}

/** The same import with absolute finding links (the engine stores them relative to the app). */
export function withAbsoluteLinks(scan: ScanMessage, appUrl: string): ScanMessage {
  const changes = Object.fromEntries(
    OUTCOMES.map((o) => [
      o,
      {
        ...scan.changes[o],
        first: scan.changes[o].first.map((f) => ({ ...f, url: new URL(f.url, `${appUrl}/`).href })),
      },
    ]),
  ) as ScanChanges;
  return { ...scan, changes };
}

export interface ScanList {
  outcome: Outcome;
  label: string;
  findings: { line: string; url: string }[];
  more: number;
}

/** "New: 2 (1 Critical, 1 High) · Reactivated: 0 · …" */
export function scanCountsLine(scan: ScanMessage): string {
  return OUTCOMES.map((o) => `${OUTCOME_LABELS[o]}: ${countLine(scan.changes[o])}`).join(' · ');
}

/** The first findings of the new, reactivated and closed lists, as `Severity: title — location`. */
export function scanLists(scan: ScanMessage): ScanList[] {
  return (['created', 'reactivated', 'closed'] as const)
    .map((outcome) => {
      const o = scan.changes[outcome];
      return {
        outcome,
        label: OUTCOME_LABELS[outcome],
        findings: o.first.map((f) => ({ line: findingLine(f), url: f.url })),
        more: Math.max(0, o.count - o.first.length),
      };
    })
    .filter((l) => l.findings.length > 0);
}

/** The webhook payload's additions for scan events: DefectDojo's statistics and the ids of what changed. */
export function scanWebhookFields(event: DeliveryEvent) {
  if (!event.scan) return {};
  const { changes, statistics } = event.scan;
  return {
    statistics,
    finding_ids: { created: changes.created.ids, reactivated: changes.reactivated.ids, closed: changes.closed.ids },
  };
}
