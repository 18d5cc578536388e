// Whether a session's user may still connect: checked on every handshake, so deactivating or
// deleting a user or revoking their sessions shuts them out at their next connect (and the
// tocsin_sessions NOTIFY drops the sockets already open: lib/realtime/server.ts).
import type postgres from 'postgres';

export type UserStatus = 'active' | 'inactive' | 'missing';

export async function userStatus(sql: postgres.Sql, userId: number): Promise<UserStatus> {
  const [row] = await sql<{ isActive: boolean }[]>`select is_active as "isActive" from users where id = ${userId}`;
  if (!row) return 'missing';
  return row.isActive ? 'active' : 'inactive';
}

export interface UserSession {
  status: UserStatus;
  /** Compared with the token's `sv` (lib/auth/session-version.ts). */
  sessionVersion: number;
}

export async function userSession(sql: postgres.Sql, userId: number): Promise<UserSession> {
  const [row] = await sql<{ isActive: boolean; sessionVersion: number }[]>`
    select is_active as "isActive", session_version as "sessionVersion" from users where id = ${userId}`;
  if (!row) return { status: 'missing', sessionVersion: 0 };
  return { status: row.isActive ? 'active' : 'inactive', sessionVersion: row.sessionVersion };
}
