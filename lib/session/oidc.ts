// Single sign-on through an OpenID Provider (next-auth's own OAuth/OIDC support: authorization code
// flow with PKCE, state and nonce; the ID token is validated by openid-client against the issuer's
// keys). This file maps the provider's account to a Tocsin user: found by (issuer, subject), else
// linked by a verified email, else created exactly as an admin-created user (template applied).
import crypto from 'node:crypto';
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { Config } from '../config';
import type { Executor } from '../db/client';
import { groupMembers, groups, userIdentities, users } from '../db/schema';
import { recordChange, type AuditActor } from '../audit/record';
import { createUser } from '../domain/users';
import { OIDC_PROVIDER_ID } from '../auth/oidc-id';

export { OIDC_PROVIDER_ID };

/** Who the audit log says created an account at its first sign-in. */
const SSO_ACTOR: AuditActor = { id: null, username: 'single sign-on' };

/** The standard claims Tocsin reads; any other claim (the groups claim) is looked up by name. */
export interface OidcClaims {
  sub: string;
  /** The ID token's issuer (openid-client has checked it against the discovery document and its keys). */
  iss?: string;
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  name?: string;
  [claim: string]: unknown;
}

export type OidcSignIn =
  | { ok: true; userId: number; username: string; email: string; sessionVersion: number }
  | { ok: false; reason: 'inactive' | 'no_subject' | 'wrong_issuer' };

export function oidcConfigured(cfg: Config): boolean {
  return Boolean(cfg.OIDC_ISSUER && cfg.OIDC_CLIENT_ID && cfg.OIDC_CLIENT_SECRET);
}

/** next-auth's provider for the configured issuer, or null when single sign-on is not set up. */
export function oidcProvider(cfg: Config, signIn: (claims: OidcClaims) => Promise<OidcSignIn>): OAuthConfig<OidcClaims> | null {
  if (!oidcConfigured(cfg)) return null;
  const issuer = cfg.OIDC_ISSUER!.replace(/\/+$/, '');
  return {
    id: OIDC_PROVIDER_ID,
    name: cfg.OIDC_NAME,
    type: 'oauth',
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: cfg.OIDC_CLIENT_ID,
    clientSecret: cfg.OIDC_CLIENT_SECRET,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    // Runs after next-auth has checked state, PKCE and nonce and validated the ID token.
    async profile(claims) {
      const result = await signIn(claims);
      // Thrown errors end the sign-in on the login page with next-auth's generic error.
      if (!result.ok) throw new Error(`Single sign-on refused: ${result.reason}`);
      return { id: String(result.userId), name: result.username, email: result.email, sessionVersion: result.sessionVersion };
    },
  };
}

const USERNAME_ALLOWED = /[^\w.@+-]/g;

