import Link from 'next/link';
import type { ReactNode } from 'react';
import { UserMenu } from './user-menu';

export function TopBar({ displayName, isSuperuser, bell }: { displayName: string; isSuperuser: boolean; bell?: ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <span aria-hidden>🔔</span> Tocsin
        </Link>
        <nav aria-label="Main" className="flex items-center gap-3 text-sm text-slate-600">
          <Link href="/" className="hover:text-slate-900">Dashboard</Link>
          {isSuperuser && <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">admin</span>}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <div data-slot="bell">{bell}</div>
          <UserMenu displayName={displayName} />
        </div>
      </div>
    </header>
  );
}
