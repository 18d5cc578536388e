'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction } from '@/lib/session/action';
import { db } from '@/lib/db/client';
import { forbidden, ok } from '@/lib/core/result';
import { runSchedule, SCHEDULE_NAMES } from '@/lib/schedules/runner';
import { scheduleSettingsUpdateSchema, updateScheduleSettings } from '@/lib/schedules/settings';
import { whyNothingSent } from '@/lib/schedules/nothing-sent';

export const updateScheduleSettingsAction = validatedAction(scheduleSettingsUpdateSchema, async (data, user) => {
  if (!user.isSuperuser) return forbidden();
  await updateScheduleSettings(db(), user, data);
  revalidatePath('/admin/schedules');
  return ok(null);
});

/** "Run now": runs the schedule at once; it still sends nothing already sent for the same subject and period. */
export const runScheduleNowAction = validatedAction(z.object({ schedule: z.enum(SCHEDULE_NAMES) }), async ({ schedule }, user) => {
  if (!user.isSuperuser) return forbidden();
  const outcome = await runSchedule(db(), schedule, new Date(), 'manual');
  revalidatePath('/admin/schedules');
  const why = !outcome.error && outcome.sent === 0 ? await whyNothingSent(db(), schedule) : null;
  return ok({ sent: outcome.sent, error: outcome.error ?? null, why });
});
