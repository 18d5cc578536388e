import type { ReactNode } from 'react';
import { Bell } from '@/components/bell/bell';
import { TopBar } from '@/components/layout/top-bar';
import { QueryProvider } from '@/components/query-provider';
import { requireUser } from '@/lib/session/current-user';
import { config } from '@/lib/config';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const displayName = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
  // Where the browser finds the realtime sidecar, read per request: a new port or URL needs no rebuild.
  const cfg = config();
  const realtime = { url: cfg.REALTIME_PUBLIC_URL ?? cfg.NEXT_PUBLIC_REALTIME_URL ?? null, port: cfg.REALTIME_PORT };
  return (
    <QueryProvider>
      <TopBar displayName={displayName} isSuperuser={user.isSuperuser} bell={<Bell realtime={realtime} />} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none">
        {children}
      </main>
    </QueryProvider>
  );
}
