import type { JobPlan } from '../jobs/deadlines';
import { REMINDER_PREFIX, REMINDERS } from './consequences';

/** The working day `days` working days before a date (YYYY-MM-DD). */
export function workingDaysBefore(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  let taken = 0;
  while (taken < days) {
    date.setUTCDate(date.getUTCDate() - 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) taken++;
  }
  return date.toISOString().slice(0, 10);
}

/** Reminders go out in the morning (07:00 UTC: 08:00 or 09:00 in the Netherlands). */
const REMINDER_HOUR_UTC = 7;
const inTheMorning = (isoDate: string) => `${isoDate}T${String(REMINDER_HOUR_UTC).padStart(2, '0')}:00:00.000Z`;

/** The job kinds of measure reminders: one per due date, `herinnering:maatregel:<YYYY-MM-DD>`. */
export const MEASURE_REMINDER_PREFIX = `${REMINDER_PREFIX}maatregel:`;

/**
 * The reminders of a case's beheersmaatregelen: on the morning of each due date still ahead, one
 * job (several measures on one day give one notice). Pure: time comes in as `now`.
 */
export function measureReminderJobs(dueDates: string[], now: Date): { kind: string; dueAt: string; event: { type: 'REMINDER'; deadline: 'maatregel' } }[] {
  return [...new Set(dueDates.filter((date) => /^\d{4}-\d{2}-\d{2}$/.test(date)))]
    .map((date) => ({ kind: `${MEASURE_REMINDER_PREFIX}${date}`, dueAt: inTheMorning(date), event: { type: 'REMINDER' as const, deadline: 'maatregel' as const } }))
    .filter((job) => Date.parse(job.dueAt) > now.getTime());
}

/**
 * A deadline plan with its reminders: each deadline of REMINDERS gets a reminder job that many
 * working days before its day, unless that moment has passed; cancelling or replacing a deadline
 * cancels its reminder. Pure: time comes in as `now`.
 */
export function withReminders(plan: JobPlan, workingDays: number, now: Date): JobPlan {
  if (workingDays <= 0) return plan;
  const touched = [...plan.cancel, ...plan.schedule.map((j) => j.kind)].filter((kind) => REMINDERS[kind]);
  const reminders = plan.schedule
    .filter((job) => REMINDERS[job.kind])
    .map((job) => ({ kind: `${REMINDER_PREFIX}${job.kind}`, dueAt: inTheMorning(workingDaysBefore(job.dueAt.slice(0, 10), workingDays)), event: { type: 'REMINDER', deadline: job.kind } }))
    .filter((job) => Date.parse(job.dueAt) > now.getTime());
  return { cancel: [...plan.cancel, ...touched.map((kind) => `${REMINDER_PREFIX}${kind}`)], schedule: [...plan.schedule, ...reminders] };
}
