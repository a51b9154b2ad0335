import { CaseContext, CaseEvent, vogValidOn } from '../../workflows/basisscan-2.machine';
import { addDays, addWorkingDays, dayOf } from '../../workflows/dates';
import { destructionDay, EffectiveRetention } from './retention';
import { basisscanVersion } from '../../workflows';

/** Defaults from the domain brief (process.md, "Deadlines" and "Confidentiality and retention"). */
export const DEADLINE_DEFAULTS = {
  consentDays: 7,
  questionnaireDays: 7,
  wederhoorWorkingDays: 5,
  vogWarningDaysBeforeAppointment: 21,
  /** 2.0.0: remind the opdrachtgever when no VOG is requested two working days after commissioning. */
  vogRequestWorkingDays: 2,
};

export interface JobPlan {
  /** Pending jobs of these kinds are cancelled. */
  cancel: string[];
  /** New jobs; a pending job of the same kind is replaced. */
  schedule: { kind: string; dueAt: string; event: Record<string, unknown> }[];
}

const endOfDay = (isoDate: string) => `${isoDate}T23:59:59.000Z`;

/**
 * The deadlines an accepted event starts or ends. Durable: they become rows, not timers. A
 * 1.0.0 case keeps its rules: the VOG warning until any VOG is issued, no request reminder.
 */
export function plan(event: CaseEvent | { type: 'COMMISSION'; at: string }, after: CaseContext, retention: EffectiveRetention, machineVersion: string): JobPlan {
  const v2 = basisscanVersion(machineVersion).vogAtAppointment;
  const day = dayOf(event.at);
  const deadline = (kind: string, dueAt: string) => ({ kind, dueAt, event: { type: 'DEADLINE_PASSED', deadline: kind } });
  // 2.0.0: three weeks before the planned date, unless a VOG is valid on it; re-planned when the date or the VOG changes.
  const vogWarning = () => {
    const due = addDays(after.plannedAppointmentDate, -DEADLINE_DEFAULTS.vogWarningDaysBeforeAppointment);
    const settled = v2 ? vogValidOn(after, after.plannedAppointmentDate) : !!after.vog.issueDate;
    return settled ? [] : [deadline('vog_waarschuwing', endOfDay(due < day ? day : due))];
  };
  if (after.closedAt && event.type !== 'RETENTION_EXPIRED') {
    // Appointed: to the end of the raad's term (or the FG's shorter period); otherwise days after closing.
    const due = destructionDay(after.outcome?.outcome, after.outcome?.date ?? dayOf(after.closedAt), dayOf(after.closedAt), after.organisationKind, retention);
    return {
      cancel: ['toestemming', 'vragenlijst', 'wederhoor', 'vog_waarschuwing', 'vog_aanvraag', 'aanvullend_onderzoek_toestemming'],
      schedule: [{ kind: 'bewaartermijn', dueAt: endOfDay(due), event: { type: 'RETENTION_EXPIRED' } }],
    };
  }
  switch (event.type) {
    case 'COMMISSION':
      return { cancel: [], schedule: [...vogWarning(), ...(v2 ? [deadline('vog_aanvraag', endOfDay(addWorkingDays(day, DEADLINE_DEFAULTS.vogRequestWorkingDays)))] : [])] };
    case 'CHANGE_APPOINTMENT_DATE':
      return { cancel: ['vog_waarschuwing'], schedule: vogWarning() };
    case 'VOG_REQUESTED':
      return v2 ? { cancel: ['vog_aanvraag'], schedule: [] } : { cancel: [], schedule: [] };
    case 'VOG_ISSUED':
    case 'VOG_REFUSED':
      return v2 ? { cancel: ['vog_waarschuwing'], schedule: vogWarning() } : event.type === 'VOG_ISSUED' ? { cancel: ['vog_waarschuwing'], schedule: [] } : { cancel: [], schedule: [] };
    case 'REQUEST_FURTHER_INVESTIGATION':
      return v2 ? { cancel: [], schedule: [deadline('aanvullend_onderzoek_toestemming', endOfDay(addDays(day, DEADLINE_DEFAULTS.consentDays)))] } : { cancel: [], schedule: [] };
    case 'CONSENT_TO_FURTHER_INVESTIGATION':
      return { cancel: ['aanvullend_onderzoek_toestemming'], schedule: [] };
    case 'INVITE_CANDIDATE':
      // After consent a new invitation only gives the candidate a new link: no consent deadline.
      return after.consent ? { cancel: [], schedule: [] } : { cancel: [], schedule: [deadline('toestemming', endOfDay(addDays(day, DEADLINE_DEFAULTS.consentDays)))] };
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
