import { CaseContext, CaseEvent } from '../../workflows/basisscan.machine';
import { addDays, addMonths, addWorkingDays, dayOf } from '../../workflows/dates';

/** Defaults from the domain brief (process.md, "Deadlines" and "Confidentiality and retention"). */
export const DEADLINE_DEFAULTS = {
  consentDays: 7,
  questionnaireDays: 7,
  wederhoorWorkingDays: 5,
  vogWarningDaysBeforeAppointment: 21,
  retentionNotAppointedDays: 28,
  /** Until the end of the term: a council term is four years. */
  retentionAppointedMonths: 48,
};

export interface JobPlan {
  /** Pending jobs of these kinds are cancelled. */
  cancel: string[];
  /** New jobs; a pending job of the same kind is replaced. */
  schedule: { kind: string; dueAt: string; event: CaseEvent['type'] extends never ? never : Record<string, unknown> }[];
}

const endOfDay = (isoDate: string) => `${isoDate}T23:59:59.000Z`;

/** The deadlines an accepted event starts or ends. Durable: they become rows, not timers. */
export function plan(event: CaseEvent | { type: 'COMMISSION'; at: string }, after: CaseContext): JobPlan {
  const day = dayOf(event.at);
  const deadline = (kind: string, dueAt: string) => ({ kind, dueAt, event: { type: 'DEADLINE_PASSED', deadline: kind } });
  const vogWarning = () => {
    const due = addDays(after.plannedAppointmentDate, -DEADLINE_DEFAULTS.vogWarningDaysBeforeAppointment);
    return after.vog.issueDate ? [] : [deadline('vog_waarschuwing', endOfDay(due < day ? day : due))];
  };
  if (after.closedAt && event.type !== 'RETENTION_EXPIRED') {
    const appointed = after.outcome?.outcome === 'benoemd';
    const due = appointed
      ? addMonths(after.outcome!.date, DEADLINE_DEFAULTS.retentionAppointedMonths)
      : addDays(dayOf(after.closedAt), DEADLINE_DEFAULTS.retentionNotAppointedDays);
    return {
      cancel: ['toestemming', 'vragenlijst', 'wederhoor', 'vog_waarschuwing'],
      schedule: [{ kind: 'bewaartermijn', dueAt: endOfDay(due), event: { type: 'RETENTION_EXPIRED' } }],
    };
  }
  switch (event.type) {
    case 'COMMISSION':
      return { cancel: [], schedule: vogWarning() };
    case 'CHANGE_APPOINTMENT_DATE':
      return { cancel: ['vog_waarschuwing'], schedule: vogWarning() };
    case 'VOG_ISSUED':
      return { cancel: ['vog_waarschuwing'], schedule: [] };
    case 'INVITE_CANDIDATE':
      return { cancel: [], schedule: [deadline('toestemming', endOfDay(addDays(day, DEADLINE_DEFAULTS.consentDays)))] };
    case 'GIVE_CONSENT':
      return { cancel: ['toestemming'], schedule: [deadline('vragenlijst', endOfDay(addDays(day, DEADLINE_DEFAULTS.questionnaireDays)))] };
    case 'SUBMIT_QUESTIONNAIRE':
      return { cancel: ['vragenlijst'], schedule: [] };
    case 'SUBMIT_DRAFT':
      return { cancel: [], schedule: [deadline('wederhoor', endOfDay(addWorkingDays(day, DEADLINE_DEFAULTS.wederhoorWorkingDays)))] };
    case 'RESPOND_TO_FINDINGS':
    case 'DECLINE_RESPONSE':
      return { cancel: ['wederhoor'], schedule: [] };
    default:
      return { cancel: [], schedule: [] };
  }
}
