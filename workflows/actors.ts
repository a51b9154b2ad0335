import { AnyMachineSnapshot } from 'xstate';
import { CaseContext, CaseEvent, CaseEventType } from './basisscan-2.machine';

/** Who can act on a case: the three roles in it, and the service's own jobs. */
export type CaseActor = 'opdrachtgever' | 'screener' | 'kandidaat' | 'system';

/**
 * Who may send each event (domain brief, event vocabulary). Whether it is allowed *now* is the
 * machine's answer (`snapshot.can`); this table only says whose event it is.
 */
export const EVENT_ACTORS: Record<CaseEventType, readonly CaseActor[]> = {
  ASSIGN_SCREENER: ['opdrachtgever'],
  INVITE_CANDIDATE: ['opdrachtgever'],
  GIVE_CONSENT: ['kandidaat'],
  REFUSE_CONSENT: ['kandidaat'],
  WITHDRAW_CONSENT: ['kandidaat'],
  SUBMIT_QUESTIONNAIRE: ['kandidaat'],
  COMPLETE_RESEARCH: ['screener'],
  RECORD_INTERVIEW: ['screener'],
  SUBMIT_DRAFT: ['screener'],
  RESPOND_TO_FINDINGS: ['kandidaat'],
  DECLINE_RESPONSE: ['kandidaat'],
  SUBMIT_FINAL: ['screener'],
  RECORD_OPDRACHTGEVER_CONVERSATION: ['opdrachtgever'],
  REQUEST_FURTHER_INVESTIGATION: ['opdrachtgever'],
  CONSENT_TO_FURTHER_INVESTIGATION: ['kandidaat'],
  GIVE_ADVICE: ['opdrachtgever'],
  RECORD_COUNCIL_INFORMED: ['opdrachtgever'],
  RECORD_OUTCOME: ['opdrachtgever'],
  RECORD_NOT_APPOINTABLE: ['opdrachtgever'],
  WITHDRAW_CANDIDACY: ['kandidaat', 'opdrachtgever'],
  STOP_CASE: ['opdrachtgever'],
  CHANGE_APPOINTMENT_DATE: ['opdrachtgever'],
  VOG_REQUESTED: ['opdrachtgever'],
  VOG_INTENDED_REFUSAL: ['opdrachtgever'],
  VOG_ZIENSWIJZE_SUBMITTED: ['opdrachtgever'],
  VOG_ISSUED: ['opdrachtgever'],
  VOG_REFUSED: ['opdrachtgever'],
  DEADLINE_PASSED: ['system'],
  RETENTION_EXPIRED: ['system'],
};

export const EVENT_TYPES = Object.keys(EVENT_ACTORS) as CaseEventType[];

/**
 * A representative event of each type, to ask the machine whether that type is possible now.
 * Payload-dependent rules (such as the VOG rule on an appointment) are checked again on the
 * real event; a negative advice stands for GIVE_ADVICE because it is possible whenever advice is.
 */
export function probeEvent(type: CaseEventType, context: CaseContext, at: string): CaseEvent {
  const day = at.slice(0, 10);
  switch (type) {
    case 'ASSIGN_SCREENER':
      return { type, screenerId: '00000000-0000-4000-8000-000000000000', at };
    case 'GIVE_CONSENT':
      return { type, consentTextVersion: 'probe', at };
    case 'RECORD_INTERVIEW':
    case 'RECORD_COUNCIL_INFORMED':
    case 'RECORD_OPDRACHTGEVER_CONVERSATION':
    case 'RECORD_NOT_APPOINTABLE':
    case 'CHANGE_APPOINTMENT_DATE':
    case 'VOG_REQUESTED':
    case 'VOG_INTENDED_REFUSAL':
    case 'VOG_ZIENSWIJZE_SUBMITTED':
    case 'VOG_REFUSED':
      return { type, date: day, at };
    case 'SUBMIT_FINAL':
      return { type, conclusion: 'geen_risicos', at };
    case 'GIVE_ADVICE':
      return { type, conclusion: 'ernstige_risicos', deviationReasonRecorded: true, at };
    case 'RECORD_OUTCOME':
      // Not appointed is possible whenever an outcome is; an appointment also needs a valid VOG, checked on the real event.
      return { type, appointed: false, date: day, at };
    case 'STOP_CASE':
      return { type, reason: 'andere_reden', at };
    case 'VOG_ISSUED':
      return { type, issueDate: day, reference: 'probe', at };
    case 'DEADLINE_PASSED':
      return { type, deadline: context.draftSubmittedAt ? 'wederhoor' : 'toestemming', at };
    default:
      return { type, at } as CaseEvent;
  }
}

/** Whether `actor` may send an event of `type` now: whose event it is, and the machine's `can`. */
export function mayActorSend(snapshot: AnyMachineSnapshot, actor: CaseActor, type: CaseEventType, at: string): boolean {
  return EVENT_ACTORS[type].includes(actor) && snapshot.can(probeEvent(type, snapshot.context as CaseContext, at));
}

/** The event types `actor` may send now. */
export function allowedEventTypes(snapshot: AnyMachineSnapshot, actor: CaseActor, at: string): CaseEventType[] {
  return EVENT_TYPES.filter((type) => mayActorSend(snapshot, actor, type, at));
}
