import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { StyleNonce } from '@/components/security/style-nonce';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tocsin', template: '%s · Tocsin' },
  description: 'Notifications for application-security teams',
};

// Reading the request makes every page dynamic, as a per-response CSP nonce needs (proxy.ts).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get('x-nonce');
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <StyleNonce nonce={nonce} />
        {children}
      </body>
    </html>
  );
}
