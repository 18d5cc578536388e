// The schedules' settings: one row, defaults until an admin saves it, validated with zod.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldChanges, hasChanges, recordChange, type AuditActor } from '../audit/record';
import { superusersOnly, type AdminActor } from '../auth/superusers-only';
import type { Executor } from '../db/client';
import type { Result } from '../core/result';
import { scheduleSettings } from '../db/schema';
import { SEVERITIES } from '../db/schema/enums';
import { isValidTimeZone } from './clock';

export type ScheduleSettings = Omit<typeof scheduleSettings.$inferSelect, 'id' | 'updatedAt'>;

const days = z.number().int().min(0).max(365);

export const scheduleSettingsUpdateSchema = z
  .object({
    runAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, 24-hour clock.'),
    timeZone: z.string().refine(isValidTimeZone, 'Unknown time zone.'),
    slaEnabled: z.boolean(),
    slaDaysBefore: days,
    slaPostBreachDays: days.nullable(),
    slaSeverities: z.array(z.enum(SEVERITIES)).refine((s) => new Set(s).size === s.length, 'Must not contain duplicates.'),
    slaActiveOnly: z.boolean(),
    slaVerifiedOnly: z.boolean(),
    slaCombined: z.boolean(),
    upcomingEnabled: z.boolean(),
    upcomingDays: days,
    staleEnabled: z.boolean(),
    autoCloseEnabled: z.boolean(),
    autoCloseDays: days,
    riskAcceptanceEnabled: z.boolean(),
    riskAcceptanceDays: days,
  })
  .partial();
export type ScheduleSettingsUpdate = z.infer<typeof scheduleSettingsUpdateSchema>;

export async function getScheduleSettings(db: Executor): Promise<ScheduleSettings> {
  const [row] = await db.select().from(scheduleSettings).where(eq(scheduleSettings.id, 1));
  return withoutRowFields(row ?? defaults());
}

/** The settings as the admin page shows them: superusers only. */
export async function readScheduleSettings(db: Executor, actor: AdminActor): Promise<Result<ScheduleSettings>> {
  return superusersOnly(actor, () => getScheduleSettings(db));
}

export async function updateScheduleSettings(db: Executor, actor: AuditActor, changes: ScheduleSettingsUpdate): Promise<ScheduleSettings> {
  const values = scheduleSettingsUpdateSchema.parse(changes);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from schedule_settings where id = 1 for update`);
    const before = await getScheduleSettings(tx);
    await tx
      .insert(scheduleSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: scheduleSettings.id, set: { ...values, updatedAt: new Date() } });
    const after = await getScheduleSettings(tx);
    const logged = fieldChanges(before, after);
    if (hasChanges(logged)) {
      await recordChange(tx, actor, {
        objectKind: 'schedule_settings',
        objectId: 1,
        objectLabel: 'Schedule settings',
        action: 'updated',
        changes: logged,
      });
    }
    return after;
  });
}

function withoutRowFields(row: typeof scheduleSettings.$inferSelect): ScheduleSettings {
  const settings: Partial<typeof row> = { ...row };
  delete settings.id;
  delete settings.updatedAt;
  return settings as ScheduleSettings;
}

/** The column defaults, as a row, without a round trip. */
function defaults(): typeof scheduleSettings.$inferSelect {
  return {
    id: 1,
    runAt: '07:00',
    timeZone: 'UTC',
    slaEnabled: true,
    slaDaysBefore: 3,
    slaPostBreachDays: 7,
    slaSeverities: ['Critical', 'High', 'Medium', 'Low'],
    slaActiveOnly: true,
    slaVerifiedOnly: false,
    slaCombined: false,
    upcomingEnabled: true,
    upcomingDays: 3,
    staleEnabled: true,
    autoCloseEnabled: false,
    autoCloseDays: 7,
    riskAcceptanceEnabled: true,
    riskAcceptanceDays: 3,
    updatedAt: new Date(0),
  };
}
