// SLA due dates: days to fix per severity, set per product or system-wide (DefectDojo's defaults).
import type { Severity } from '../db/schema/enums';

export type SlaDays = Record<Severity, number | null>;

export const DEFAULT_SLA_DAYS: SlaDays = { Critical: 7, High: 30, Medium: 90, Low: 120, Info: null };

export interface ProductSla {
  slaCriticalDays: number | null;
  slaHighDays: number | null;
  slaMediumDays: number | null;
  slaLowDays: number | null;
}

export function slaDaysFor(product: ProductSla | null, defaults: SlaDays = DEFAULT_SLA_DAYS): SlaDays {
  return {
    Critical: product?.slaCriticalDays ?? defaults.Critical,
    High: product?.slaHighDays ?? defaults.High,
    Medium: product?.slaMediumDays ?? defaults.Medium,
    Low: product?.slaLowDays ?? defaults.Low,
    Info: defaults.Info,
  };
}

/** `YYYY-MM-DD` plus a number of days, in UTC calendar days. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day a finding's SLA expires, or null for severities without an SLA. */
export function slaExpirationDate(foundOn: string, severity: Severity, days: SlaDays): string | null {
  const n = days[severity];
  return n === null ? null : addDays(foundOn, n);
}
