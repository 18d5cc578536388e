import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The allowed directions of imports (README, "Code map"). A specifier is matched whether written
// `@/lib/…` or relative (`../…`); lib/ has no folder named like app/ or components/, so `../app`
// from inside lib/ can only mean the top-level one. Folder cycles in lib/ are refused by
// scripts/check-folder-cycles.mjs (run by `npm run lint`).
const up = String.raw`^(@/|(\.\./)+)`;
const notAppOrComponents = {
  regex: `${up}(app|components)(/|$)`,
  message: 'lib/ never imports app/ or components/: pass the data in instead.',
};
const noNext = { group: ['next', 'next/*'], message: 'The worker and the sidecar run without Next.js: no import of next.' };

/** `no-restricted-imports` for the files matched, with the patterns given (type-only imports may be allowed). */
const restrict = (files, patterns, allowTypeImports = false) => ({
  files,
  rules: {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports })) }],
  },
});

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  restrict(['lib/**/*.{ts,tsx}'], [notAppOrComponents]),
  restrict(
    ['lib/domain/**/*.{ts,tsx}'],
    [
      notAppOrComponents,
      {
        regex: `${up}(lib/)?(delivery|realtime|worker|session|api)(/|$)`,
        message: 'lib/domain is called by the processes, never the other way: no import of delivery, realtime, worker, session or api.',
      },
    ],
  ),
  restrict(
    ['lib/worker/**/*.{ts,tsx}', 'lib/realtime/**/*.{ts,tsx}'],
    [
      notAppOrComponents,
      noNext,
      {
        regex: `${up}(lib/)?session(/|$)`,
        message: 'lib/session is the web process’s signed-in user (Next.js): not for the worker or the sidecar.',
      },
    ],
  ),
  restrict(
    ['lib/core/**/*.{ts,tsx}'],
    [{ regex: String.raw`^(@/|\.\./)`, message: 'lib/core is the bottom of the graph: it imports nothing else of the app.' }],
  ),
  restrict(
    ['components/**/*.{ts,tsx}'],
    [
      {
        regex: `${up}lib/db/(?!schema/enums$)`,
        message: 'Components get their data from lib/ functions that take the actor, never from the database (types are fine).',
      },
    ],
    true,
  ),
  globalIgnores(['.next/**', '.data/**', 'drizzle/**', 'next-env.d.ts', 'node_modules/**', 'dist/**']),
]);
