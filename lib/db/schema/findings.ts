import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { engagementStatusEnum, severityEnum } from './enums';
import { products } from './products';
import { users } from './users';

export const engagements = pgTable(
  'engagements',
  {
    id: serial().primaryKey(),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text().notNull().default(''),
    targetStart: date().notNull(),
    targetEnd: date().notNull(),
    status: engagementStatusEnum().notNull().default('Not Started'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('engagements_product_idx').on(t.productId)],
);

export const tests = pgTable(
  'tests',
  {
    id: serial().primaryKey(),
    engagementId: integer()
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    testType: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tests_engagement_idx').on(t.engagementId)],
);

export const findings = pgTable(
  'findings',
  {
    id: serial().primaryKey(),
    testId: integer()
      .notNull()
      .references(() => tests.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    severity: severityEnum().notNull(),
    description: text().notNull().default(''),
    active: boolean().notNull().default(true),
    verified: boolean().notNull().default(false),
    /** The day the finding was found; its SLA runs from here. */
    date: date().notNull().defaultNow(),
    slaExpirationDate: date(),
    reporterId: integer().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // What scan reports carry (lib/scans): where, what, and how reimports recognize the finding again.
    filePath: text(),
    line: integer(),
    cwe: integer(),
    /** CVE, GHSA, … ids. */
    vulnerabilityIds: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    componentName: text(),
    componentVersion: text(),
    uniqueIdFromTool: text(),
    /** sha256 over the format's identifying fields (lib/scans/hash-code.ts). */
    hashCode: text(),
    staticFinding: boolean().notNull().default(false),
    dynamicFinding: boolean().notNull().default(false),
    falseP: boolean().notNull().default(false),
    /** Closed because a scan no longer reported it (or by hand), as DefectDojo's is_mitigated. */
    isMitigated: boolean().notNull().default(false),
    mitigatedAt: timestamp({ withTimezone: true }),
    mitigation: text().notNull().default(''),
    references: text().notNull().default(''),
    /** URLs a DAST finding was seen at. */
    endpoints: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    index('findings_test_idx').on(t.testId),
    index('findings_sla_idx').on(t.slaExpirationDate),
    index('findings_test_hash_idx').on(t.testId, t.hashCode),
    index('findings_test_unique_id_idx').on(t.testId, t.uniqueIdFromTool),
  ],
);

export const notes = pgTable(
  'notes',
  {
    id: serial().primaryKey(),
    findingId: integer()
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    authorId: integer().references(() => users.id, { onDelete: 'set null' }),
    entry: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notes_finding_idx').on(t.findingId)],
);

export const noteMentions = pgTable(
  'note_mentions',
  {
    noteId: integer()
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.userId] })],
);

export const riskAcceptances = pgTable(
  'risk_acceptances',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    productId: integer()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    ownerId: integer().references(() => users.id, { onDelete: 'set null' }),
    expirationDate: date(),
    /** Set when the expiry schedule reactivated its findings. */
    expiredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('risk_acceptances_product_idx').on(t.productId), index('risk_acceptances_expiration_idx').on(t.expirationDate)],
);

export const riskAcceptanceFindings = pgTable(
  'risk_acceptance_findings',
  {
    riskAcceptanceId: integer()
      .notNull()
      .references(() => riskAcceptances.id, { onDelete: 'cascade' }),
    findingId: integer()
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.riskAcceptanceId, t.findingId] })],
);
