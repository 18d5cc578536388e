import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { NavLink } from '@/components/layout/nav-link';
import { requireUser } from '@/lib/session/current-user';

/**
 * The admin navigation, for superusers; anyone else gets the 404 page. Not the authorization: Next.js
 * renders the page beside its layout, so every admin page's data functions refuse non-superusers themselves.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  if (!user.isSuperuser) notFound();
  return (
    <>
      <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-1 border-b border-slate-200 pb-2 text-sm text-slate-600">
        <NavLink href="/admin/users">Users</NavLink>
        <NavLink href="/admin/groups">Groups</NavLink>
        <NavLink href="/admin/notifications">Notifications</NavLink>
        <NavLink href="/admin/deliveries">Deliveries</NavLink>
        <NavLink href="/admin/outbox">Outbox</NavLink>
        <NavLink href="/admin/schedules">Schedules</NavLink>
        <NavLink href="/admin/integrations">Integrations</NavLink>
        <NavLink href="/admin/audit">Audit log</NavLink>
      </nav>
      {children}
    </>
  );
}
