// Usernames for the user ids found on objects the caller already sees (note authors, owners,
// reporters, reviewers). Added for the pages: one query for a whole page.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

export async function usernamesOf(db: Executor, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.execute<{ id: number; username: string }>(sql`select id, username from users where id in ${wanted}`);
  return new Map(rows.map((r) => [r.id, r.username]));
}
