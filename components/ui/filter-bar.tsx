import Link from 'next/link';
import type { ReactNode } from 'react';
import { BUTTON, CONTROL } from './styles';

/** A GET form above a list: its choices become the query string, so filtered lists can be linked. */
export function FilterBar({ path, children }: { path: string; children: ReactNode }) {
  return (
    <form
      method="get"
      action={path}
      role="search"
      aria-label="Filters"
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      {children}
      <div className="flex gap-2">
        <button type="submit" className={BUTTON.secondary}>
          Filter
        </button>
        <Link href={path} className={`${BUTTON.secondary} border-transparent`}>
          Clear
        </Link>
      </div>
    </form>
  );
}

export function FilterSelect({
  name,
  label,
  value,
  options,
  allLabel = 'All',
}: {
  name: string;
  label: string;
  value: string | number | boolean | undefined;
  options: { value: string | number; label: string }[];
  allLabel?: string;
}) {
  return (
    <label className="block min-w-36 flex-1 text-xs font-medium text-slate-600 sm:flex-none">
      {label}
      <select name={name} defaultValue={value === undefined ? '' : String(value)} className={`mt-1 ${CONTROL}`}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
