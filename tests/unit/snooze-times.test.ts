// The snooze choices, in the browser's local time: 1 hour, tomorrow at 8:00, next Monday at 8:00.
import { describe, expect, it } from 'vitest';
import { nextWeek, oneHourFrom, toLocalInput, tomorrowMorning } from '@/components/bell/snooze-times';

const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

describe('snooze times', () => {
  it('"1 hour" is sixty minutes from now', () => {
    expect(oneHourFrom(local(2026, 12, 2, 23, 30))).toEqual(local(2026, 12, 3, 0, 30));
  });

  it('"tomorrow morning" is 8:00 the next day, also across a month end', () => {
    expect(tomorrowMorning(local(2026, 12, 2, 14, 5))).toEqual(local(2026, 12, 3, 8));
    expect(tomorrowMorning(local(2026, 12, 31, 0, 10))).toEqual(local(2027, 1, 1, 8));
  });

  it('"next week" is the next Monday at 8:00; on a Monday it is the Monday after', () => {
    expect(nextWeek(local(2026, 12, 2, 9))).toEqual(local(2026, 12, 7, 8)); // a Wednesday
    expect(nextWeek(local(2026, 12, 6, 22))).toEqual(local(2026, 12, 7, 8)); // a Sunday
    expect(nextWeek(local(2026, 12, 7, 7))).toEqual(local(2026, 12, 14, 8)); // a Monday
  });

  it('fills a datetime-local input to the minute', () => {
    expect(toLocalInput(local(2026, 3, 4, 5, 6))).toBe('2026-03-04T05:06');
  });
});
