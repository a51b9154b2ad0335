const LONG = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) as people read it: "1 juni 2026". */
export function longDate(isoDate: string): string {
  return LONG.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/**
 * The one way a deadline is written, in mail, guide and web app alike: "uiterlijk 10 december 2026".
 * A deadline is due at the end of its day (23:59:59 UTC, see jobs/deadlines.ts); its day is the
 * calendar date of that moment in UTC, so no reader sees the next day's "00:59" in Amsterdam.
 */
export function deadlineDay(dueAt: string): string {
  return dueAt.slice(0, 10);
}

export function deadlineText(dueAt: string): string {
  return `uiterlijk ${longDate(deadlineDay(dueAt))}`;
}
