// `npm run bench:smoke` (part of `npm test`): every benchmark of run.ts in its `--smoke` mode, one
// after the other, each in its own process and scratch database. Exits non-zero when one fails: a
// benchmark that cannot run, or measures nothing, fails the build instead of rotting.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Keep in step with run.ts's BENCHES. */
const BENCHES = ['fanout', 'bell', 'delivery', 'storm', 'plans'];
/** A smoke run that takes longer than this is a bug of its own (the budget for all is about a minute). */
const TIMEOUT_MS = 120_000;

const only = process.argv.slice(2);
const failed: string[] = [];
for (const name of only.length > 0 ? only : BENCHES) {
  const started = performance.now();
  console.log(`\n=== bench ${name} --smoke`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('tests/bench/run.ts'), name, '--smoke'], {
    stdio: 'inherit',
    timeout: TIMEOUT_MS,
    env: process.env,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (run.status === 0) console.log(`=== bench ${name} --smoke: ok (${seconds} s)`);
  else {
    console.log(`=== bench ${name} --smoke: FAILED (${run.signal ? `killed by ${run.signal}` : `exit ${run.status}`}, ${seconds} s)`);
    failed.push(name);
  }
}
if (failed.length > 0) {
  console.error(`\nbench smoke failed: ${failed.join(', ')}`);
  process.exit(1);
}
