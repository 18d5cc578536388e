// Scheduled notifications: their settings, the once-per-subject-and-period keys, and a log of runs.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** One row (id 1); absent means the defaults below. */
export const scheduleSettings = pgTable(
  'schedule_settings',
  {
    id: integer().primaryKey().default(1),
    /** Local time of the daily run, HH:MM, in `timeZone` (an IANA name). */
    runAt: text().notNull().default('07:00'),
    timeZone: text().notNull().default('UTC'),
    slaEnabled: boolean().notNull().default(true),
    /** Warn this many days before a finding's SLA breaches. */
    slaDaysBefore: integer().notNull().default(3),
    /** Keep reminding daily for this many days after the breach (DefectDojo: 7); null = every day. */
    slaPostBreachDays: integer().default(7),
    slaSeverities: text()
      .array()
      .notNull()
      .default(sql`'{Critical,High,Medium,Low}'::text[]`),
    slaActiveOnly: boolean().notNull().default(true),
    slaVerifiedOnly: boolean().notNull().default(false),
    /** One message per product and run instead of one per finding. */
    slaCombined: boolean().notNull().default(false),
    upcomingEnabled: boolean().notNull().default(true),
    upcomingDays: integer().notNull().default(3),
    staleEnabled: boolean().notNull().default(true),
    autoCloseEnabled: boolean().notNull().default(false),
    /** Close a stale engagement this many days after its end date. */
    autoCloseDays: integer().notNull().default(7),
    riskAcceptanceEnabled: boolean().notNull().default(true),
    riskAcceptanceDays: integer().notNull().default(3),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('schedule_settings_single_row', sql`${t.id} = 1`)],
);

/**
 * "Already told": one row per schedule, subject and period, inserted in the same transaction as
 * the notification. However many workers run a schedule at once, the primary key lets one insert
 * win; the others see the conflict and send nothing.
 */
export const scheduledNotices = pgTable(
  'scheduled_notices',
  {
    schedule: text().notNull(),
    subjectId: integer().notNull(),
    /** The day (in the schedule's time zone) or the date the notice is about, e.g. an end date. */
    period: text().notNull(),
    eventId: bigint({ mode: 'number' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.schedule, t.subjectId, t.period] })],
);

/** What each run did, for the admin page; the timer's daily run is claimed by its unique index. */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    id: serial().primaryKey(),
    schedule: text().notNull(),
    day: date().notNull(),
    trigger: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    sent: integer().notNull().default(0),
    error: text(),
  },
  (t) => [
    uniqueIndex('schedule_runs_daily_idx')
      .on(t.schedule, t.day)
      .where(sql`${t.trigger} = 'timer'`),
    index('schedule_runs_latest_idx').on(t.schedule, t.startedAt.desc()),
  ],
);
