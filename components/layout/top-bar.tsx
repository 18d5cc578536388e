import Link from 'next/link';
import type { ReactNode } from 'react';
import { Icon } from '@/components/bell/event-icon';
import { NavLink } from './nav-link';
import { UserMenu } from './user-menu';

const LINKS = [
  { href: '/', label: 'Dashboard' },
  { href: '/product-types', label: 'Product types' },
  { href: '/products', label: 'Products' },
  { href: '/engagements', label: 'Engagements' },
  { href: '/tests', label: 'Tests' },
  { href: '/findings', label: 'Findings' },
];

/** The bar on every signed-in page; on narrow screens the navigation wraps onto its own scrolling row. */
export function TopBar({ displayName, isSuperuser, bell }: { displayName: string; isSuperuser: boolean; bell?: ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 px-4 py-2 md:h-14 md:flex-nowrap md:py-0">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <Icon name="bell" className="size-5 text-indigo-600" /> Tocsin
        </Link>
        <nav
          aria-label="Main"
          className="order-last -mx-1 flex w-full items-center gap-1 overflow-x-auto py-1 text-sm text-slate-600 md:order-none md:mx-0 md:w-auto"
        >
          {LINKS.map((link) => (
            <NavLink key={link.href} href={link.href}>
              {link.label}
            </NavLink>
          ))}
          {isSuperuser && <NavLink href="/admin">Admin</NavLink>}
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <div data-slot="bell">{bell}</div>
          <UserMenu displayName={displayName} />
        </div>
      </div>
    </header>
  );
}
