// On an empty database, the first admin: ADMIN_USERNAME/ADMIN_PASSWORD, else `admin` with a
// password generated once and kept under .data/.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { EMAIL_PATTERN } from '../core/validation-messages';
import { SYSTEM_ACTOR } from '../audit/record';
import { countUsers, createUser } from '../domain/users';

export interface FirstAdmin {
  username: string;
  password: string;
}

/** Creates the admin when there is no user at all; returns the credentials only when it did. */
export async function ensureFirstAdmin(db: Executor, admin: FirstAdmin): Promise<FirstAdmin | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7420003)`); // web and worker may start together
    if ((await countUsers(tx)) > 0) return null;
    await createUser(tx, SYSTEM_ACTOR, {
      username: admin.username,
      password: admin.password,
      email: firstAdminEmail(admin.username),
      firstName: 'Admin',
      isSuperuser: true,
    });
    return admin;
  });
}

/**
 * An address the profile form accepts as it is: the username when it is an email address, else
 * `<username>@localhost` (this machine), else none (a username like `.x` makes no address).
 */
export function firstAdminEmail(username: string): string {
  if (EMAIL_PATTERN.test(username)) return username;
  const local = `${username}@localhost`;
  return EMAIL_PATTERN.test(local) ? local : '';
}
