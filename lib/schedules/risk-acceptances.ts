// Risk acceptances: a warning when one expires within N days, and on expiry its findings are
// reactivated (as DefectDojo does) and that is announced. Each once per acceptance and date.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import type { Severity } from '../db/schema/enums';
import { rankSql } from '../notifications/filters-sql';
import { describeEvent } from '../notifications/messages';
import { notifyOnce, stopIfAsked } from './notices';
import type { ScheduleContext } from './types';

type Acceptance = {
  id: number;
  name: string;
  expiration_date: string;
  product_id: number;
  product_name: string;
  /** The highest severity among its findings: the event's. */
  highest: Severity | null;
};

const pending = (where: ReturnType<typeof sql>) => sql`
  select ra.id, ra.name, ra.expiration_date::text, p.id as product_id, p.name as product_name,
    (select f.severity::text from risk_acceptance_findings raf join findings f on f.id = raf.finding_id
     where raf.risk_acceptance_id = ra.id order by ${rankSql(sql`f.severity::text`)} desc limit 1) as highest
  from risk_acceptances ra join products p on p.id = ra.product_id
  where ra.expired_at is null and ${where}
  order by ra.id`;

export async function runRiskAcceptanceSchedules(db: Executor, context: ScheduleContext): Promise<number> {
  return (await expire(db, context)) + (await warn(db, context));
}

async function warn(db: Executor, { today, settings, signal }: ScheduleContext): Promise<number> {
  if (!settings.riskAcceptanceEnabled) return 0;
  const rows = await db.execute<Acceptance>(
    pending(sql`
    ra.expiration_date > ${today}::date and ra.expiration_date <= ${today}::date + ${settings.riskAcceptanceDays}::int`),
  );
  let sent = 0;
  for (const ra of rows) {
    stopIfAsked(signal);
    const event = describeEvent('risk_acceptance_expiration', {
      riskAcceptance: ra,
      product: { id: ra.product_id, name: ra.product_name },
      expiresOn: ra.expiration_date,
      expired: false,
      reactivated: 0,
      highest: ra.highest,
    });
    event.groupBy = `risk_acceptance:${ra.id}`;
    if (await notifyOnce(db, { schedule: 'risk_acceptance_expiring', subjectId: ra.id, period: ra.expiration_date }, event)) sent++;
  }
  return sent;
}

/** Expiry happens whether or not the notification is enabled: the acceptance is over either way. */
async function expire(db: Executor, { today, settings, signal }: ScheduleContext): Promise<number> {
  const rows = await db.execute<Acceptance>(pending(sql`ra.expiration_date <= ${today}::date`));
  let sent = 0;
  for (const ra of rows) {
    stopIfAsked(signal);
    await db.transaction(async (tx) => {
      // Claim the expiry: a second worker finds it taken and leaves the findings alone.
      const claimed = await tx.execute(
        sql`update risk_acceptances set expired_at = now() where id = ${ra.id} and expired_at is null returning id`,
      );
      if (claimed.length === 0) return;
      const reactivated = await tx.execute(sql`
        update findings set active = true
        where not active and id in (select finding_id from risk_acceptance_findings where risk_acceptance_id = ${ra.id})
        returning id`);
      if (!settings.riskAcceptanceEnabled) return;
      const event = describeEvent('risk_acceptance_expiration', {
        riskAcceptance: ra,
        product: { id: ra.product_id, name: ra.product_name },
        expiresOn: ra.expiration_date,
        expired: true,
        reactivated: reactivated.length,
        highest: ra.highest,
      });
      event.groupBy = `risk_acceptance:${ra.id}`;
      if (await notifyOnce(tx, { schedule: 'risk_acceptance_expired', subjectId: ra.id, period: ra.expiration_date }, event)) sent++;
    });
  }
  return sent;
}
