// The test fixtures announce nothing on their own. A test's app runs the worker, whose timer runs
// every schedule (stale and upcoming engagements, SLA, risk acceptances) against the test's data:
// a fixture that one of them would announce adds alerts while a test counts them (a mark-all-read
// answered 4 where 3 were left, once the stale-engagement schedule had ticked in between).
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { runSchedule, SCHEDULE_NAMES } from '@/lib/schedules/runner';
import { addProductTypeMember, makeProductType, makeProgram, makeUser } from '../support/fixtures';

it('every schedule, run now, finds nothing to announce in the fixtures', async () => {
  const type = await makeProductType();
  const user = await makeUser();
  await addProductTypeMember(type.id, user.id, 'Reader');
  for (const severity of ['Critical', 'High', 'Medium', 'Low', 'Info'] as const) await makeProgram(type.id, severity);

  const outcomes = [];
  for (const schedule of SCHEDULE_NAMES) outcomes.push(await runSchedule(db(), schedule, new Date(), 'manual'));
  expect(outcomes.map((o) => [o.schedule, o.ran])).toEqual(SCHEDULE_NAMES.map((s) => [s, true]));
  const [row] = await db().execute<{ events: number; alerts: number }>(sql`
    select (select count(*)::int from notification_events) as events, (select count(*)::int from alerts) as alerts`);
  expect(row).toEqual({ events: 0, alerts: 0 });
});
