// Who is connecting: the next-auth session cookie of the handshake, decrypted with the app's
// secret (a JWE: a forged or tampered token fails to decrypt), unexpired, of an active user, and of
// the user's current session version (not signed out everywhere since).
import { decode } from 'next-auth/jwt';
import { sessionVersionOf } from '../auth/session-version';
import type { RejectReason } from './socket-events';
import { sessionTokens } from './session-cookie';
import type { UserSession } from './user-status';

export type HandshakeResult =
  | { ok: true; userId: number; /** epoch ms */ expiresAt: number; sessionVersion: number }
  | { ok: false; reason: RejectReason; userId?: number };

export interface HandshakeDeps {
  secret: string;
  userSession: (userId: number) => Promise<UserSession>;
  now?: () => number;
}

export async function authenticateHandshake(cookieHeader: string | undefined, deps: HandshakeDeps): Promise<HandshakeResult> {
  const tokens = sessionTokens(cookieHeader);
  if (tokens.length === 0) return { ok: false, reason: 'no_session' };

  let session: Session | undefined;
  let firstFailure: RejectReason = 'invalid_session';
  for (const token of tokens) {
    const result = await readSession(token, deps.secret, (deps.now ?? Date.now)());
    if ('userId' in result) {
      session = result;
      break;
    }
    if (token === tokens[0]) firstFailure = result.reason;
  }
  if (!session) return { ok: false, reason: firstFailure };

  const { status, sessionVersion } = await deps.userSession(session.userId);
  if (status === 'missing') return { ok: false, reason: 'user_not_found', userId: session.userId };
  if (status === 'inactive') return { ok: false, reason: 'user_inactive', userId: session.userId };
  if (sessionVersion !== session.sessionVersion) {
    return { ok: false, reason: 'session_revoked', userId: session.userId };
  }
  return { ok: true, userId: session.userId, expiresAt: session.expiresAt, sessionVersion };
}

interface Session {
  userId: number;
  expiresAt: number;
  sessionVersion: number;
}

async function readSession(token: string, secret: string, now: number): Promise<Session | { reason: RejectReason }> {
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token, secret });
  } catch (error) {
    return { reason: (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'session_expired' : 'invalid_session' };
  }
  const userId = Number(payload?.sub);
  const exp = payload?.exp;
  if (!Number.isSafeInteger(userId) || userId <= 0 || typeof exp !== 'number') return { reason: 'invalid_session' };
  // jose allows 15 s of clock skew; a socket closed at expiry must not be let back in for those 15 s.
  if (exp * 1000 <= now) return { reason: 'session_expired' };
  return { userId, expiresAt: exp * 1000, sessionVersion: sessionVersionOf(payload) };
}
