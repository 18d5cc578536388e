// `npm run bench -- <name>`: runs one benchmark in its own scratch database.
import { withScratchDatabase } from './scratch-database';

const BENCHES: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  fanout: () => import('./fanout'),
  delivery: () => import('./delivery'),
};

const name = process.argv[2];
const load = name ? BENCHES[name] : undefined;
if (!load) {
  console.error(`Usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>`);
  process.exit(2);
}
const bench = (await load()).default;
await withScratchDatabase(bench);
