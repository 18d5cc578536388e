// `npm run bench -- <name> [--smoke] [options]`: runs one benchmark of tests/bench and prints its
// figures. `--smoke` (every bench): a small, fast run for CI that fails when it cannot run or
// measures nothing (tests/bench/smoke.ts runs them all).
import { withScratchDatabase } from './scratch-database';

type Bench = { run(args: string[]): Promise<void> };

const BENCHES: Record<string, () => Promise<Bench>> = {
  fanout: async () => {
    const { default: fanout } = await import('./fanout');
    return { run: (args) => withScratchDatabase(() => fanout(args)) };
  },
  bell: () => import('./bell'),
  storm: async () => {
    const { default: storm } = await import('./storm');
    return { run: (args) => withScratchDatabase(() => storm(args)) };
  },
  plans: async () => {
    const { default: plans } = await import('./plans');
    return { run: (args) => withScratchDatabase(() => plans(args)) };
  },
  delivery: async () => {
    const { default: delivery } = await import('./delivery');
    return { run: (args) => withScratchDatabase(() => delivery(args)) };
  },
};

const [name, ...args] = process.argv.slice(2);
const load = name ? BENCHES[name] : undefined;
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]`);
  process.exit(2);
}
load()
  .then((bench) => bench.run(args))
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
