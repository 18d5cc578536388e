// `npm run lint` (after eslint): fails when the folders of lib/ import each other in a circle.
// Each folder directly under lib/ is one node (a file directly under lib/ is its own node); an
// import of any kind (type-only included) from a file in one folder to a file in another is an
// edge. Every strongly connected set of more than one folder is printed with the imports that
// close it, so the cycle can be cut where it is read.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? '.');
const lib = path.join(root, 'lib');
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(?\s*['"]([^'"]+)['"]/g;

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The lib/ node a file belongs to, or null outside lib/. */
function nodeOf(file) {
  const relative = path.relative(lib, file);
  if (relative.startsWith('..')) return null;
  const [first, ...rest] = relative.split(path.sep);
  return rest.length ? first : first.replace(/\.(ts|tsx|mts|mjs)$/, '');
}

function target(file, specifier) {
  if (specifier.startsWith('@/')) return path.join(root, specifier.slice(2));
  if (specifier.startsWith('.')) return path.resolve(path.dirname(file), specifier);
  return null; // a package
}

const edges = new Map(); // from → Map(to → example "file → specifier")
for (const file of sourceFiles(lib)) {
  const from = nodeOf(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const match of text.matchAll(IMPORT)) {
    const resolved = target(file, match[1] ?? match[2]);
    const to = resolved && nodeOf(resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${path.relative(root, file)} → ${match[1] ?? match[2]}`);
  }
}

// Tarjan's strongly connected components.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
let counter = 0;
function visit(node) {
  index.set(node, counter);
  low.set(node, counter++);
  stack.push(node);
  onStack.add(node);
  for (const next of edges.get(node)?.keys() ?? []) {
    if (!index.has(next)) {
      visit(next);
      low.set(node, Math.min(low.get(node), low.get(next)));
    } else if (onStack.has(next)) low.set(node, Math.min(low.get(node), index.get(next)));
  }
  if (low.get(node) === index.get(node)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const node of edges.keys()) if (!index.has(node)) visit(node);

if (components.length === 0) {
  console.log('lib/: no folder-level import cycles');
} else {
  for (const component of components) {
    console.error(`lib/ folders in a cycle: ${component.join(', ')}`);
    for (const from of component) {
      for (const [to, example] of edges.get(from) ?? []) {
        if (component.includes(to)) console.error(`  ${from} → ${to}   (${example})`);
      }
    }
  }
  process.exitCode = 1;
}
