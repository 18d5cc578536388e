// Links that lead into this app (redirects after sign-in, event links): parsed as a browser would parse
// them, never prefix-checked. Pure: used by server code, the worker and client components alike.

// Control characters, whitespace (browsers drop TAB and newlines from URLs, so "/\t/evil" becomes
// "//evil"), DEL, C1 controls, and the Unicode spaces and line and paragraph separators.
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/;
const PLACEHOLDER_ORIGIN = 'http://tocsin.invalid';

/**
 * The path + search + hash of `value` when it names a page of the app at `appOrigin` (a relative path or
 * an absolute URL of that origin), or null: another origin, another scheme, control characters or whitespace.
 */
export function appPath(value: string | undefined | null, appOrigin: string = PLACEHOLDER_ORIGIN): string | null {
  if (!value || UNSAFE.test(value)) return null;
  let base: URL;
  let target: URL;
  try {
    base = new URL(appOrigin);
    target = new URL(value, base);
  } catch {
    return null;
  }
  if (target.origin !== base.origin) return null;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // "/.//evil" parses to the path "//evil", which a browser would read as another host.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null;
  return path;
}
