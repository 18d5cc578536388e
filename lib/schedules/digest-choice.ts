// A user's digest choice (their profile): personal mail and Slack DMs one by one, hourly or daily.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { DIGEST_FREQUENCIES, users, type DigestFrequency } from '../db/schema/users';

export const DIGEST_LABELS: Record<DigestFrequency, string> = {
  off: 'Off: one message per event',
  hourly: 'Hourly digest',
  daily: 'Daily digest',
};

export const digestChoiceSchema = z.object({ digest: z.enum(DIGEST_FREQUENCIES) });

export async function getDigestChoice(db: Executor, userId: number): Promise<DigestFrequency> {
  const [row] = await db.select({ digest: users.digest }).from(users).where(eq(users.id, userId));
  return row?.digest ?? 'off';
}

/**
 * Jobs already held stay held and go out with their window's digest, even when the choice is now
 * `off` (gatherDigests then flushes them hourly): a change of mind loses nothing.
 */
export async function setDigestChoice(db: Executor, userId: number, digest: DigestFrequency): Promise<void> {
  await db.update(users).set({ digest }).where(eq(users.id, userId));
}
