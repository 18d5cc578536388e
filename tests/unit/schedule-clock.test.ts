import { describe, expect, it } from 'vitest';
import { daysBetween, isValidTimeZone, localDay, localTime } from '@/lib/schedules/clock';

describe('the schedules’ clock', () => {
  it('tells the local day and time in the configured time zone', () => {
    const instant = new Date('2026-06-15T02:30:00Z');
    expect(localDay(instant, 'UTC')).toBe('2026-06-15');
    expect(localDay(instant, 'America/New_York')).toBe('2026-06-14');
    expect(localTime(instant, 'Asia/Kolkata')).toBe('08:00');
    expect(localTime(new Date('2026-06-15T00:05:00Z'), 'UTC')).toBe('00:05');
  });

  it('counts whole days, negative into the past', () => {
    expect(daysBetween('2026-06-15', '2026-06-17')).toBe(2);
    expect(daysBetween('2026-06-15', '2026-06-12')).toBe(-3);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2); // across a DST change elsewhere
  });

  it('knows real time zones from made-up ones', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
