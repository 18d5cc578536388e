import type { ReactNode } from 'react';
import { TopBar } from '@/components/layout/top-bar';
import { requireUser } from '@/lib/auth/session';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const displayName = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
  return (
    <>
      <TopBar displayName={displayName} isSuperuser={user.isSuperuser} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
