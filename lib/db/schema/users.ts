import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  time,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';

/** Personal mail and Slack DMs one by one (`off`), or gathered in one digest per hour or per local day. */
export const DIGEST_FREQUENCIES = ['off', 'hourly', 'daily'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export const digestFrequencyEnum = pgEnum('digest_frequency', DIGEST_FREQUENCIES);

export const users = pgTable(
  'users',
  {
    id: serial().primaryKey(),
    username: text().notNull(),
    email: text().notNull().default(''),
    firstName: text().notNull().default(''),
    lastName: text().notNull().default(''),
    passwordHash: text().notNull(),
    isSuperuser: boolean().notNull().default(false),
    isActive: boolean().notNull().default(true),
    globalRole: roleEnum(),
    /** Slack DM target: a Slack user id (U…) wins over the email Slack knows the user by. */
    slackUserId: text(),
    slackEmail: text(),
    /** Alerts stay instant whatever this says (lib/schedules/digests.ts). */
    digest: digestFrequencyEnum().notNull().default('off'),
    /** The user's IANA time zone, for quiet hours. */
    timeZone: text().notNull().default('UTC'),
    /** Quiet hours (DESIGN §4b): whole days (ISO: 1 Monday … 7 Sunday) and a daily window, local to time_zone. */
    quietDays: integer()
      .array()
      .notNull()
      .default(sql`'{}'::int[]`),
    quietFrom: time(),
    quietUntil: time(),
    lastLogin: timestamp({ withTimezone: true }),
    /**
     * Carried in the session's JWT and compared on every request (pages, API, realtime): bumping it signs
     * the user out everywhere (password change, "Sign out everywhere", deactivation, an admin's reset).
     */
    sessionVersion: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_lower_idx').on(sql`lower(${t.username})`),
    check('users_quiet_window_check', sql`(${t.quietFrom} is null) = (${t.quietUntil} is null)`),
  ],
);

export const groups = pgTable(
  'groups',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    description: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('groups_name_lower_idx').on(sql`lower(${t.name})`)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    /** A handle for the API (`/group_members/{id}`); the pair below is the key. */
    id: serial().notNull(),
    groupId: integer()
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.userId] }),
    uniqueIndex('group_members_id_idx').on(t.id),
    index('group_members_user_idx').on(t.userId),
  ],
);
