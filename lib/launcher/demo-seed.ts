// The demo: a small security program whose dates are relative to today, so the scheduled
// notifications (SLA, engagements, risk acceptances) have something to say. Loaded once.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import {
  appMeta,
  engagements,
  findings,
  groupMembers,
  groups,
  notes,
  productGroups,
  productMembers,
  productTypeMembers,
  products,
  productTypes,
  riskAcceptanceFindings,
  riskAcceptances,
  scheduleSettings,
  systemSettings,
  tests,
} from '../db/schema';
import type { Role, Severity } from '../db/schema/enums';
import { SYSTEM_ACTOR } from '../audit/record';
import { createUser } from '../domain/users';
import { addDays, DEFAULT_SLA_DAYS, slaExpirationDate, toIsoDate } from '../domain/sla';

export const DEMO_USERS = [
  { username: 'olivia', firstName: 'Olivia', lastName: 'Reed', globalRole: 'Reader' as Role, note: 'global Reader: sees everything' },
  { username: 'alice', firstName: 'Alice', lastName: 'Ng', globalRole: null, note: 'Owner of the Web Applications product type' },
  { username: 'bob', firstName: 'Bob', lastName: 'Stone', globalRole: null, note: 'Writer on Payments API' },
  {
    username: 'carol',
    firstName: 'Carol',
    lastName: 'Diaz',
    globalRole: null,
    note: 'Maintainer of iOS App through the Mobile Team group',
  },
  { username: 'erin', firstName: 'Erin', lastName: 'Park', globalRole: null, note: 'no memberships: sees nothing' },
] as const;

export const DEMO_SEED_KEY = 'demo_seed';

export async function isDemoSeeded(db: Executor): Promise<boolean> {
  const [row] = await db.select().from(appMeta).where(eq(appMeta.key, DEMO_SEED_KEY));
  return Boolean(row);
}

