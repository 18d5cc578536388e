import type { ReactNode } from 'react';
import { EmptyState } from './empty-state';

/** For a page about an object the user can see but may not change. */
export function NotAllowed({ children }: { children?: ReactNode }) {
  return (
    <EmptyState title="Not allowed" testId="not-allowed">
      {children ?? 'You can see this, but your role does not let you change it.'}
    </EmptyState>
  );
}
