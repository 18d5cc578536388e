'use client';
// The client cache of the signed-in pages (TanStack Query): the bell's count and list, the alerts page.

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

export function QueryProvider({ children }: { children: ReactNode }) {
  // One client per browser tab, made on first render (not at module scope: the server renders too).
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Live updates arrive by socket and a reconnect refetches, so cached data stays fresh a while.
          queries: { staleTime: 30_000, retry: 1 },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
