import { and, assign, setup } from 'xstate';
import { addMonths, dayOf } from './dates';
import { OrganisationKind, Variant, VARIANTS } from './variants';

/**
 * The course of one case: the basisscan integriteit (Handleiding basisscan integriteit, BZK,
 * maart 2019) and the VOG (Wet bevorderen integriteit en functioneren decentraal bestuur,
 * Stb. 2022, 444) as two parallel regions of one machine, so a positive advice can check both.
 *
 * Pure: no clock, no database, no names or answers. Every event carries `at` (ISO date-time) from
 * the service; the context holds ids, enums and dates only.
 */
export const BASISSCAN_MACHINE_ID = 'basisscan';
export const BASISSCAN_MACHINE_VERSION = '1.0.0';

export type Conclusion = 'geen_risicos' | 'beheersbaar' | 'ernstige_risicos';
export const CONCLUSIONS: readonly Conclusion[] = ['geen_risicos', 'beheersbaar', 'ernstige_risicos'];
/** Conclusions that clear the way to appointment: the legal preconditions must hold for these. */
export const POSITIVE_CONCLUSIONS: readonly Conclusion[] = ['geen_risicos', 'beheersbaar'];

export type Outcome = 'benoemd' | 'niet_benoemd' | 'toestemming_geweigerd' | 'toestemming_ingetrokken' | 'kandidaat_teruggetrokken' | 'gestopt';
export type Deadline = 'toestemming' | 'vragenlijst' | 'wederhoor' | 'vog_waarschuwing';
export type StopReason = 'formatie_gewijzigd' | 'kandidaat_ongeschikt_voor_functie' | 'andere_reden';

export interface CaseInput {
  organisationKind: OrganisationKind;
  /** YYYY-MM-DD */
  plannedAppointmentDate: string;
  /** Overrides the variant's default, when the organisation configures its own. */
  vogMaxAgeMonths?: number;
  /** ISO date-time the case was commissioned. */
  at: string;
}

export interface CaseContext {
  organisationKind: OrganisationKind;
  plannedAppointmentDate: string;
  vogMaxAgeMonths: number;
  commissionedAt: string;
  screenerId?: string;
  invitedAt?: string;
  invitations: number;
  consent?: { textVersion: string; at: string };
  questionnaireSubmittedAt?: string;
  researchCompletedAt?: string;
  interviewDate?: string;
  draftSubmittedAt?: string;
  wederhoor?: { how: 'gereageerd' | 'afgezien' | 'termijn_verstreken'; at: string };
  finalSubmittedAt?: string;
  screenerConclusion?: Conclusion;
  furtherInvestigations: number;
  advice?: { conclusion: Conclusion; at: string; deviatesFromScreener: boolean };
  councilInformedDate?: string;
  outcome?: { outcome: Outcome; date: string };
  stopReason?: StopReason;
  overdue: Deadline[];
  vog: {
    requestedDate?: string;
    intendedRefusalDate?: string;
    zienswijzeDate?: string;
    issueDate?: string;
    refusedDate?: string;
  };
  closedAt?: string;
  destroyedAt?: string;
}

