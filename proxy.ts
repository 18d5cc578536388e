// Every page but /login needs a session: requests without a valid session cookie go to /login.
// Page URLs with a trailing slash redirect to the URL without it.
// (Pages re-check the user in the database; this only keeps anonymous visitors out early.)
import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';

export async function proxy(request: NextRequest) {
  // next.config.ts turns Next's trailing-slash redirect off for the API's sake; pages keep it here.
  const { pathname } = request.nextUrl;
  if (pathname.length > 1 && pathname.endsWith('/')) {
    const canonical = new URL((pathname.replace(/\/+$/, '') || '/') + request.nextUrl.search, request.url);
    return NextResponse.redirect(canonical, 308);
  }
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const login = new URL('/login', request.url);
  const target = request.nextUrl.pathname + request.nextUrl.search;
  if (target !== '/') login.searchParams.set('callbackUrl', target);
  return NextResponse.redirect(login);
}

export const config = {
  // Not: the login page, next-auth's own routes, the token-authenticated API, health, Next's assets.
  matcher: ['/((?!login|api/|_next/|favicon.ico|icon.svg|robots.txt).*)'],
};
