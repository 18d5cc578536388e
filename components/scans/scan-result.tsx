// The answer of an import: what changed by severity (DefectDojo's statistics) and links to the first
// new, reactivated and closed findings.
import Link from 'next/link';
import { LINK } from '@/components/ui/styles';

interface Counts {
  active: number;
  verified: number;
  false_p: number;
  is_mitigated: number;
  total: number;
}
type BySeverity = Record<'info' | 'low' | 'medium' | 'high' | 'critical' | 'total', Counts>;
interface Outcome {
  count: number;
  first: { id: number; title: string; severity: string; location: string | null; url: string }[];
}

export interface ScanAnswer {
  test: number;
  statistics: {
    after: BySeverity;
    before?: BySeverity;
    delta?: Record<'created' | 'closed' | 'reactivated' | 'untouched', BySeverity>;
  };
  changes: Record<'created' | 'reactivated' | 'closed' | 'untouched', Outcome>;
}

const KEYS = ['critical', 'high', 'medium', 'low', 'info', 'total'] as const;
const LABEL: Record<(typeof KEYS)[number], string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
  total: 'Total',
};
const OUTCOMES = [
  ['created', 'New'],
  ['reactivated', 'Reactivated'],
  ['closed', 'Closed'],
  ['untouched', 'Untouched'],
] as const;

export function ScanResult({ answer }: { answer: ScanAnswer }) {
  const { delta, after } = answer.statistics;
  // An import has no delta: everything in it is new.
  const rows = OUTCOMES.map(([key, label]) => ({
    label,
    values: KEYS.map((k) => (delta ? delta[key][k].total : key === 'created' ? after[k].total : 0)),
  }));
  return (
    <section
      aria-labelledby="scan-result-heading"
      data-testid="scan-result"
      className="rounded-lg border border-green-200 bg-white p-4 shadow-sm sm:p-5"
    >
      <h2 id="scan-result-heading" role="status" className="text-lg font-semibold">
        Imported
      </h2>
      <div className="mt-3 overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Findings by outcome and severity</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-3 text-left">
                Findings
              </th>
              {KEYS.map((k) => (
                <th key={k} scope="col" className="px-2 py-1 text-right">
                  {LABEL[k]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-3 text-left font-medium">
                  {r.label}
                </th>
                {r.values.map((v, i) => (
                  <td key={KEYS[i]} className="px-2 py-1 text-right tabular-nums">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(['created', 'reactivated', 'closed'] as const)
        .filter((o) => answer.changes[o].first.length > 0)
        .map((o) => (
          <div key={o} className="mt-4">
            <h3 className="text-sm font-semibold">{OUTCOMES.find(([k]) => k === o)![1]} findings</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {answer.changes[o].first.map((f) => (
                <li key={f.id} className="break-words">
                  <Link href={f.url} className={LINK}>
                    {f.title}
                  </Link>{' '}
                  <span className="text-slate-600">
                    ({f.severity}
                    {f.location ? `, ${f.location}` : ''})
                  </span>
                </li>
              ))}
              {answer.changes[o].count > answer.changes[o].first.length && (
                <li className="text-slate-600">and {answer.changes[o].count - answer.changes[o].first.length} more</li>
              )}
            </ul>
          </div>
        ))}
    </section>
  );
}
