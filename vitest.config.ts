import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };
const serverOnly = { 'server-only': path.resolve(import.meta.dirname, 'tests/support/server-only.ts') };

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        resolve: { alias: { ...alias, ...serverOnly } },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: ['tests/support/per-file-database.ts', 'tests/support/end-child-groups.ts'],
          testTimeout: 30_000,
          // Longer than startApp's 90 s wait for the launcher, so a slow start fails inside the hook.
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // A page reacts within a second on an idle machine; leave room for a loaded one.
          expect: { poll: { timeout: 15_000 } },
          globalSetup: ['tests/support/global-setup.ts'],
          setupFiles: ['tests/support/end-child-groups.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