/** Loads the demo unless it was loaded before or the database already holds a program. */
export async function seedDemo(db: Executor, options: { password: string; today?: Date }): Promise<boolean> {
  const today = toIsoDate(options.today ?? new Date());
  return db.transaction(async (tx) => {
    // Serialise concurrent seeders (web and worker starting together).
    await tx.execute(sql`select pg_advisory_xact_lock(7420002)`);
    if (await isDemoSeeded(tx)) return false;
    const [existing] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from products`);
    if ((existing?.n ?? 0) > 0) return false;

    const u: Record<string, number> = {};
    for (const d of DEMO_USERS) {
      const user = await createUser(tx, SYSTEM_ACTOR, {
        username: d.username,
        password: options.password,
        email: `${d.username}@example.com`,
        firstName: d.firstName,
        lastName: d.lastName,
        globalRole: d.globalRole,
      });
      u[d.username] = user.id;
    }

    const [web, mobile] = await tx
      .insert(productTypes)
      .values([
        { name: 'Web Applications', description: 'Customer-facing web properties and their APIs' },
        { name: 'Mobile', description: 'iOS and Android apps' },
      ])
      .returning();
    const [portal, payments, ios, android] = await tx
      .insert(products)
      .values([
        { name: 'Customer Portal', description: 'Self-service portal for customers', prodTypeId: web!.id },
        { name: 'Payments API', description: 'Card payments and refunds', prodTypeId: web!.id },
        { name: 'iOS App', description: 'The iPhone and iPad app', prodTypeId: mobile!.id },
        { name: 'Android App', description: 'The Android app', prodTypeId: mobile!.id },
      ])
      .returning();

    const [mobileTeam] = await tx.insert(groups).values({ name: 'Mobile Team', description: 'Builds the mobile apps' }).returning();
    await tx.insert(groupMembers).values({ groupId: mobileTeam!.id, userId: u.carol! });
    await tx.insert(productTypeMembers).values({ productTypeId: web!.id, userId: u.alice!, role: 'Owner' });
    await tx.insert(productMembers).values({ productId: payments!.id, userId: u.bob!, role: 'Writer' });
    await tx.insert(productGroups).values({ productId: ios!.id, groupId: mobileTeam!.id, role: 'Maintainer' });

    const [upcoming, stale, iosCi, androidRelease] = await tx
      .insert(engagements)
      .values([
        {
          productId: portal!.id,
          name: 'Q4 Penetration Test',
          targetStart: addDays(today, 1),
          targetEnd: addDays(today, 15),
          status: 'Not Started',
        },
        {
          productId: payments!.id,
          name: 'Annual PCI Audit',
          targetStart: addDays(today, -60),
          targetEnd: addDays(today, -5),
          status: 'In Progress',
        },
        {
          productId: ios!.id,
          name: 'CI/CD Scans',
          targetStart: addDays(today, -30),
          targetEnd: addDays(today, 335),
          status: 'In Progress',
        },
        {
          productId: android!.id,
          name: 'Release 5.2 Review',
          targetStart: addDays(today, -10),
          targetEnd: addDays(today, 20),
          status: 'In Progress',
        },
      ])
      .returning();
    const [zap, burp, semgrep, mobsf] = await tx
      .insert(tests)
      .values([
        { engagementId: upcoming!.id, title: 'Baseline scan', testType: 'ZAP Scan' },
        { engagementId: stale!.id, title: 'Authenticated crawl', testType: 'Burp Scan' },
        { engagementId: iosCi!.id, title: 'Static analysis', testType: 'Semgrep JSON Report' },
        { engagementId: androidRelease!.id, title: 'Mobile scan', testType: 'MobSF Scan' },
      ])
      .returning();

    // Found `daysAgo` days ago; the SLA runs from then. Critical found 5 days ago is due in 2 days;
    // High found 35 days ago breached its 30-day SLA 5 days ago (within the default 7 days of reminders).
    const finding = (testId: number, title: string, severity: Severity, daysAgo: number, verified = true) => {
      const date = addDays(today, -daysAgo);
      return {
        testId,
        title,
        severity,
        date,
        verified,
        active: true,
        slaExpirationDate: slaExpirationDate(date, severity, DEFAULT_SLA_DAYS),
        description: `${title}.`,
      };
    };
    const inserted = await tx
      .insert(findings)
      .values([
        finding(burp!.id, 'SQL injection in refund endpoint', 'Critical', 5),
        finding(burp!.id, 'Card number logged in plain text', 'High', 35),
        finding(burp!.id, 'Missing rate limit on login', 'Medium', 12),
        finding(burp!.id, 'Verbose error messages', 'Low', 20),
        finding(zap!.id, 'Missing Content-Security-Policy header', 'Medium', 3, false),
        finding(zap!.id, 'Server version disclosed', 'Info', 3, false),
        finding(semgrep!.id, 'Hard-coded API key in build script', 'High', 8),
        finding(semgrep!.id, 'Insecure random for session ids', 'Medium', 30),
        finding(mobsf!.id, 'Exported activity without permission', 'High', 2),
        finding(mobsf!.id, 'Debuggable build flag set', 'Low', 2),
      ])
      .returning();
    const byTitle = (t: string) => inserted.find((f) => f.title === t)!.id;

    await tx.insert(notes).values({
      findingId: byTitle('SQL injection in refund endpoint'),
      authorId: u.alice!,
      entry: 'Reproduced on staging; fix is in review.',
    });
    const [acceptance] = await tx
      .insert(riskAcceptances)
      .values({
        name: 'Accept verbose errors until the 5.0 rewrite',
        productId: payments!.id,
        ownerId: u.alice!,
        expirationDate: addDays(today, 3),
      })
      .returning();
    await tx.insert(riskAcceptanceFindings).values({ riskAcceptanceId: acceptance!.id, findingId: byTitle('Verbose error messages') });
    await tx
      .update(findings)
      .set({ active: false })
      .where(eq(findings.id, byTitle('Verbose error messages')));

    // The schedules run from midnight, so the worker's first tick after `npm run dev` sends today's
    // SLA, engagement and risk-acceptance notifications; and mail is on, so they show in the local
    // outbox (no Resend key needed). An admin's own settings, if any, are kept.
    await tx.insert(scheduleSettings).values({ id: 1, runAt: '00:00' }).onConflictDoNothing();
    await tx.insert(systemSettings).values({ id: 1, enableMailNotifications: true }).onConflictDoNothing();

    await tx.insert(appMeta).values({ key: DEMO_SEED_KEY, value: { seededOn: today } });
    return true;
  });
}
