// Creating users: the only path, so every new user gets the same defaults and the notification template.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Role } from '../db/schema/enums';
import { users } from '../db/schema';
import { hashPassword } from '../auth/password';
import { copyTemplateToUser } from '../notifications/settings';

export interface NewUser {
  username: string;
  password: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  isSuperuser?: boolean;
  isActive?: boolean;
  globalRole?: Role | null;
  slackUserId?: string | null;
  slackEmail?: string | null;
}

export async function createUser(db: Executor, input: NewUser): Promise<typeof users.$inferSelect> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ ...input, passwordHash }).returning();
    await copyTemplateToUser(tx, user!.id);
    return user!;
  });
}

export async function countUsers(db: Executor): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from users`);
  return rows[0]?.n ?? 0;
}
