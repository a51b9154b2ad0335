const LONG = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) as people read it: "1 juni 2026". */
export function longDate(isoDate: string): string {
  return LONG.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}
