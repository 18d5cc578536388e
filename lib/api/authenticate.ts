// Who is calling the API: an API token (`Authorization: Token <key>` or `Bearer <key>`), else the
// next-auth session cookie. An Authorization header that does not hold a valid key is a 401 even
// when a cookie is present, so a tool never silently runs as the browser's user.
import 'server-only';
import { eq } from 'drizzle-orm';
import { getToken } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { authenticateApiToken, type Caller } from '../auth/api-tokens';
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from '../auth/client-address';
import { sessionVersionOf } from '../auth/session-version';
import { config } from '../config';
import type { Executor } from '../db/client';
import { users } from '../db/schema';

export type Authentication = { ok: true; caller: Caller; via: 'token' | 'session' } | { ok: false; detail: string };

const SCHEMES = /^(?:token|bearer)\s+(\S+)\s*$/i;

export async function authenticateRequest(db: Executor, request: NextRequest): Promise<Authentication> {
  const header = request.headers.get('authorization');
  if (header !== null) {
    const key = SCHEMES.exec(header)?.[1];
    const caller = key ? await authenticateApiToken(db, key) : null;
    return caller ? { ok: true, caller, via: 'token' } : { ok: false, detail: 'Invalid token.' };
  }
  const session = await getToken({ req: request, secret: config().NEXTAUTH_SECRET });
  const id = Number(session?.sub);
  if (!session || !Number.isInteger(id) || id <= 0 || id > 2_147_483_647) {
    return { ok: false, detail: 'Authentication credentials were not provided.' };
  }
  const [user] = await db
    .select({
      id: users.id,
      username: users.username,
      isSuperuser: users.isSuperuser,
      globalRole: users.globalRole,
      isActive: users.isActive,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, id));
  if (!user?.isActive || user.sessionVersion !== sessionVersionOf(session)) {
    return { ok: false, detail: 'Invalid session.' };
  }
  return {
    ok: true,
    via: 'session',
    caller: { id: user.id, username: user.username, isSuperuser: user.isSuperuser, globalRole: user.globalRole },
  };
}

/**
 * For requests that change something with the session cookie: refuse another site's page (the
 * cookie is SameSite=Lax already; this also covers sibling subdomains and old browsers). Tools
 * authenticate with tokens, which a browser never sends on its own, so they are not checked.
 */
export function isCrossSite(request: NextRequest, ownHost: string): boolean {
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== ownHost;
  } catch {
    return true;
  }
}

/** The client's address for rate limits, as Tocsin's web server saw it (lib/auth/client-address.ts). */
export function clientAddress(request: NextRequest): string {
  return clientAddressOf(request.headers.get(CLIENT_ADDRESS_HEADER));
}
