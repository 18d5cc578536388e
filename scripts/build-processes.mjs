// `npm run build` (after `next build`): compiles the entry points (launcher, the web server
// around Next.js, realtime sidecar, worker) to dist/ with esbuild, so `npm start` runs on plain Node without tsx or
// any other devDependency (`npm ci --omit=dev` / `npm prune --omit=dev`). Packages stay external:
// they are resolved from node_modules at run time, as under tsx.
import { build } from 'esbuild';
// The same sources the launcher runs under tsx in development: one list, so neither can go stale.
import entries from '../lib/launcher/process-entries.json' with { type: 'json' };

await build({
  entryPoints: entries,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20.9',
  jsx: 'automatic',
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`compiled ${Object.keys(entries).join(', ')} to dist/`);
