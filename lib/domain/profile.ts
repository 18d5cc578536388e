// A user's own account: name, email, Slack DM target and password. Added for the profile page
// (the admin's `updateUser` is for superusers; this is what anyone may change about themselves).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/authorization';
import { hashPassword, verifyPassword } from '../auth/password';
import { newPasswordProblem, newPasswordSchema } from '../auth/password-policy';
import { revokeSessions } from '../auth/session-version';
import type { Executor } from '../db/client';
import { users } from '../db/schema';
import { invalid, notFound, ok, type Result } from '../core/result';
import { selectById } from './row-by-id';
import { emailAddress, optionalEmailAddress, parseWith, text } from '../core/validation';

/** A Slack member id (U… or W…) as Slack shows it in a profile. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

export const profileUpdateSchema = z.object({
  first_name: text(150).trim(),
  last_name: text(150).trim(),
  email: optionalEmailAddress(),
  /** A Slack user id, or the email address Slack knows the user by; empty for no Slack DMs. */
  slack_target: z.union([z.literal(''), z.string().trim().regex(SLACK_USER_ID), emailAddress()], {
    error: 'Enter a Slack user id (like U012AB3CD) or an email address.',
  }),
});
export type ProfileUpdate = z.input<typeof profileUpdateSchema>;

export const passwordChangeSchema = z.object({
  current_password: text(1024).min(1, 'Enter your current password.'),
  new_password: newPasswordSchema,
});
export type PasswordChange = z.input<typeof passwordChangeSchema>;

/** The Slack target as the profile form shows it: the user id wins over the email. */
export function slackTargetOf(user: { slackUserId: string | null; slackEmail: string | null }): string {
  return user.slackUserId ?? user.slackEmail ?? '';
}

export async function updateOwnProfile(db: Executor, actor: Actor, input: ProfileUpdate): Promise<Result<null>> {
  const parsed = parseWith(profileUpdateSchema, input);
  if (!parsed.ok) return parsed;
  const { first_name, last_name, email, slack_target } = parsed.value;
  const isUserId = SLACK_USER_ID.test(slack_target);
  const [row] = await db
    .update(users)
    .set({
      firstName: first_name,
      lastName: last_name,
      email,
      slackUserId: isUserId ? slack_target : null,
      slackEmail: slack_target && !isUserId ? slack_target : null,
    })
    .where(eq(users.id, actor.id))
    .returning({ id: users.id });
  return row ? ok(null) : notFound();
}

export async function changeOwnPassword(db: Executor, actor: Actor, input: PasswordChange): Promise<Result<null>> {
  const parsed = parseWith(passwordChangeSchema, input);
  if (!parsed.ok) return parsed;
  const user = await selectById(db, users, actor.id);
  if (!user) return notFound();
  if (!(await verifyPassword(user.passwordHash, parsed.value.current_password))) {
    return invalid({ current_password: ['This is not your current password.'] });
  }
  const problem = newPasswordProblem(parsed.value.new_password, user.username);
  if (problem) return invalid({ new_password: [problem] });
  const passwordHash = await hashPassword(parsed.value.new_password);
  // Whoever knew the old password may hold a session or a token: both end with it.
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, actor.id));
    await revokeSessions(tx, actor.id, { apiTokens: true });
  });
  return ok(null);
}