type At = { at: string };
export type CaseEvent =
  | ({ type: 'ASSIGN_SCREENER'; screenerId: string } & At)
  | ({ type: 'INVITE_CANDIDATE' } & At)
  | ({ type: 'GIVE_CONSENT'; consentTextVersion: string } & At)
  | ({ type: 'REFUSE_CONSENT' } & At)
  | ({ type: 'WITHDRAW_CONSENT' } & At)
  | ({ type: 'SUBMIT_QUESTIONNAIRE' } & At)
  | ({ type: 'COMPLETE_RESEARCH' } & At)
  | ({ type: 'RECORD_INTERVIEW'; date: string } & At)
  | ({ type: 'SUBMIT_DRAFT' } & At)
  | ({ type: 'RESPOND_TO_FINDINGS' } & At)
  | ({ type: 'DECLINE_RESPONSE' } & At)
  | ({ type: 'SUBMIT_FINAL'; conclusion: Conclusion } & At)
  | ({ type: 'REQUEST_FURTHER_INVESTIGATION' } & At)
  | ({ type: 'GIVE_ADVICE'; conclusion: Conclusion; deviationReasonRecorded?: boolean } & At)
  | ({ type: 'RECORD_COUNCIL_INFORMED'; date: string } & At)
  | ({ type: 'RECORD_OUTCOME'; appointed: boolean; date: string } & At)
  | ({ type: 'WITHDRAW_CANDIDACY' } & At)
  | ({ type: 'STOP_CASE'; reason: StopReason } & At)
  | ({ type: 'CHANGE_APPOINTMENT_DATE'; date: string } & At)
  | ({ type: 'VOG_REQUESTED'; date: string } & At)
  | ({ type: 'VOG_INTENDED_REFUSAL'; date: string } & At)
  | ({ type: 'VOG_ZIENSWIJZE_SUBMITTED'; date: string } & At)
  | ({ type: 'VOG_ISSUED'; issueDate: string; reference?: string } & At)
  | ({ type: 'VOG_REFUSED'; date: string } & At)
  | ({ type: 'DEADLINE_PASSED'; deadline: Deadline } & At)
  | ({ type: 'RETENTION_EXPIRED' } & At);
export type CaseEventType = CaseEvent['type'];

export function variantOf(context: Pick<CaseContext, 'organisationKind'>): Variant {
  return VARIANTS[context.organisationKind];
}

/**
 * Whether the VOG is valid for the planned appointment: issued, on or before the appointment
 * date, and no more than `vogMaxAgeMonths` calendar months old on that day (default 3; Gemeentewet
 * art. 36a lid 2, to be confirmed, and the same assumed for the other offices).
 */
export function vogValidForAppointment(context: Pick<CaseContext, 'vog' | 'plannedAppointmentDate' | 'vogMaxAgeMonths'>): boolean {
  const issued = context.vog.issueDate;
  if (!issued || context.vog.refusedDate) return false;
  return issued <= context.plannedAppointmentDate && context.plannedAppointmentDate <= addMonths(issued, context.vogMaxAgeMonths);
}

export type AdviceBlocker = 'toestemming' | 'vragenlijst' | 'eindbeoordeling' | 'wederhoor' | 'vog_ontbreekt' | 'vog_te_oud' | 'vog_geweigerd';

/**
 * Everything that stands between the case and a positive advice. Empty means a positive advice may
 * be given. The VOG is a condition of appointment ("zonder deze VOG kunnen zij niet worden
 * benoemd", Kamerbrief 2020; Stb. 2022, 444); consent, the questionnaire, the screener's final
 * assessment and hoor en wederhoor are the steps of the Handleiding basisscan integriteit.
 */
export function positiveAdviceBlockers(context: CaseContext): AdviceBlocker[] {
  const blockers: AdviceBlocker[] = [];
  if (!context.consent) blockers.push('toestemming');
  if (!context.questionnaireSubmittedAt) blockers.push('vragenlijst');
  if (!context.finalSubmittedAt || !context.screenerConclusion) blockers.push('eindbeoordeling');
  if (!context.wederhoor) blockers.push('wederhoor');
  if (context.vog.refusedDate) blockers.push('vog_geweigerd');
  else if (!context.vog.issueDate) blockers.push('vog_ontbreekt');
  else if (!vogValidForAppointment(context)) blockers.push('vog_te_oud');
  return blockers;
}

const REQUEST_VOG = { guard: 'caseOpen', target: 'aangevraagd', actions: 'recordVog' } as const;
const ISSUE_VOG = { guard: and(['caseOpen', 'vogIssueDateNotInFuture']), target: 'afgegeven', actions: 'recordVog' } as const;
const REFUSE_VOG = { guard: 'caseOpen', target: 'geweigerd', actions: 'recordVog' } as const;

