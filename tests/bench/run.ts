// `npm run bench -- <name> [options]`: runs one benchmark of tests/bench and prints its figures.
import { withScratchDatabase } from './scratch-database';

type Bench = { run(args: string[]): Promise<void> };

const BENCHES: Record<string, () => Promise<Bench>> = {
  fanout: async () => {
    const { default: fanout } = await import('./fanout');
    return { run: () => withScratchDatabase(fanout) };
  },
  bell: () => import('./bell'),
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
