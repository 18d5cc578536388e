// The snooze choices of the bell and the alerts page, in the browser's time zone: "1 hour",
// "tomorrow morning" (8:00), "next week" (Monday 8:00), or a date and time the user picks.

export const MORNING_HOUR = 8;

export interface SnoozeChoice {
  label: string;
  until: (now: Date) => Date;
}

const at = (day: Date, hour: number) => {
  const date = new Date(day);
  date.setHours(hour, 0, 0, 0);
  return date;
};

export function oneHourFrom(now: Date): Date {
  return new Date(now.getTime() + 3_600_000);
}

export function tomorrowMorning(now: Date): Date {
  const day = new Date(now);
  day.setDate(day.getDate() + 1);
  return at(day, MORNING_HOUR);
}

/** The next Monday at 8:00 (a Monday's "next week" is the Monday after). */
export function nextWeek(now: Date): Date {
  const day = new Date(now);
  day.setDate(day.getDate() + ((8 - day.getDay()) % 7 || 7));
  return at(day, MORNING_HOUR);
}

export const SNOOZE_CHOICES: readonly SnoozeChoice[] = [
  { label: '1 hour', until: oneHourFrom },
  { label: 'Tomorrow morning', until: tomorrowMorning },
  { label: 'Next week', until: nextWeek },
];

/** The value of a datetime-local input, from a date (local time, to the minute). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
