// On an empty database, the first admin: ADMIN_USERNAME/ADMIN_PASSWORD, else `admin` with a
// password generated once and kept under .data/.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
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
    await createUser(tx, {
      username: admin.username, password: admin.password, email: `${admin.username}@localhost`,
      firstName: 'Admin', isSuperuser: true,
    });
    return admin;
  });
}
