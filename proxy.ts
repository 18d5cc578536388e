// Every page gets its security headers here (a CSP with a fresh nonce: lib/security-headers.ts), and
// every page but /login needs a session: requests without a valid session cookie go to /login.
// Page URLs with a trailing slash redirect to the URL without it.
// (Pages re-check the user in the database; this only keeps anonymous visitors out early.)
import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { EMAIL_PREVIEW_HEADERS, EMAIL_PREVIEW_PATH, pageHeaders, realtimeSources } from './lib/security-headers';

export async function proxy(request: NextRequest) {
  const headers = securityHeaders(request);
  const respond = (response: NextResponse) => {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  };
  // next.config.ts turns Next's trailing-slash redirect off for the API's sake; pages keep it here.
  const { pathname } = request.nextUrl;
  if (pathname.length > 1 && pathname.endsWith('/')) {
    const canonical = new URL((pathname.replace(/\/+$/, '') || '/') + request.nextUrl.search, request.url);
    return respond(NextResponse.redirect(canonical, 308));
  }
  // The policy goes on the request too: Next.js reads the nonce from it for the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const nonce = /'nonce-([^']+)'/.exec(headers['Content-Security-Policy']!)?.[1];
  if (nonce)
    requestHeaders.set('x-nonce', nonce); // for the root layout (components/security/style-nonce.tsx)
  else requestHeaders.delete('x-nonce');
  const next = () => respond(NextResponse.next({ request: { headers: requestHeaders } }));
  if (/^\/login(\/|$)/.test(pathname)) return next();
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (token) return next();
  const login = new URL('/login', request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== '/') login.searchParams.set('callbackUrl', target);
  return respond(NextResponse.redirect(login));
}

function securityHeaders(request: NextRequest): Record<string, string> {
  if (EMAIL_PREVIEW_PATH.test(request.nextUrl.pathname)) return EMAIL_PREVIEW_HEADERS;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  // Read per request, like the page's own idea of where the sidecar is (no rebuild for a new port).
  const env = { ...process.env };
  return pageHeaders(nonce, {
    realtime: realtimeSources(request.headers.get('host') ?? request.nextUrl.host, env),
    development: env.NODE_ENV === 'development',
  });
}

export const config = {
  // Not: the token-authenticated API (next.config.ts gives it its headers), Next's assets, the icons
  // and the web app manifest.
  matcher: ['/((?!api/|_next/|favicon.ico|icon.svg|icons/|manifest.webmanifest|robots.txt).*)'],
};
