import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { StyleNonce } from '@/components/security/style-nonce';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tocsin', template: '%s · Tocsin' },
  description: 'Notifications for application-security teams',
  // public/icon.svg: the bell on the brand's indigo, and its PNGs (scripts/render-icons.mjs), served
  // without a session like the manifest (see proxy.ts).
  icons: {
    icon: [
      { url: '/icon.svg', type: 'image/svg+xml' },
      { url: '/icons/icon-192.png', type: 'image/png', sizes: '192x192' },
    ],
    apple: { url: '/icons/apple-touch-icon.png', sizes: '180x180' },
  },
  manifest: '/manifest.webmanifest',
};

const SKIP_LINK =
  'sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow ' +
  'focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50';

// Reading the request makes every page dynamic, as a per-response CSP nonce needs (proxy.ts).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get('x-nonce');
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <StyleNonce nonce={nonce} />
        {/* The first thing Tab reaches on every page; every page's <main> is #main. */}
        <a href="#main" className={SKIP_LINK}>
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
