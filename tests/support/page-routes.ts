// Every page of the app, as URLs a browser can visit: each app/**/page.tsx with route groups dropped
// and dynamic segments filled (by default with 1, or by the caller with a real id per resource).
import fs from 'node:fs';
import path from 'node:path';

/** The route pattern of each page.tsx under `appDir`, e.g. `/products/[id]/settings`. */
export function listPagePatterns(appDir = path.resolve('app')): string[] {
  return fs
    .readdirSync(appDir, { recursive: true })
    .map(String)
    .filter((file) => path.basename(file) === 'page.tsx')
    .map(
      (file) =>
        '/' +
        path
          .dirname(file)
          .split(path.sep)
          .filter((segment) => segment !== '.' && !/^\(.*\)$/.test(segment))
          .join('/'),
    )
    .map((route) => route.replace(/\/$/, '') || '/')
    .sort();
}

/** A pattern with each `[segment]` replaced by `idFor(the segment before it)`, e.g. `products` → `3`. */
export function fillRoute(pattern: string, idFor: (resource: string) => string | number): string {
  const segments = pattern.split('/');
  return segments.map((segment, i) => (/^\[.*\]$/.test(segment) ? String(idFor(segments[i - 1] ?? '')) : segment)).join('/');
}
