import type { ReactNode } from 'react';

/**
 * A list of rows that scrolls sideways on narrow screens instead of overflowing the page. An empty
 * heading (a column of buttons) is named "Actions" for screen readers.
 */
export function Table({ head, children, label }: { head: string[]; children: ReactNode; label: string }) {
  return (
    // relative: the box is the containing block of what it holds (sr-only text too), so nothing escapes its scroll.
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            {head.map((h, i) => (
              <th key={`${i}-${h}`} scope="col" className="px-4 py-2 whitespace-nowrap">
                {h || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

export function Cell({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <td className={`px-4 py-2 align-top ${className}`}>{children}</td>;
}
