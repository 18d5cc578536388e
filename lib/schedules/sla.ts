// SLA breaches: findings whose SLA is breached, or will be within N days, once per finding and day;
// or, combined, once per product and day listing them.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { describeEvent } from '../notifications/messages';
import { daysBetween } from './clock';
import { notifyOnce, stopIfAsked } from './notices';
import type { ScheduleContext } from './types';

type DueFinding = {
  id: number;
  title: string;
  severity: string;
  due_on: string;
  product_id: number;
  product_name: string;
};

export async function runSlaBreaches(db: Executor, { today, settings, signal }: ScheduleContext): Promise<number> {
  if (!settings.slaEnabled || settings.slaSeverities.length === 0) return 0;
  const due = await db.execute<DueFinding>(sql`
    select f.id, f.title, f.severity::text, f.sla_expiration_date::text as due_on, p.id as product_id, p.name as product_name
    from findings f
    join tests t on t.id = f.test_id join engagements e on e.id = t.engagement_id join products p on p.id = e.product_id
    where f.sla_expiration_date <= ${today}::date + ${settings.slaDaysBefore}::int
      and (${settings.slaPostBreachDays}::int is null or f.sla_expiration_date >= ${today}::date - ${settings.slaPostBreachDays}::int)
      and f.severity::text = any(${`{${settings.slaSeverities.join(',')}}`}::text[])
      and (not ${settings.slaActiveOnly} or f.active)
      and (not ${settings.slaVerifiedOnly} or f.verified)
    order by p.id, f.sla_expiration_date, f.id`);

  if (settings.slaCombined) return notifyPerProduct(db, today, due, signal);
  let sent = 0;
  for (const f of due) {
    stopIfAsked(signal);
    const event = describeEvent('sla_breach', {
      finding: { id: f.id, name: f.title, severity: f.severity },
      product: { id: f.product_id, name: f.product_name },
      dueOn: f.due_on,
      daysLeft: daysBetween(today, f.due_on),
    });
    if (await notifyOnce(db, { schedule: 'sla_breach', subjectId: f.id, period: today }, event)) sent++;
  }
  return sent;
}

async function notifyPerProduct(db: Executor, today: string, due: DueFinding[], signal?: AbortSignal): Promise<number> {
  const byProduct = new Map<number, DueFinding[]>();
  for (const f of due) {
    const findings = byProduct.get(f.product_id);
    if (findings) findings.push(f);
    else byProduct.set(f.product_id, [f]);
  }
  let sent = 0;
  for (const [productId, findings] of byProduct) {
    stopIfAsked(signal);
    const event = describeEvent('sla_breach_combined', {
      product: { id: productId, name: findings[0]!.product_name },
      findings: findings.map((f) => ({
        id: f.id,
        title: f.title,
        severity: f.severity,
        dueOn: f.due_on,
        daysLeft: daysBetween(today, f.due_on),
      })),
    });
    if (await notifyOnce(db, { schedule: 'sla_breach_combined', subjectId: productId, period: today }, event)) sent++;
  }
  return sent;
}
