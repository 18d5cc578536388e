// API tokens for tools: a random key shown once, stored only as its SHA-256, revocable, with the
// time it was last used. A key is 32 random bytes, so a fast hash is enough (no password stretching).
import crypto from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { apiTokens } from '../db/schema';
import type { Role } from '../db/schema/enums';
import { invalid, NON_FIELD, ok, type Failure, type Result } from '../core/result';
import { parseWith, requiredText, text } from '../core/validation';
import { checkCredentials } from './credentials';

const KEY_PREFIX = 'tocsin_';
/** Last-used time is written at most this often per token, so busy tools do not write on every call. */
const LAST_USED_RESOLUTION_SECONDS = 60;

export const apiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  created: z.iso.datetime(),
  last_used: z.iso.datetime().nullable(),
  revoked: z.iso.datetime().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const apiTokenCreateSchema = z.object({ name: requiredText(100) });

export const credentialsSchema = z.object({ username: requiredText(150), password: text(1024).min(1, 'This field may not be blank.') });
export type TokenCredentials = z.input<typeof credentialsSchema>;

export function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

function toApiToken(row: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    created: row.createdAt.toISOString(),
    last_used: row.lastUsedAt?.toISOString() ?? null,
    revoked: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token for the user; the key is in the answer and nowhere else, ever. */
export async function createApiToken(
  db: Executor,
  userId: number,
  input: { name: string },
): Promise<Result<{ token: ApiToken; key: string }>> {
  const parsed = parseWith(apiTokenCreateSchema, input);
  if (!parsed.ok) return parsed;
  const key = KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId,
      name: parsed.value.name,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      tokenHash: hashKey(key),
    })
    .returning();
  return ok({ token: toApiToken(row!), key });
}

export async function listApiTokens(db: Executor, userId: number): Promise<ApiToken[]> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.id));
  return rows.map(toApiToken);
}

/** Revokes one of the user's own tokens; false when they have no such (unrevoked) token. */
export async function revokeApiToken(db: Executor, userId: number, tokenId: number): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

/** Who is calling: enough to authorize (an Actor) and to say who it is. */
export interface Caller {
  id: number;
  username: string;
  isSuperuser: boolean;
  globalRole: Role | null;
  /** The trusted client address of the request (handle() sets it), for the audit log. */
  clientAddress?: string;
}

/**
 * The active user a key belongs to, or null (unknown, revoked, or the user is inactive). One
 * statement: finds the token and, when it was not used within the last minute, records its use.
 */
export async function authenticateApiToken(db: Executor, key: string): Promise<Caller | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const rows = await db.execute<{ id: number; username: string; is_superuser: boolean; global_role: Role | null }>(sql`
    with hit as (
      select t.id as token_id, t.last_used_at, u.id, u.username, u.is_superuser, u.global_role
      from api_tokens t join users u on u.id = t.user_id
      where t.token_hash = ${hashKey(key)} and t.revoked_at is null and u.is_active
    ), touched as (
      update api_tokens set last_used_at = now()
      where id in (select token_id from hit
                   where last_used_at is null or last_used_at < now() - make_interval(secs => ${LAST_USED_RESOLUTION_SECONDS}))
    )
    select id, username, is_superuser, global_role from hit`);
  const row = rows[0];
  return row ? { id: row.id, username: row.username, isSuperuser: row.is_superuser, globalRole: row.global_role } : null;
}

/**
 * DefectDojo's `api-token-auth`: a username and password in, a new key out. Rate-limited with the
 * sign-in form's counters. Each call makes a new token (keys are not stored, so none can be re-shown).
 */
export async function exchangeCredentialsForKey(
  db: Executor,
  input: TokenCredentials,
  address: string,
): Promise<Result<{ token: string }>> {
  const parsed = parseWith(credentialsSchema, input);
  if (!parsed.ok) return parsed;
  const check = await checkCredentials(db, parsed.value.username, parsed.value.password, address);
  if (!check.ok) {
    if (check.reason === 'rate_limited')
      return { ok: false, status: 429, detail: 'Too many failed attempts; try again later.' } satisfies Failure;
    return invalid({ [NON_FIELD]: ['Unable to log in with provided credentials.'] });
  }
  const created = await createApiToken(db, check.user.id, { name: `api-token-auth ${new Date().toISOString().slice(0, 10)}` });
  return created.ok ? ok({ token: created.value.key }) : created;
}
