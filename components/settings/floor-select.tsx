// The severity floor of one channel column: "Email: High and above". A native select, so keyboard
// and screen readers work as everywhere; the matrix saves the choice at once.
import { SEVERITIES } from '@/lib/db/schema/enums';

export function FloorSelect({
  channel,
  label,
  value,
  disabled,
  onChange,
}: {
  channel: string;
  label: string;
  value: string | undefined;
  disabled?: boolean;
  onChange: (severity: string | null) => void;
}) {
  return (
    <select
      aria-label={`${label}: minimum severity`}
      data-testid={`floor-${channel}`}
      disabled={disabled}
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value || null)}
      className="mt-1 block max-w-40 rounded border border-slate-300 bg-white px-1 py-0.5 text-xs font-normal disabled:opacity-50"
    >
      <option value="">Any severity</option>
      {SEVERITIES.slice(0, -1).map((severity) => (
        <option key={severity} value={severity}>
          {severity === 'Critical' ? 'Critical only' : `${severity} and above`}
        </option>
      ))}
    </select>
  );
}
