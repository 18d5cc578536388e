import type { Severity } from '@/lib/db/schema/enums';

const STYLES: Record<Severity, string> = {
  Critical: 'bg-red-600 text-white',
  High: 'bg-orange-700 text-white',
  Medium: 'bg-amber-300 text-amber-950',
  Low: 'bg-sky-200 text-sky-900',
  Info: 'bg-slate-200 text-slate-700',
};

export function SeverityCount({ severity, count }: { severity: Severity; count: number }) {
  return (
    <span
      title={`${count} open ${severity}`}
      className={`inline-flex min-w-16 items-center justify-between gap-1 rounded px-2 py-0.5 text-xs font-medium ${count ? STYLES[severity] : 'bg-slate-100 text-slate-600'}`}
    >
      <span>{severity}</span>
      <span>{count}</span>
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`inline-flex rounded px-2 py-0.5 text-xs font-medium ${STYLES[severity]}`}>{severity}</span>;
}
