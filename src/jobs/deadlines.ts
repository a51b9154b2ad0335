import { CaseContext, CaseEvent, vogValidOn } from '../../workflows/basisscan-2.machine';
import { addDays, addWorkingDays, dayOf } from '../../workflows/dates';
import { destructionDay, EffectiveRetention } from './retention';
import { basisscanVersion } from '../../workflows';

/** Defaults from the domain brief (process.md, "Deadlines"); an organisation may set its own (organisation settings). */
export const DEADLINE_DEFAULTS: Deadlines = {
  consentDays: 7,
  questionnaireDays: 7,
  wederhoorWorkingDays: 5,
  vogWarningDaysBeforeAppointment: 21,
  vogRequestWorkingDays: 2,
};

export interface Deadlines {
  consentDays: number;
  questionnaireDays: number;
  wederhoorWorkingDays: number;
  vogWarningDaysBeforeAppointment: number;
  /** 2.0.0: remind the opdrachtgever when no VOG is requested this many working days after commissioning. */
  vogRequestWorkingDays: number;
}

/** What an organisation may set, and within which bounds (validated by the settings API, checked again here). */
export const DEADLINE_BOUNDS: Record<keyof Deadlines, { min: number; max: number }> = {
  consentDays: { min: 3, max: 30 },
  questionnaireDays: { min: 3, max: 30 },
  wederhoorWorkingDays: { min: 3, max: 20 },
  vogWarningDaysBeforeAppointment: { min: 7, max: 60 },
  vogRequestWorkingDays: { min: 1, max: 10 },
};

/** The organisation's overrides (a JSON object of whole numbers) over the defaults; anything out of bounds is ignored. */
export function deadlinesWith(overrides: unknown): Deadlines {
  const own = overrides && typeof overrides === 'object' ? (overrides as Record<string, unknown>) : {};
  const result = { ...DEADLINE_DEFAULTS };
  for (const key of Object.keys(DEADLINE_BOUNDS) as (keyof Deadlines)[]) {
    const value = own[key];
    if (Number.isInteger(value) && (value as number) >= DEADLINE_BOUNDS[key].min && (value as number) <= DEADLINE_BOUNDS[key].max) result[key] = value as number;
  }
  return result;
}

export interface JobPlan {
  /** Pending jobs of these kinds are cancelled. */
  cancel: string[];
  /** New jobs; a pending job of the same kind is replaced. */
  schedule: { kind: string; dueAt: string; event: Record<string, unknown> }[];
}

const endOfDay = (isoDate: string) => `${isoDate}T23:59:59.000Z`;

/**
 * The deadlines an accepted event starts or ends. `retention` is read only for an event that
 * closes the case (the caller passes null otherwise, sparing a round trip). Durable: they become rows, not timers. A
 * 1.0.0 case keeps its rules: the VOG warning until any VOG is issued, no request reminder.
 */
export function plan(event: CaseEvent | { type: 'COMMISSION'; at: string }, after: CaseContext, retention: EffectiveRetention | null, machineVersion: string, deadlines: Deadlines = DEADLINE_DEFAULTS): JobPlan {
  const v2 = basisscanVersion(machineVersion).vogAtAppointment;
  const day = dayOf(event.at);
  const deadline = (kind: string, dueAt: string) => ({ kind, dueAt, event: { type: 'DEADLINE_PASSED', deadline: kind } });
  // 2.0.0: three weeks before the planned date, unless a VOG is valid on it; re-planned when the date or the VOG changes.
  const vogWarning = () => {
    const due = addDays(after.plannedAppointmentDate, -deadlines.vogWarningDaysBeforeAppointment);
    const settled = v2 ? vogValidOn(after, after.plannedAppointmentDate) : !!after.vog.issueDate;
    return settled ? [] : [deadline('vog_waarschuwing', endOfDay(due < day ? day : due))];
  };
  if (after.closedAt && event.type !== 'RETENTION_EXPIRED') {
    if (!retention) throw new Error('the retention of the organisation is needed to plan the destruction of a closed case');
    // Appointed: to the end of the raad's term (or the FG's shorter period); otherwise days after closing.
    const due = destructionDay(after.outcome?.outcome, after.outcome?.date ?? dayOf(after.closedAt), dayOf(after.closedAt), after.organisationKind, retention);
    return {
      cancel: ['toestemming', 'vragenlijst', 'wederhoor', 'vog_waarschuwing', 'vog_aanvraag', 'aanvullend_onderzoek_toestemming'],
      schedule: [{ kind: 'bewaartermijn', dueAt: endOfDay(due), event: { type: 'RETENTION_EXPIRED' } }],
    };
  }
  switch (event.type) {
    case 'COMMISSION':
      return { cancel: [], schedule: [...vogWarning(), ...(v2 ? [deadline('vog_aanvraag', endOfDay(addWorkingDays(day, deadlines.vogRequestWorkingDays)))] : [])] };
    case 'CHANGE_APPOINTMENT_DATE':
      return { cancel: ['vog_waarschuwing'], schedule: vogWarning() };
    case 'VOG_REQUESTED':
      return v2 ? { cancel: ['vog_aanvraag'], schedule: [] } : { cancel: [], schedule: [] };
    case 'VOG_ISSUED':
    case 'VOG_REFUSED':
      return v2 ? { cancel: ['vog_waarschuwing'], schedule: vogWarning() } : event.type === 'VOG_ISSUED' ? { cancel: ['vog_waarschuwing'], schedule: [] } : { cancel: [], schedule: [] };
    case 'REQUEST_FURTHER_INVESTIGATION':
      return v2 ? { cancel: [], schedule: [deadline('aanvullend_onderzoek_toestemming', endOfDay(addDays(day, deadlines.consentDays)))] } : { cancel: [], schedule: [] };
    case 'CONSENT_TO_FURTHER_INVESTIGATION':
      return { cancel: ['aanvullend_onderzoek_toestemming'], schedule: [] };
    case 'INVITE_CANDIDATE':
      // After consent a new invitation only gives the candidate a new link: no consent deadline.
      return after.consent ? { cancel: [], schedule: [] } : { cancel: [], schedule: [deadline('toestemming', endOfDay(addDays(day, deadlines.consentDays)))] };
    case 'GIVE_CONSENT':
      return { cancel: ['toestemming'], schedule: [deadline('vragenlijst', endOfDay(addDays(day, deadlines.questionnaireDays)))] };
    case 'SUBMIT_QUESTIONNAIRE':
      return { cancel: ['vragenlijst'], schedule: [] };
    case 'SUBMIT_DRAFT':
      return { cancel: [], schedule: [deadline('wederhoor', endOfDay(addWorkingDays(day, deadlines.wederhoorWorkingDays)))] };
    case 'RESPOND_TO_FINDINGS':
    case 'DECLINE_RESPONSE':
      return { cancel: ['wederhoor'], schedule: [] };
    default:
      return { cancel: [], schedule: [] };
  }
}
