// next-auth v4: credentials sign-in, JWT sessions (the realtime sidecar reads the same cookie).
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { config } from '../config';
import { db } from '../db/client';
import { CLIENT_ADDRESS_HEADER, clientAddressOf } from '../auth/client-address';
import { checkCredentials } from '../auth/credentials';
import { oidcProvider, signInWithOidc } from './oidc';
import { sessionVersionOf } from '../auth/session-version';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

const credentialsSchema = z.object({ username: z.string().trim().min(1).max(150), password: z.string().min(1).max(1024) });

/** Thrown to the sign-in form as `error`; the form shows its own words for each. */
export const SIGN_IN_ERRORS = { invalid: 'CredentialsSignin', rate_limited: 'RateLimited' } as const;

/** The client as Tocsin's web server saw it (never the client-written X-Forwarded-For: client-address.ts). */
function clientAddress(headers: Record<string, unknown> | undefined): string {
  const value = headers?.[CLIENT_ADDRESS_HEADER];
  return clientAddressOf(typeof value === 'string' ? value : undefined);
}

/** With OIDC_ONLY, passwords are refused, except the first admin's with ADMIN_LOCAL_LOGIN=1 (break-glass). */
export function passwordSignInAllowed(username: string): boolean {
  const cfg = config();
  if (!cfg.OIDC_ONLY) return true;
  return cfg.ADMIN_LOCAL_LOGIN && username.toLowerCase() === (cfg.ADMIN_USERNAME ?? 'admin').toLowerCase();
}

export function authOptions(): NextAuthOptions {
  const cfg = config();
  const oidc = oidcProvider(cfg, (claims) => signInWithOidc(db(), cfg.OIDC_ISSUER!.replace(/\/+$/, ''), claims, cfg.OIDC_GROUPS_CLAIM));
  return {
    secret: config().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Tocsin',
        credentials: { username: { label: 'Username', type: 'text' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success || !passwordSignInAllowed(parsed.data.username)) return null;
          const result = await checkCredentials(db(), parsed.data.username, parsed.data.password, clientAddress(req?.headers));
          if (!result.ok) {
            if (result.reason === 'rate_limited') throw new Error(SIGN_IN_ERRORS.rate_limited);
            return null;
          }
          return {
            id: String(result.user.id),
            name: result.user.username,
            email: result.user.email,
            sessionVersion: result.user.sessionVersion,
          };
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      // The token carries the user id and session version: every request re-reads the user, so a
      // deactivation or a revocation (lib/auth/session-version.ts) takes effect at once.
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = user.sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        session.sessionVersion = sessionVersionOf(token);
        return session;
      },
    },
  };
}