/** A username Tocsin accepts, derived from the provider's; a taken name gets a number, never someone else's account. */
async function freeUsername(db: Executor, claims: OidcClaims): Promise<string> {
  const wanted = (claims.preferred_username || claims.email || `user-${claims.sub}`).replace(USERNAME_ALLOWED, '_').slice(0, 140) || 'user';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? wanted : `${wanted}-${n}`;
    const [taken] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = ${candidate.toLowerCase()}`);
    if (!taken) return candidate;
  }
}

function names(claims: OidcClaims): { firstName?: string; lastName?: string } {
  const out: { firstName?: string; lastName?: string } = {};
  if (typeof claims.given_name === 'string') out.firstName = claims.given_name.slice(0, 150);
  if (typeof claims.family_name === 'string') out.lastName = claims.family_name.slice(0, 150);
  return out;
}

/** Signs the provider's account in: JIT creation, linking, email and names kept current, group sync. */
export async function signInWithOidc(db: Executor, issuer: string, claims: OidcClaims, groupsClaim?: string): Promise<OidcSignIn> {
  // Pinned to the configured issuer: a discovery document naming another issuer (a proxy, a
  // misconfiguration) is not trusted to vouch for accounts.
  if (claims.iss?.replace(/\/+$/, '') !== issuer) return { ok: false, reason: 'wrong_issuer' };
  if (!claims.sub) return { ok: false, reason: 'no_subject' };
  const email = typeof claims.email === 'string' ? claims.email.slice(0, 254) : undefined;
  return db.transaction(async (tx) => {
    const [known] = await tx
      .select({ user: users })
      .from(userIdentities)
      .innerJoin(users, eq(users.id, userIdentities.userId))
      .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, claims.sub)));
    let user = known?.user;
    if (!user && email && claims.email_verified === true) {
      // Linked, not duplicated: the local account with this address, when exactly one has it.
      const same = await tx
        .select()
        .from(users)
        .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
        .limit(2);
      if (same.length === 1) user = same[0];
    }
    if (!user) {
      user = await createUser(tx, SSO_ACTOR, {
        username: await freeUsername(tx, claims),
        // Never used: the account signs in through the provider (a local password can be set by an admin).
        password: crypto.randomBytes(32).toString('base64url'),
        email: email ?? '',
        ...names(claims),
      });
    }
    if (!known) await tx.insert(userIdentities).values({ userId: user.id, issuer, subject: claims.sub });
    if (!user.isActive) return { ok: false, reason: 'inactive' } as const;
    await tx
      .update(users)
      .set({ ...(email !== undefined && { email }), ...names(claims), lastLogin: new Date() })
      .where(eq(users.id, user.id));
    if (groupsClaim) await syncGroups(tx, { id: user.id, username: user.username }, claims[groupsClaim]);
    return { ok: true, userId: user.id, username: user.username, email: email ?? user.email, sessionVersion: user.sessionVersion } as const;
  });
}

/**
 * DefectDojo's SSO group sync: the user is a member of exactly the Tocsin groups the claim names
 * (matched by name, any case); names with no such group are ignored. A missing claim changes nothing.
 */
async function syncGroups(tx: Executor, user: { id: number; username: string }, claim: unknown): Promise<void> {
  if (!Array.isArray(claim)) return;
  const userId = user.id;
  const wanted = claim.filter((name): name is string => typeof name === 'string').map((name) => name.toLowerCase());
  const named =
    wanted.length === 0
      ? []
      : await tx
          .select({ id: groups.id })
          .from(groups)
          .where(inArray(sql`lower(${groups.name})`, wanted));
  const ids = named.map((g) => g.id);
  const left = await tx
    .delete(groupMembers)
    .where(and(eq(groupMembers.userId, userId), ...(ids.length > 0 ? [notInArray(groupMembers.groupId, ids)] : [])))
    .returning({ id: groupMembers.id, groupId: groupMembers.groupId });
  const joined =
    ids.length === 0
      ? []
      : await tx
          .insert(groupMembers)
          .values(ids.map((groupId) => ({ groupId, userId })))
          .onConflictDoNothing()
          .returning({ id: groupMembers.id, groupId: groupMembers.groupId });
  // The sync is the user's own sign-in: the log says so, one row per group joined or left.
  const names = new Map(
    (
      await tx
        .select({ id: groups.id, name: groups.name })
        .from(groups)
        .where(inArray(groups.id, [0, ...left.map((m) => m.groupId), ...joined.map((m) => m.groupId)]))
    ).map((g) => [g.id, g.name]),
  );
  const actor: AuditActor = { ...user, username: `${user.username} (single sign-on)` };
  for (const [action, members] of [
    ['left', left],
    ['joined', joined],
  ] as const) {
    for (const member of members) {
      await recordChange(tx, actor, {
        objectKind: 'group_member',
        objectId: member.id,
        objectLabel: `${user.username} in ${names.get(member.groupId) ?? `group ${member.groupId}`}`,
        action,
        changes: { group: { before: action === 'left' ? member.groupId : null, after: action === 'joined' ? member.groupId : null } },
      });
    }
  }
}
