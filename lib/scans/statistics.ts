// DefectDojo's import `statistics`: per severity (and in total) how many findings are active,
// verified, duplicate, false positive, out of scope, mitigated, risk accepted, and all of them.
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';

const COUNTERS = ['active', 'verified', 'duplicate', 'false_p', 'out_of_scope', 'is_mitigated', 'risk_accepted', 'total'] as const;
const KEYS = ['info', 'low', 'medium', 'high', 'critical', 'total'] as const;

const countsSchema = z.object(
  Object.fromEntries(COUNTERS.map((c) => [c, z.number().int()])) as Record<(typeof COUNTERS)[number], z.ZodNumber>,
);
export const severityStatisticsSchema = z.object(
  Object.fromEntries(KEYS.map((k) => [k, countsSchema])) as Record<(typeof KEYS)[number], typeof countsSchema>,
);
export type SeverityStatistics = z.infer<typeof severityStatisticsSchema>;

export const importStatisticsSchema = z.object({
  before: severityStatisticsSchema.optional(),
  delta: z
    .object({
      created: severityStatisticsSchema,
      closed: severityStatisticsSchema,
      reactivated: severityStatisticsSchema,
      untouched: severityStatisticsSchema,
    })
    .optional(),
  after: severityStatisticsSchema,
});
export type ImportStatistics = z.infer<typeof importStatisticsSchema>;

type Counts = z.infer<typeof countsSchema>;
const zero = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

/** The statistics of the findings the condition selects (`test_id = …`, `id = any(…)`). */
async function statisticsWhere(db: Executor, where: SQL): Promise<SeverityStatistics> {
  const rows = await db.execute<Counts & { severity: string } & Record<string, unknown>>(sql`
    select lower(f.severity::text) as severity,
      count(*) filter (where f.active)::int as active, count(*) filter (where f.verified)::int as verified,
      0 as duplicate, count(*) filter (where f.false_p)::int as false_p, 0 as out_of_scope,
      count(*) filter (where f.is_mitigated)::int as is_mitigated,
      count(*) filter (where exists (
        select 1 from risk_acceptance_findings r where r.finding_id = f.id))::int as risk_accepted,
      count(*)::int as total
    from findings f where ${where} group by f.severity`);
  const stats = Object.fromEntries(KEYS.map((k) => [k, zero()])) as SeverityStatistics;
  for (const row of rows) {
    const key = row.severity as (typeof KEYS)[number];
    for (const c of COUNTERS) {
      stats[key][c] = Number(row[c]);
      stats.total[c] += Number(row[c]);
    }
  }
  return stats;
}

export function testStatistics(db: Executor, testId: number): Promise<SeverityStatistics> {
  return statisticsWhere(db, sql`f.test_id = ${testId}`);
}

export function findingsStatistics(db: Executor, ids: number[]): Promise<SeverityStatistics> {
  if (ids.length === 0) return Promise.resolve(Object.fromEntries(KEYS.map((k) => [k, zero()])) as SeverityStatistics);
  return statisticsWhere(db, sql`f.id = any(${`{${ids.join(',')}}`}::int[])`);
}
