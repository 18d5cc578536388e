import Link from 'next/link';
import type { ReactNode } from 'react';
import { BUTTON, type ButtonKind } from './styles';

export function LinkButton({ href, children, kind = 'secondary' }: { href: string; children: ReactNode; kind?: ButtonKind }) {
  return (
    <Link href={href} className={BUTTON[kind]}>
      {children}
    </Link>
  );
}
