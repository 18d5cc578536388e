// SQL fragments of the noise filters (DESIGN §4b) that resolve.ts composes: severity floors and
// quiet hours. Plain expressions, no statements: the fan-out stays one query.
import { sql, type SQL } from 'drizzle-orm';
import { SEVERITIES, type Severity } from '../db/schema/enums';

/** Least to most severe: a floor passes an event whose rank is at least the floor's. */
export const SEVERITY_RANKS: readonly Severity[] = [...SEVERITIES].reverse();
const ranks = sql.raw(`array[${SEVERITY_RANKS.map((s) => `'${s}'`).join(',')}]::text[]`);

export function severityRank(severity: Severity): number {
  return SEVERITY_RANKS.indexOf(severity) + 1;
}

/** The rank (1 Info … 5 Critical) of a text expression naming a severity; null for null. */
export const rankSql = (severity: SQL) => sql`array_position(${ranks}, ${severity})`;

/**
 * Whether `channel` of a row with these floors (jsonb `{"mail": "High"}`) is used for an event of
 * this severity: always for an event without severity, or a channel without floor.
 */
export function floorPassesSql(floors: SQL, channel: SQL, severity: Severity | null): SQL {
  if (severity === null) return sql`true`;
  return sql`coalesce(${severityRank(severity)}::int >= ${rankSql(sql`${floors} ->> ${channel}`)}, true)`;
}

/** Whether the timestamptz `at` falls in user `u`'s quiet hours (a quiet day, or the daily window). */
function quietAtSql(u: SQL, at: SQL): SQL {
  const local = sql`(${at} at time zone ${u}.time_zone)`;
  return sql`(extract(isodow from ${local})::int = any(${u}.quiet_days)
    or (${u}.quiet_from is not null and case when ${u}.quiet_from <= ${u}.quiet_until
      then ${local}::time >= ${u}.quiet_from and ${local}::time < ${u}.quiet_until
      else ${local}::time >= ${u}.quiet_from or ${local}::time < ${u}.quiet_until end))`;
}

/**
 * When user `u`'s quiet hours that hold `now` end, or null when `now` is not quiet for them. Quiet
 * hours end at the window's end or at a midnight, local: the first such moment after now, within
 * a week and a day, that is not itself quiet.
 */
export function quietUntilSql(u: SQL, now: SQL = sql`now()`): SQL {
  const localToday = sql`(${now} at time zone ${u}.time_zone)::date`;
  const candidate = sql`((d.day::date + b.at) at time zone ${u}.time_zone)`;
  return sql`case when (cardinality(${u}.quiet_days) > 0 or ${u}.quiet_from is not null) and ${quietAtSql(u, now)} then (
    select min(${candidate})
    from generate_series(${localToday}, ${localToday} + 8, interval '1 day') as d (day)
    cross join lateral (values (time '00:00'), (coalesce(${u}.quiet_until, time '00:00'))) as b (at)
    where ${candidate} > ${now} and not ${quietAtSql(u, candidate)}
  ) end`;
}
