// Revocable sessions: the JWT carries the user's session version (`sv`), every request compares it
// with the database, and bumping it signs the user out everywhere. The NOTIFY lets the realtime
// sidecars drop that user's open sockets at once (delivered when the caller's transaction commits).
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { SESSIONS_CHANNEL } from '../core/pg-channels';

/** A token from before session versions counts as version 0, the column's default. */
export function sessionVersionOf(token: { sv?: unknown } | null | undefined): number {
  const sv = token?.sv;
  return typeof sv === 'number' && Number.isSafeInteger(sv) ? sv : 0;
}

/** Signs the user out of every session (cookies and sockets); with `apiTokens`, revokes their API tokens too. */
export async function revokeSessions(db: Executor, userId: number, options: { apiTokens?: boolean } = {}): Promise<void> {
  await db.execute(sql`update users set session_version = session_version + 1 where id = ${userId}`);
  if (options.apiTokens) {
    await db.execute(sql`update api_tokens set revoked_at = now() where user_id = ${userId} and revoked_at is null`);
  }
  await db.execute(sql`select pg_notify(${SESSIONS_CHANNEL}, ${String(userId)})`);
}
