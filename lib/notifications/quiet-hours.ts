// A user's quiet hours (DESIGN §4b.4): whole days and a daily window, in their time zone. While they
// last, personal email and Slack DMs are held (resolve.ts) and released as one message (digests.ts).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { users } from '../db/schema/users';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const knownZones = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
const clock = z.union([z.literal(''), z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'Enter a time as HH:MM, e.g. 19:00.')]);

export const quietHoursSchema = z
  .object({
    time_zone: z.string().refine((zone) => knownZones.has(zone), 'Choose a time zone from the list.'),
    quiet_days: z
      .array(z.number().int().min(1).max(7))
      .max(6, 'Leave at least one day without quiet hours all day long.')
      .transform((days) => [...new Set(days)].sort()),
    quiet_from: clock.optional(),
    quiet_until: clock.optional(),
  })
  .refine((q) => Boolean(q.quiet_from) === Boolean(q.quiet_until), {
    path: ['quiet_until'],
    message: 'Give both the start and the end of the quiet hours, or neither.',
    when: (payload) => payload.issues.length === 0,
  })
  .refine((q) => !q.quiet_from || q.quiet_from !== q.quiet_until, {
    path: ['quiet_until'],
    message: 'The end must differ from the start.',
    when: (payload) => payload.issues.length === 0,
  });
export type QuietHoursInput = z.output<typeof quietHoursSchema>;

export interface QuietHours {
  timeZone: string;
  days: number[];
  from: string | null;
  until: string | null;
}

export async function getQuietHours(db: Executor, userId: number): Promise<QuietHours> {
  const [row] = await db
    .select({ timeZone: users.timeZone, days: users.quietDays, from: users.quietFrom, until: users.quietUntil })
    .from(users)
    .where(eq(users.id, userId));
  const hm = (t: string | null | undefined) => (t ? t.slice(0, 5) : null);
  return { timeZone: row?.timeZone ?? 'UTC', days: row?.days ?? [], from: hm(row?.from), until: hm(row?.until) };
}

/** Jobs already held keep their release time; the new hours apply to what comes next. */
export async function setQuietHours(db: Executor, userId: number, input: QuietHoursInput): Promise<void> {
  await db
    .update(users)
    .set({
      timeZone: input.time_zone,
      quietDays: input.quiet_days,
      quietFrom: input.quiet_from || null,
      quietUntil: input.quiet_until || null,
    })
    .where(eq(users.id, userId));
}
