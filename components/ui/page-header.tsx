import Link from 'next/link';
import type { ReactNode } from 'react';

export interface Crumb {
  href: string;
  label: string;
}

/** A page's title, the trail of parents above it, and its actions (only those the user may take). */
export function PageHeader({
  title,
  crumbs = [],
  actions,
  subtitle,
}: {
  title: string;
  crumbs?: Crumb[];
  actions?: ReactNode;
  subtitle?: ReactNode;
}) {
  return (
    <header className="mb-6">
      {crumbs.length > 0 && (
        <nav aria-label="Breadcrumb" className="mb-1 flex flex-wrap items-center gap-1 text-sm text-slate-500">
          {crumbs.map((crumb) => (
            <span key={crumb.href} className="flex items-center gap-1">
              <Link href={crumb.href} className="hover:text-slate-800 hover:underline">
                {crumb.label}
              </Link>
              <span aria-hidden>/</span>
            </span>
          ))}
        </nav>
      )}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold break-words">{title}</h1>
          {subtitle && <div className="mt-1 text-sm text-slate-500">{subtitle}</div>}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
    </header>
  );
}
