// Checks a username and password, rate-limited per username and per client address.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { users } from '../db/schema';
import { decoyHash, verifyPassword } from './password';
import { clearLimit, isRateLimited, recordFailure, type Limit } from './rate-limit';

const WINDOW_SECONDS = 15 * 60;
const MAX_FAILURES_PER_USERNAME = 10;
const MAX_FAILURES_PER_ADDRESS = 50;

export type CredentialCheck =
  | { ok: true; user: typeof users.$inferSelect }
  | { ok: false; reason: 'invalid' | 'rate_limited' };

function limitsFor(username: string, address: string): Limit[] {
  return [
    { key: `login:user:${username.toLowerCase()}`, max: MAX_FAILURES_PER_USERNAME, windowSeconds: WINDOW_SECONDS },
    { key: `login:ip:${address}`, max: MAX_FAILURES_PER_ADDRESS, windowSeconds: WINDOW_SECONDS },
  ];
}

export async function checkCredentials(db: Executor, username: string, password: string, address: string): Promise<CredentialCheck> {
  const limits = limitsFor(username, address);
  if (await isRateLimited(db, limits)) return { ok: false, reason: 'rate_limited' };

  const [user] = await db.select().from(users).where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !valid || !user.isActive) {
    await recordFailure(db, limits);
    return { ok: false, reason: 'invalid' };
  }
  await clearLimit(db, limits[0]!.key);
  await db.update(users).set({ lastLogin: new Date() }).where(eq(users.id, user.id));
  return { ok: true, user };
}