/** The screener's steps from research to final: undone by an aanvullend onderzoek, gone at destruction. */
const NO_SCREENER_WORK = {
  researchCompletedAt: undefined,
  interviewDate: undefined,
  draftSubmittedAt: undefined,
  wederhoor: undefined,
  finalSubmittedAt: undefined,
  screenerConclusion: undefined,
} as const;

export const basisscanMachine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as CaseInput,
  },
  guards: {
    /** A positive advice needs every legal precondition; a negative one needs the final report. */
    adviceAllowed: ({ context, event }) => {
      if (event.type !== 'GIVE_ADVICE') return false;
      if (!context.finalSubmittedAt || !context.screenerConclusion || !context.wederhoor) return false;
      // The opdrachtgever may differ from the screener, with a recorded reason (domain brief, conclusion categories).
      if (event.conclusion !== context.screenerConclusion && !event.deviationReasonRecorded) return false;
      return !POSITIVE_CONCLUSIONS.includes(event.conclusion) || positiveAdviceBlockers(context).length === 0;
    },
    wederhoorDeadline: ({ event }) => event.type === 'DEADLINE_PASSED' && event.deadline === 'wederhoor',
    reminderDeadline: ({ event }) => event.type === 'DEADLINE_PASSED' && event.deadline !== 'wederhoor',
    caseOpen: ({ context }) => context.closedAt === undefined,
    vogIssueDateNotInFuture: ({ event }) => event.type === 'VOG_ISSUED' && event.issueDate <= dayOf(event.at),
  },
  actions: {
    close: assign(({ event }, params: { outcome: Outcome }) => ({ outcome: { outcome: params.outcome, date: dayOf(event.at) }, closedAt: event.at })),
    /** The VOG's dates and reference as Justis gives them; a new request starts a new record. */
    recordVog: assign({
      vog: ({ context, event }) => {
        switch (event.type) {
          case 'VOG_REQUESTED':
            return { requestedDate: event.date };
          case 'VOG_INTENDED_REFUSAL':
            return { ...context.vog, intendedRefusalDate: event.date };
          case 'VOG_ZIENSWIJZE_SUBMITTED':
            return { ...context.vog, zienswijzeDate: event.date };
          case 'VOG_ISSUED':
            return { ...context.vog, issueDate: event.issueDate };
          case 'VOG_REFUSED':
            return { ...context.vog, refusedDate: event.date };
          default:
            return context.vog;
        }
      },
    }),
    recordOverdue: assign({
      overdue: ({ context, event }) =>
        event.type === 'DEADLINE_PASSED' && !context.overdue.includes(event.deadline) ? [...context.overdue, event.deadline] : context.overdue,
    }),
    /** After destruction only the tombstone remains: the outcome and the dates of closing and destroying. */
    destroyContent: assign(({ context, event }) => ({
      organisationKind: context.organisationKind,
      plannedAppointmentDate: context.plannedAppointmentDate,
      vogMaxAgeMonths: context.vogMaxAgeMonths,
      commissionedAt: context.commissionedAt,
      screenerId: undefined,
      invitedAt: undefined,
      invitations: 0,
      consent: undefined,
      questionnaireSubmittedAt: undefined,
      ...NO_SCREENER_WORK,
      furtherInvestigations: 0,
      advice: undefined,
      councilInformedDate: undefined,
      stopReason: undefined,
      overdue: [],
      vog: {},
      outcome: context.outcome,
      closedAt: context.closedAt,
      destroyedAt: event.at,
    })),
  },
}).createMachine({
  id: BASISSCAN_MACHINE_ID,
  version: BASISSCAN_MACHINE_VERSION,
  type: 'parallel',
  context: ({ input }) => ({
    organisationKind: input.organisationKind,
    plannedAppointmentDate: input.plannedAppointmentDate,
    vogMaxAgeMonths: input.vogMaxAgeMonths ?? VARIANTS[input.organisationKind].vogMaxAgeMonths,
    commissionedAt: input.at,
    invitations: 0,
    furtherInvestigations: 0,
    overdue: [],
    vog: {},
  }),
  states: {
    scan: {
      initial: 'lopend',
      states: {
        lopend: {
          initial: 'voorToestemming',
          on: {
            WITHDRAW_CANDIDACY: { target: 'afgesloten', actions: { type: 'close', params: { outcome: 'kandidaat_teruggetrokken' as Outcome } } },
            STOP_CASE: {
              target: 'afgesloten',
              actions: [{ type: 'close', params: { outcome: 'gestopt' as Outcome } }, assign({ stopReason: ({ event }) => event.reason })],
            },
            CHANGE_APPOINTMENT_DATE: { actions: assign({ plannedAppointmentDate: ({ event }) => event.date }) },
            DEADLINE_PASSED: { guard: 'reminderDeadline', actions: 'recordOverdue' },
          },
          states: {
            voorToestemming: {
              initial: 'opdrachtVerleend',
              states: {
                opdrachtVerleend: {
                  on: { ASSIGN_SCREENER: { target: 'screenerToegewezen', actions: assign({ screenerId: ({ event }) => event.screenerId }) } },
                },
                screenerToegewezen: {
                  on: {
                    ASSIGN_SCREENER: { actions: assign({ screenerId: ({ event }) => event.screenerId }) },
                    INVITE_CANDIDATE: {
                      target: 'toestemmingGevraagd',
                      actions: assign({ invitedAt: ({ event }) => event.at, invitations: ({ context }) => context.invitations + 1 }),
                    },
                  },
                },
                toestemmingGevraagd: {
                  on: {
                    ASSIGN_SCREENER: { actions: assign({ screenerId: ({ event }) => event.screenerId }) },
                    // A new invitation replaces the old code (resend).
                    INVITE_CANDIDATE: {
                      actions: assign({ invitedAt: ({ event }) => event.at, invitations: ({ context }) => context.invitations + 1 }),
                    },
                    GIVE_CONSENT: {
                      target: '#basisscan.scan.lopend.naToestemming',
                      actions: assign({ consent: ({ event }) => ({ textVersion: event.consentTextVersion, at: event.at }) }),
                    },
                    REFUSE_CONSENT: { target: '#basisscan.scan.afgesloten', actions: { type: 'close', params: { outcome: 'toestemming_geweigerd' as Outcome } } },
                  },
                },
              },
            },
            naToestemming: {
              initial: 'vragenlijst',
              on: {
                // A new link for a candidate whose session ended, so they can still respond or withdraw.
                INVITE_CANDIDATE: {
                  actions: assign({ invitedAt: ({ event }) => event.at, invitations: ({ context }) => context.invitations + 1 }),
                },
                // AVG art. 7 lid 3: consent can be withdrawn at any time; the case then ends.
                WITHDRAW_CONSENT: { target: '#basisscan.scan.afgesloten', actions: { type: 'close', params: { outcome: 'toestemming_ingetrokken' as Outcome } } },
              },
              states: {
                vragenlijst: {
                  on: { SUBMIT_QUESTIONNAIRE: { target: 'openbronnenonderzoek', actions: assign({ questionnaireSubmittedAt: ({ event }) => event.at }) } },
                },
                openbronnenonderzoek: {
                  on: { COMPLETE_RESEARCH: { target: 'gesprek', actions: assign({ researchCompletedAt: ({ event }) => event.at }) } },
                },
                gesprek: {
                  on: { RECORD_INTERVIEW: { target: 'conceptrapportage', actions: assign({ interviewDate: ({ event }) => event.date }) } },
                },
                conceptrapportage: {
                  on: { SUBMIT_DRAFT: { target: 'hoorEnWederhoor', actions: assign({ draftSubmittedAt: ({ event }) => event.at }) } },
                },
                hoorEnWederhoor: {
                  on: {
                    RESPOND_TO_FINDINGS: { target: 'eindrapportage', actions: assign({ wederhoor: ({ event }) => ({ how: 'gereageerd' as const, at: event.at }) }) },
                    DECLINE_RESPONSE: { target: 'eindrapportage', actions: assign({ wederhoor: ({ event }) => ({ how: 'afgezien' as const, at: event.at }) }) },
                    DEADLINE_PASSED: {
                      guard: 'wederhoorDeadline',
                      target: 'eindrapportage',
                      actions: assign({ wederhoor: ({ event }) => ({ how: 'termijn_verstreken' as const, at: event.at }) }),
                    },
                  },
                },
                eindrapportage: {
                  on: {
                    SUBMIT_FINAL: {
                      target: 'advies',
                      actions: assign({ finalSubmittedAt: ({ event }) => event.at, screenerConclusion: ({ event }) => event.conclusion }),
                    },
                  },
                },
                advies: {
                  on: {
                    GIVE_ADVICE: {
                      guard: 'adviceAllowed',
                      target: '#basisscan.scan.raadInformeren',
                      actions: assign({
                        advice: ({ context, event }) => ({ conclusion: event.conclusion, at: event.at, deviatesFromScreener: event.conclusion !== context.screenerConclusion }),
                      }),
                    },
                    // Handleiding: when the basisscan cannot settle the risks, a deeper investigation
                    // returns the case to the screener; draft, wederhoor and final are done again.
                    REQUEST_FURTHER_INVESTIGATION: {
                      target: 'openbronnenonderzoek',
                      actions: assign({
                        furtherInvestigations: ({ context }) => context.furtherInvestigations + 1,
                        ...NO_SCREENER_WORK,
                      }),
                    },
                  },
                },
              },
            },
          },
        },
        raadInformeren: {
          on: { RECORD_COUNCIL_INFORMED: { target: 'raadGeinformeerd', actions: assign({ councilInformedDate: ({ event }) => event.date }) } },
        },
        raadGeinformeerd: {
          on: {
            RECORD_OUTCOME: {
              target: 'afgesloten',
              actions: assign(({ event }) => ({ outcome: { outcome: event.appointed ? ('benoemd' as const) : ('niet_benoemd' as const), date: event.date }, closedAt: event.at })),
            },
          },
        },
        afgesloten: {
          on: { RETENTION_EXPIRED: { target: 'vernietigd', actions: 'destroyContent' } },
        },
        vernietigd: { type: 'final' },
      },
    },
    // The VOG track is open while the case is: after closing, nothing about the VOG is recorded.
    vog: {
      initial: 'nietAangevraagd',
      states: {
        nietAangevraagd: { on: { VOG_REQUESTED: REQUEST_VOG } },
        aangevraagd: {
          on: {
            VOG_ISSUED: ISSUE_VOG,
            VOG_INTENDED_REFUSAL: { guard: 'caseOpen', target: 'voornemenTotWeigering', actions: 'recordVog' },
          },
        },
        voornemenTotWeigering: {
          on: {
            VOG_ZIENSWIJZE_SUBMITTED: { guard: 'caseOpen', target: 'zienswijze', actions: 'recordVog' },
            VOG_ISSUED: ISSUE_VOG,
            VOG_REFUSED: REFUSE_VOG,
          },
        },
        zienswijze: { on: { VOG_ISSUED: ISSUE_VOG, VOG_REFUSED: REFUSE_VOG } },
        // A VOG too old for a moved appointment date, or a new request after bezwaar: start over.
        afgegeven: { on: { VOG_REQUESTED: REQUEST_VOG } },
        geweigerd: { on: { VOG_REQUESTED: REQUEST_VOG } },
      },
    },
  },
});
