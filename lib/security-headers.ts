// Every response's security headers, in one place: next.config.ts sends the static ones on every
// path (pages, API, assets) and the API's policy; proxy.ts sends each page its own CSP with a fresh
// nonce (Next.js puts the nonce on its scripts when it finds the policy on the request).
// No Next.js or server-only imports: proxy.ts and next.config.ts both load this file.

/** On every response. */
export const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** JSON and files: nothing in them may run, load or be framed. */
export const API_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Frame-Options': 'DENY',
};

/** Where a page's browser reaches the realtime sidecar (see components/bell/use-alerts-socket.ts). */
export function realtimeSources(pageHost: string, env: Record<string, string | undefined>): string[] {
  const configured = env.REALTIME_PUBLIC_URL || env.NEXT_PUBLIC_REALTIME_URL;
  if (configured) {
    try {
      const url = new URL(configured);
      const socket = url.protocol === 'https:' ? 'wss:' : 'ws:';
      return [url.origin, `${socket}//${url.host}`];
    } catch {
      return [];
    }
  }
  // The page's host name (an IPv6 literal keeps its brackets) on the sidecar's port, over either scheme.
  const hostname = pageHost.startsWith('[') ? pageHost.slice(0, pageHost.indexOf(']') + 1) : pageHost.split(':')[0];
  if (!hostname || !/^[\w.\-[\]:]+$/.test(hostname)) return [];
  const port = Number(env.REALTIME_PORT) || 3001;
  return ['http', 'https', 'ws', 'wss'].map((scheme) => `${scheme}://${hostname}:${port}`);
}

/**
 * A page's policy: scripts only with this response's nonce (and what they load: 'strict-dynamic'),
 * styles from the app (and the nonce), no framing by anyone, sockets to the sidecar only.
 * Style attributes stay allowed: React and Radix position menus with them, and they cannot run code.
 */
export function pagePolicy(nonce: string, options: { realtime: string[]; development: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${options.realtime.join(' ')}`.trim(),
    // The outbox's email preview is a framed page of this app (see emailPreviewPolicy).
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers of a page's response (and of the request Next.js renders it from). */
export function pageHeaders(nonce: string, options: { realtime: string[]; development: boolean }): Record<string, string> {
  return { 'Content-Security-Policy': pagePolicy(nonce, options), 'X-Frame-Options': 'DENY' };
}

/**
 * An email shown in the outbox, framed by the outbox page only and sandboxed: no script, no form,
 * no plugin, an opaque origin; its inline styles and remote images render as a mail client shows them.
 */
export const EMAIL_PREVIEW_HEADERS: Record<string, string> = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    'img-src https: data:',
    'font-src https: data:',
    "frame-ancestors 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    'sandbox',
  ].join('; '),
  'X-Frame-Options': 'SAMEORIGIN',
};

/** The email preview's own URL (answered by app/(app)/admin/outbox/[id]/html/route.ts). */
export const EMAIL_PREVIEW_PATH = /^\/admin\/outbox\/\d+\/html$/;
