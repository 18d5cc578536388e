// Checks a username and password. Failures slow down the (username, address) pair that made them,
// with delays that grow with each failure, so one address cannot guess quickly and cannot lock the
// account for anyone else: a right password from an address that has not failed gets in. Past a
// per-username cap (a guess from many addresses at once) the account waits for an admin, who clears
// it on the user's admin page; and one address is limited whatever usernames it tries.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { users } from '../db/schema';
import { decoyHash, verifyPassword } from './password';
import { clearLimit, isRateLimited, pairDelayMs, recordFailure, recordPairFailure, type Limit } from './rate-limit';

/** Failures a (username, address) pair may make before delays start; then 1 s, 2 s, 4 s, … up to an hour. */
export const FREE_FAILURES = 3;
export const MAX_DELAY_SECONDS = 60 * 60;
/** Failures for one username, from all addresses, in a day: then only an admin (or the day's end) unlocks it. */
export const USERNAME_CAP = 100;
const USERNAME_WINDOW_SECONDS = 24 * 60 * 60;
const MAX_FAILURES_PER_ADDRESS = 50;
const ADDRESS_WINDOW_SECONDS = 15 * 60;

export type CredentialCheck = { ok: true; user: typeof users.$inferSelect } | { ok: false; reason: 'invalid' | 'rate_limited' };

const usernameKey = (username: string) => `login:user:${username.toLowerCase()}`;
const pairKey = (username: string, address: string) => `login:pair:${address}:${username.toLowerCase()}`;

function limitsFor(username: string, address: string): Limit[] {
  return [
    { key: usernameKey(username), max: USERNAME_CAP, windowSeconds: USERNAME_WINDOW_SECONDS },
    { key: `login:ip:${address}`, max: MAX_FAILURES_PER_ADDRESS, windowSeconds: ADDRESS_WINDOW_SECONDS },
  ];
}

const pairPolicy = {
  freeFailures: FREE_FAILURES,
  maxDelaySeconds: MAX_DELAY_SECONDS,
  forgetAfterSeconds: USERNAME_WINDOW_SECONDS,
};

export async function checkCredentials(db: Executor, username: string, password: string, address: string): Promise<CredentialCheck> {
  const limits = limitsFor(username, address);
  const pair = pairKey(username, address);
  if ((await pairDelayMs(db, pair, pairPolicy)) > 0 || (await isRateLimited(db, limits))) {
    return { ok: false, reason: 'rate_limited' };
  }

  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !valid || !user.isActive) {
    await recordFailure(db, limits);
    await recordPairFailure(db, pair, pairPolicy);
    return { ok: false, reason: 'invalid' };
  }
  await clearLimit(db, pair);
  await db.update(users).set({ lastLogin: new Date() }).where(eq(users.id, user.id));
  return { ok: true, user };
}

/** Whether the username's cap is reached (the admin page shows it with a button to clear it). */
export async function isUsernameLocked(db: Executor, username: string): Promise<boolean> {
  return isRateLimited(db, [limitsFor(username, '')[0]!]);
}

/** An admin's "unlock": clears the username's cap and every address's delays for it. */
export async function clearSignInLimits(db: Executor, username: string): Promise<void> {
  await clearLimit(db, usernameKey(username));
  const suffix = `%:${escapeLike(username.toLowerCase())}`;
  await db.execute(sql`delete from rate_limits where key like 'login:pair:%' and key like ${suffix}`);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
