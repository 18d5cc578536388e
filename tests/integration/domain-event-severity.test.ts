// Emitters record the severity of the findings their events are about (DESIGN §4b.1).
import { desc, eq, sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { notificationEvents, riskAcceptanceFindings, riskAcceptances, findings } from '@/lib/db/schema';
import { importScan } from '@/lib/domain/import-scan';
import { createNote } from '@/lib/domain/notes';
import { runSchedule } from '@/lib/schedules/runner';
import { addProductMember, makeProductType, makeProgram, makeUser } from '../support/fixtures';
import { resetWorld } from '../support/notifications';

beforeEach(resetWorld);

const latest = async (type: string) =>
  (await db().select().from(notificationEvents).where(eq(notificationEvents.type, type)).orderBy(desc(notificationEvents.id)).limit(1))[0];

it('scan_added carries the highest severity among the findings the import created or reactivated', async () => {
  const p = await makeProgram((await makeProductType()).id, 'Critical');
  const admin = await makeUser({ isSuperuser: true });
  const actor = { id: admin.id, isSuperuser: true, globalRole: null };
  // The Critical finding the program starts with is closed (not reported): it does not count.
  await importScan(db(), actor, {
    test: p.test.id,
    findings: [
      { title: 'A', severity: 'Low' },
      { title: 'B', severity: 'High' },
    ],
  });
  expect((await latest('scan_added'))?.severity).toBe('High');
  await importScan(db(), actor, { test: p.test.id, findings: [{ title: 'A', severity: 'Low' }] });
  expect((await latest('scan_added'))?.severity).toBeNull(); // only a close
});

it("user_mentioned carries the finding's severity", async () => {
  const p = await makeProgram((await makeProductType()).id, 'Medium');
  const [author, named] = [await makeUser({ username: 'author' }), await makeUser({ username: 'named' })];
  for (const u of [author, named]) await addProductMember(p.product.id, u.id, 'Writer');
  await createNote(db(), { id: author.id, isSuperuser: false, globalRole: null }, p.finding.id, { entry: 'look @named' });
  expect((await latest('user_mentioned'))?.severity).toBe('Medium');
});

it('risk_acceptance_expiration carries the highest severity among its findings', async () => {
  const p = await makeProgram((await makeProductType()).id, 'Low');
  const [high] = await db().insert(findings).values({ testId: p.test.id, title: 'H', severity: 'High' }).returning();
  const [ra] = await db().insert(riskAcceptances).values({ name: 'RA', productId: p.product.id, expirationDate: '2026-06-16' }).returning();
  await db()
    .insert(riskAcceptanceFindings)
    .values([p.finding.id, high!.id].map((findingId) => ({ riskAcceptanceId: ra!.id, findingId })));
  await db().execute(sql`truncate scheduled_notices, schedule_runs`);
  await runSchedule(db(), 'risk_acceptances', new Date('2026-06-15T12:00:00Z'), 'manual');
  expect((await latest('risk_acceptance_expiration'))?.severity).toBe('High');
});
