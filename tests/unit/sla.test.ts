import { describe, expect, it } from 'vitest';
import { addDays, DEFAULT_SLA_DAYS, slaDaysFor, slaExpirationDate } from '@/lib/domain/sla';

describe('SLA due dates', () => {
  it('run from the day a finding was found, by severity', () => {
    expect(slaExpirationDate('2026-01-01', 'Critical', DEFAULT_SLA_DAYS)).toBe('2026-01-08');
    expect(slaExpirationDate('2026-01-01', 'High', DEFAULT_SLA_DAYS)).toBe('2026-01-31');
    expect(slaExpirationDate('2026-01-01', 'Low', DEFAULT_SLA_DAYS)).toBe('2026-05-01');
  });

  it('Info findings have no SLA', () => {
    expect(slaExpirationDate('2026-01-01', 'Info', DEFAULT_SLA_DAYS)).toBeNull();
  });

  it('a product overrides the system-wide days it sets, and only those', () => {
    const days = slaDaysFor({ slaCriticalDays: 2, slaHighDays: null, slaMediumDays: null, slaLowDays: 10 });
    expect(days).toEqual({ Critical: 2, High: 30, Medium: 90, Low: 10, Info: null });
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
