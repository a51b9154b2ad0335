import { fill } from '../../common/templates';
import type { ReportTemplate } from './template';

interface DateParts {
  d: string;
  dd: string;
  mm: string;
  month: string;
  yyyy: string;
  HH: string;
  MM: string;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Constructing an Intl formatter is costly; one per process. Readers in the Netherlands read
// Dutch clock time, whatever zone the server runs in.
const amsterdam = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function partsOf(value: string, months: string[]): DateParts | null {
  const calendar = CALENDAR_DATE.exec(value);
  if (calendar) return assemble(calendar[1], calendar[2], calendar[3], '', '', months);
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return null;
  const parts: Record<string, string> = {};
  for (const part of amsterdam.formatToParts(instant)) parts[part.type] = part.value;
  return assemble(parts.year, parts.month, parts.day, parts.hour, parts.minute, months);
}

function assemble(yyyy: string, mm: string, dd: string, HH: string, MM: string, months: string[]): DateParts {
  return { d: String(Number(dd)), dd, mm, month: months[Number(mm) - 1] ?? mm, yyyy, HH, MM };
}

/** Dates and date-times as the template spells them; anything unparseable is shown as given. */
export class DateFormatter {
  constructor(private readonly formats: ReportTemplate['formats']) {}

  date(value: string): string {
    return this.format(value, this.formats.date);
  }

  dateShort(value: string): string {
    return this.format(value, this.formats.dateShort);
  }

  dateTime(value: string): string {
    return CALENDAR_DATE.test(value) ? this.date(value) : this.format(value, this.formats.dateTime);
  }

  dateTimeShort(value: string): string {
    return CALENDAR_DATE.test(value) ? this.dateShort(value) : this.format(value, this.formats.dateTimeShort);
  }

  private format(value: string, pattern: string): string {
    const parts = partsOf(value, this.formats.months);
    return parts ? fill(pattern, { ...parts }) : value;
  }
}
