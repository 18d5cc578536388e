// `npm run bench -- <name> [options]`: runs one benchmark of tests/bench and prints its figures.
// Run with the react-server condition (see the npm script): benches call server-only modules.
export {};

const BENCHES: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  bell: () => import('./bell'),
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
