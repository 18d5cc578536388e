// The launcher runs each process from its TypeScript source in development and the build compiles
// the same list: after a move (the worker left lib/delivery), a stale path fails here, not at a new
// user's first `npm run dev`. Every lib/ or scripts/ path the npm scripts name must exist too.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import entries from '@/lib/launcher/process-entries.json';

describe('process entries', () => {
  it('name the launcher, web, sidecar and worker, and each source exists', () => {
    expect(Object.keys(entries).sort()).toEqual(['launcher', 'realtime', 'web', 'worker']);
    for (const source of Object.values(entries)) expect(fs.existsSync(source), source).toBe(true);
  });

  it('the build compiles that list, and every source path in package.json scripts exists', () => {
    expect(fs.readFileSync('scripts/build-processes.mjs', 'utf8')).toContain("from '../lib/launcher/process-entries.json'");
    const scripts = Object.values(JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts as Record<string, string>);
    const paths = scripts.flatMap((s) => s.match(/(?:lib|scripts|tests)\/[\w./-]+\.(?:ts|mjs)/g) ?? []);
    expect(paths.length).toBeGreaterThan(3);
    for (const p of paths) expect(fs.existsSync(p), p).toBe(true);
  });
});
