// Whether a session's user may still connect: checked on every handshake, so deactivating or
// deleting a user shuts them out at their next connect (and at the latest when their token expires).
import type postgres from 'postgres';

export type UserStatus = 'active' | 'inactive' | 'missing';

export async function userStatus(sql: postgres.Sql, userId: number): Promise<UserStatus> {
  const [row] = await sql<{ isActive: boolean }[]>`select is_active as "isActive" from users where id = ${userId}`;
  if (!row) return 'missing';
  return row.isActive ? 'active' : 'inactive';
}
