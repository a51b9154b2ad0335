import { and, assign, setup } from 'xstate';
import type { CaseContext as CaseContextV1, Conclusion, StopReason } from './basisscan.machine';
import { POSITIVE_CONCLUSIONS } from './basisscan.machine';

export { CONCLUSIONS, POSITIVE_CONCLUSIONS, variantOf } from './basisscan.machine';
import { addMonths, dayOf } from './dates';
import { REGIMES, RegimeId } from './regimes';
import { LegalReference, OrganisationKind, VARIANTS } from './variants';

/**
 * Basisscan 2.0.0: the course of one case as the law and practice have it (domain brief, second
 * edition). What changed from 1.0.0:
 * - The VOG is a condition of the **benoeming**, not of the advice (Gemeentewet art. 36a lid 2:
 *   "bij de benoeming … niet ouder dan drie maanden"): `RECORD_OUTCOME {appointed: true}` needs a
 *   VOG valid on the actual appointment date; the advice needs the steps of the Handleiding only.
 * - The case stays alive until the raad votes: withdrawal, consent withdrawal (AVG art. 7 lid 3),
 *   a stop and a date change are possible in every open phase, after the advice too.
 * - Open-source research runs alongside the questionnaire from consent on.
 * - An aanvullend onderzoek has a scope that the candidate consents to before the screener goes on.
 * - The burgemeester's own conversation with the candidate is an optional, recorded step.
 * - A new VOG request keeps an issued VOG until the new one is issued or refused.
 *
 * Pure: no clock, no database, no names or answers. Every event carries `at` (ISO date-time) from
 * the service; the context holds ids, enums and dates only.
 */
export const BASISSCAN_MACHINE_ID = 'basisscan';
export const BASISSCAN_2_VERSION = '2.0.0';

export type { Conclusion, StopReason };

export type Outcome =
  | 'benoemd'
  | 'niet_benoemd'
  | 'niet_benoembaar_vog'
  | 'toestemming_geweigerd'
  | 'toestemming_ingetrokken'
  | 'kandidaat_teruggetrokken'
  | 'gestopt';

/** Deadlines whose passing the machine hears of: wederhoor moves the case on, the rest are reminders. */
export type Deadline = 'toestemming' | 'vragenlijst' | 'wederhoor' | 'vog_aanvraag' | 'vog_waarschuwing' | 'aanvullend_onderzoek_toestemming';
export const DEADLINES: readonly Deadline[] = ['toestemming', 'vragenlijst', 'wederhoor', 'vog_aanvraag', 'vog_waarschuwing', 'aanvullend_onderzoek_toestemming'];

export interface CaseInput {
  organisationKind: OrganisationKind;
  /** YYYY-MM-DD */
  plannedAppointmentDate: string;
  /** Overrides the variant's default, when the organisation configures its own. */
  vogMaxAgeMonths?: number;
  /** ISO date-time the case was commissioned. */
  at: string;
}

/**
 * The 2.0.0 context: everything of 1.0.0 (so a migrated case reads the same), plus the
 * burgemeester's conversation and the further investigation's consent.
 */
export interface CaseContext extends Omit<CaseContextV1, 'outcome' | 'overdue'> {
  outcome?: { outcome: Outcome; date: string; regime?: RegimeId };
  overdue: Deadline[];
  /** The date of the burgemeester's own conversation with the candidate, when held. */
  opdrachtgeverConversationDate?: string;
  /** The aanvullend onderzoek in progress: asked for, and when the candidate consented to its scope. */
  furtherInvestigation?: { requestedAt: string; consentedAt?: string };
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
  | ({ type: 'RECORD_OPDRACHTGEVER_CONVERSATION'; date: string } & At)
  | ({ type: 'REQUEST_FURTHER_INVESTIGATION' } & At)
  | ({ type: 'CONSENT_TO_FURTHER_INVESTIGATION' } & At)
  | ({ type: 'GIVE_ADVICE'; conclusion: Conclusion; deviationReasonRecorded?: boolean } & At)
  | ({ type: 'RECORD_COUNCIL_INFORMED'; date: string } & At)
  /** `regime` is set by the service: the legal regime in force on `date`. */
  | ({ type: 'RECORD_OUTCOME'; appointed: boolean; date: string; regime?: RegimeId } & At)
  | ({ type: 'RECORD_NOT_APPOINTABLE'; date: string } & At)
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

/**
 * Whether a VOG is valid for an appointment on `date`: issued, not refused, issued on or before
 * that day, and no more than the configured calendar months old on it (Gemeentewet art. 36a lid 2
 * and its parallels; default three months).
 */
export function vogValidOn(context: Pick<CaseContext, 'vog' | 'vogMaxAgeMonths'>, date: string): boolean {
  const issued = context.vog.issueDate;
  if (!issued || context.vog.refusedDate) return false;
  return issued <= date && date <= addMonths(issued, context.vogMaxAgeMonths);
}

/** Why a VOG is not valid on `date`, or null when it is. */
export type VogShortfall = 'vog_geweigerd' | 'vog_ontbreekt' | 'vog_na_datum' | 'vog_te_oud';
export function vogShortfallOn(context: Pick<CaseContext, 'vog' | 'vogMaxAgeMonths'>, date: string): VogShortfall | null {
  if (context.vog.refusedDate) return 'vog_geweigerd';
  if (!context.vog.issueDate) return 'vog_ontbreekt';
  if (context.vog.issueDate > date) return 'vog_na_datum';
  if (!vogValidOn(context, date)) return 'vog_te_oud';
  return null;
}

export type AdviceBlocker = 'toestemming' | 'vragenlijst' | 'eindbeoordeling' | 'wederhoor';

/**
 * What stands between the case and a positive advice: the steps of the Handleiding basisscan
 * integriteit. Not the VOG: the risk analysis is no benoembaarheidsvereiste and the advice may be
 * given while Justis decides (VNG, 2021); the VOG is checked at the benoeming.
 */
export function positiveAdviceBlockers(context: CaseContext): AdviceBlocker[] {
  const blockers: AdviceBlocker[] = [];
  if (!context.consent) blockers.push('toestemming');
  if (!context.questionnaireSubmittedAt) blockers.push('vragenlijst');
  if (!context.finalSubmittedAt || !context.screenerConclusion) blockers.push('eindbeoordeling');
  if (!context.wederhoor) blockers.push('wederhoor');
  return blockers;
}

/** Why the date of an outcome is wrong, or null: not in the future, not before the advice or the commission. */
export type OutcomeDateProblem = 'in_de_toekomst' | 'voor_het_advies' | 'voor_de_opdracht';
export function outcomeDateProblem(context: CaseContext, event: { date: string; at: string }): OutcomeDateProblem | null {
  if (event.date > dayOf(event.at)) return 'in_de_toekomst';
  if (context.advice && event.date < dayOf(context.advice.at)) return 'voor_het_advies';
  if (event.date < dayOf(context.commissionedAt)) return 'voor_de_opdracht';
  return null;
}

/** Why an appointment on the event's date may not be recorded, or null: the VOG, and under the second tranche the risk analysis. */
export type AppointmentRefusal = VogShortfall | 'risicoanalyse_niet_afgerond';
export function appointmentRefusal(context: CaseContext, event: { date: string; regime?: RegimeId }): AppointmentRefusal | null {
  const vog = vogShortfallOn(context, event.date);
  if (vog) return vog;
  if (REGIMES[event.regime ?? 'wbifdb'].requiresRiskAnalysis && !context.advice) return 'risicoanalyse_niet_afgerond';
  return null;
}

/**
 * The legal source of each guard (or guarded transition) that carries a rule of law: shown where
 * users meet the rule (refusals, diagrams). A `variant` source is the organisation kind's own article.
 */
export const GUARD_SOURCES: Record<string, { rule: string; source: LegalReference | { variant: 'vogRequirement' | 'riskAnalysisDuty' | 'integrityDuty' } }> = {
  appointmentAllowed: { rule: 'Geen benoeming zonder VOG die op de benoemingsdatum niet ouder is dan de geldende termijn', source: { variant: 'vogRequirement' } },
  'appointmentAllowed (tweede tranche)': { rule: 'Onder de tweede tranche ook geen benoeming zonder afgeronde risicoanalyse (het advies)', source: REGIMES.wbifdb_tweede_tranche.citation },
  notAppointableVog: { rule: 'Niet benoembaar (VOG) als de VOG is geweigerd, of als de beoogde datum is gekomen zonder VOG die dan geldig is', source: { variant: 'vogRequirement' } },
  adviceAllowed: { rule: 'Een positief advies volgt op toestemming, vragenlijst, eindbeoordeling en hoor en wederhoor', source: { citation: 'Handleiding basisscan integriteit (BZK, 2019)', confirmed: true } },
  WITHDRAW_CONSENT: { rule: 'Toestemming kan op elk moment worden ingetrokken, tot de uitkomst', source: { citation: 'AVG art. 7 lid 3', confirmed: true } },
  CONSENT_TO_FURTHER_INVESTIGATION: { rule: 'Een aanvullend onderzoek verruimt de verwerking: de kandidaat ziet de omvang en stemt in', source: { citation: 'AVG art. 6 lid 1 en art. 13 lid 3', confirmed: false } },
};

const REQUEST_VOG = { guard: and(['caseOpen', 'vogDateNotInFuture']), target: 'aangevraagd', actions: 'recordVog' } as const;
const ISSUE_VOG = { guard: and(['caseOpen', 'vogIssueDateValid']), target: 'afgegeven', actions: 'recordVog' } as const;
const REFUSE_VOG = { guard: and(['caseOpen', 'vogDateNotInFuture']), target: 'geweigerd', actions: 'recordVog' } as const;

/** The screener's steps from research to final: undone by an aanvullend onderzoek, gone at destruction. */
const NO_SCREENER_WORK = {
  researchCompletedAt: undefined,
  interviewDate: undefined,
  draftSubmittedAt: undefined,
  wederhoor: undefined,
  finalSubmittedAt: undefined,
  screenerConclusion: undefined,
} as const;

const close = (outcome: Outcome) => ({ type: 'close', params: { outcome } }) as const;

export const basisscan2Machine = setup({
  types: {
    context: {} as CaseContext,
    events: {} as CaseEvent,
    input: {} as CaseInput,
  },
  guards: {
    /** Handleiding: a positive advice follows the steps; any advice follows the final and wederhoor. */
    adviceAllowed: ({ context, event }) => {
      if (event.type !== 'GIVE_ADVICE') return false;
      if (!context.finalSubmittedAt || !context.screenerConclusion || !context.wederhoor) return false;
      // The opdrachtgever may differ from the screener, with a recorded reason (domain brief, conclusion categories).
      if (event.conclusion !== context.screenerConclusion && !event.deviationReasonRecorded) return false;
      return !POSITIVE_CONCLUSIONS.includes(event.conclusion) || positiveAdviceBlockers(context).length === 0;
    },
    outcomeDateValid: ({ context, event }) => (event.type === 'RECORD_OUTCOME' || event.type === 'RECORD_NOT_APPOINTABLE') && outcomeDateProblem(context, event) === null,
    /** Gemeentewet art. 36a lid 2 (and parallels); under the second tranche also the risk analysis. */
    appointmentAllowed: ({ context, event }) => event.type === 'RECORD_OUTCOME' && (!event.appointed || appointmentRefusal(context, event) === null),
    /** Not appointable for the VOG: refused, or the planned day came without a VOG valid on it. */
    notAppointableVog: ({ context, event }) =>
      event.type === 'RECORD_NOT_APPOINTABLE' && !vogValidOn(context, event.date) && (!!context.vog.refusedDate || event.date >= context.plannedAppointmentDate),
    conversationDateValid: ({ context, event }) =>
      event.type === 'RECORD_OPDRACHTGEVER_CONVERSATION' && event.date <= dayOf(event.at) && (!context.finalSubmittedAt || event.date >= dayOf(context.finalSubmittedAt)),
    wederhoorDeadline: ({ event }) => event.type === 'DEADLINE_PASSED' && event.deadline === 'wederhoor',
    reminderDeadline: ({ event }) => event.type === 'DEADLINE_PASSED' && event.deadline !== 'wederhoor',
    caseOpen: ({ context }) => context.closedAt === undefined,
    vogDateNotInFuture: ({ event }) => 'date' in event && event.date <= dayOf(event.at),
    vogIssueDateValid: ({ context, event }) =>
      event.type === 'VOG_ISSUED' && event.issueDate <= dayOf(event.at) && (!context.vog.requestedDate || event.issueDate >= context.vog.requestedDate),
  },
  actions: {
    close: assign(({ event }, params: { outcome: Outcome }) => ({ outcome: { outcome: params.outcome, date: dayOf(event.at) }, closedAt: event.at })),
    /**
     * The VOG's dates as Justis gives them. A new request keeps an issued VOG (still valid for an
     * earlier date) until the new one is issued or refused; a refusal ends it.
     */
    recordVog: assign({
      vog: ({ context, event }) => {
        switch (event.type) {
          case 'VOG_REQUESTED':
            return { requestedDate: event.date, issueDate: context.vog.refusedDate ? undefined : context.vog.issueDate };
          case 'VOG_INTENDED_REFUSAL':
            return { ...context.vog, intendedRefusalDate: event.date };
          case 'VOG_ZIENSWIJZE_SUBMITTED':
            return { ...context.vog, zienswijzeDate: event.date };
          case 'VOG_ISSUED':
            return { requestedDate: context.vog.requestedDate, issueDate: event.issueDate };
          case 'VOG_REFUSED':
            return { ...context.vog, issueDate: undefined, refusedDate: event.date };
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
      furtherInvestigation: undefined,
      opdrachtgeverConversationDate: undefined,
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
  version: BASISSCAN_2_VERSION,
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
        // Open until the raad's vote is recorded: every exit and a date change are possible in every phase.
        lopend: {
          initial: 'voorToestemming',
          on: {
            WITHDRAW_CANDIDACY: { target: 'afgesloten', actions: close('kandidaat_teruggetrokken') },
            STOP_CASE: { target: 'afgesloten', actions: [close('gestopt'), assign({ stopReason: ({ event }) => event.reason })] },
            // The deadlines follow the new date in the service's plan; the VOG is judged against it from now on.
            CHANGE_APPOINTMENT_DATE: { actions: assign({ plannedAppointmentDate: ({ event }) => event.date }) },
            DEADLINE_PASSED: { guard: 'reminderDeadline', actions: 'recordOverdue' },
            RECORD_OUTCOME: {
              guard: and(['outcomeDateValid', 'appointmentAllowed']),
              target: 'afgesloten',
              actions: assign(({ event }) => ({
                outcome: { outcome: event.appointed ? ('benoemd' as const) : ('niet_benoemd' as const), date: event.date, regime: event.regime ?? 'wbifdb' },
                closedAt: event.at,
              })),
            },
            RECORD_NOT_APPOINTABLE: {
              guard: and(['outcomeDateValid', 'notAppointableVog']),
              target: 'afgesloten',
              actions: assign(({ event }) => ({ outcome: { outcome: 'niet_benoembaar_vog' as const, date: event.date }, closedAt: event.at })),
            },
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
                    REFUSE_CONSENT: { target: '#basisscan.scan.afgesloten', actions: close('toestemming_geweigerd') },
                  },
                },
              },
            },
            naToestemming: {
              initial: 'onderzoek',
              on: {
                // A new link for a candidate whose session ended, so they can still respond or withdraw.
                INVITE_CANDIDATE: {
                  actions: assign({ invitedAt: ({ event }) => event.at, invitations: ({ context }) => context.invitations + 1 }),
                },
                // AVG art. 7 lid 3: consent can be withdrawn at any time, after the advice too; the case then ends.
                WITHDRAW_CONSENT: { target: '#basisscan.scan.afgesloten', actions: close('toestemming_ingetrokken') },
              },
              states: {
                // The questionnaire and the open-source research run side by side from consent on.
                onderzoek: {
                  type: 'parallel',
                  onDone: 'gesprek',
                  states: {
                    vragenlijst: {
                      initial: 'invullen',
                      states: {
                        invullen: {
                          on: { SUBMIT_QUESTIONNAIRE: { target: 'ingediend', actions: assign({ questionnaireSubmittedAt: ({ event }) => event.at }) } },
                        },
                        ingediend: { type: 'final' },
                      },
                    },
                    bronnen: {
                      initial: 'lopend',
                      states: {
                        lopend: {
                          on: { COMPLETE_RESEARCH: { target: 'afgerond', actions: assign({ researchCompletedAt: ({ event }) => event.at }) } },
                        },
                        afgerond: { type: 'final' },
                      },
                    },
                  },
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
                    // Often held before the advice, to agree the measures; optional.
                    RECORD_OPDRACHTGEVER_CONVERSATION: { guard: 'conversationDateValid', actions: assign({ opdrachtgeverConversationDate: ({ event }) => event.date }) },
                    GIVE_ADVICE: {
                      guard: 'adviceAllowed',
                      target: 'raadInformeren',
                      actions: assign({
                        advice: ({ context, event }) => ({ conclusion: event.conclusion, at: event.at, deviatesFromScreener: event.conclusion !== context.screenerConclusion }),
                      }),
                    },
                    // Handleiding: when the basisscan cannot settle the risks, a deeper investigation
                    // with a recorded scope; the candidate consents to it before the screener goes on.
                    REQUEST_FURTHER_INVESTIGATION: {
                      target: 'aanvullendOnderzoekToestemming',
                      actions: assign({
                        furtherInvestigations: ({ context }) => context.furtherInvestigations + 1,
                        furtherInvestigation: ({ event }) => ({ requestedAt: event.at }),
                        ...NO_SCREENER_WORK,
                      }),
                    },
                  },
                },
                aanvullendOnderzoekToestemming: {
                  on: {
                    CONSENT_TO_FURTHER_INVESTIGATION: {
                      target: 'aanvullendOnderzoek',
                      actions: assign({ furtherInvestigation: ({ context, event }) => ({ requestedAt: context.furtherInvestigation!.requestedAt, consentedAt: event.at }) }),
                    },
                  },
                },
                aanvullendOnderzoek: {
                  on: { COMPLETE_RESEARCH: { target: 'gesprek', actions: assign({ researchCompletedAt: ({ event }) => event.at }) } },
                },
                raadInformeren: {
                  on: { RECORD_COUNCIL_INFORMED: { guard: ({ event }) => event.date <= dayOf(event.at), target: 'raadGeinformeerd', actions: assign({ councilInformedDate: ({ event }) => event.date }) } },
                },
                // Waiting for the raad's vote, which RECORD_OUTCOME (on `lopend`) records.
                raadGeinformeerd: {},
              },
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
            VOG_INTENDED_REFUSAL: { guard: and(['caseOpen', 'vogDateNotInFuture']), target: 'voornemenTotWeigering', actions: 'recordVog' },
          },
        },
        voornemenTotWeigering: {
          on: {
            VOG_ZIENSWIJZE_SUBMITTED: { guard: and(['caseOpen', 'vogDateNotInFuture']), target: 'zienswijze', actions: 'recordVog' },
            VOG_ISSUED: ISSUE_VOG,
            VOG_REFUSED: REFUSE_VOG,
          },
        },
        zienswijze: { on: { VOG_ISSUED: ISSUE_VOG, VOG_REFUSED: REFUSE_VOG } },
        // A new request (a moved date, or after bezwaar) keeps what was issued until it is decided.
        afgegeven: { on: { VOG_REQUESTED: REQUEST_VOG } },
        geweigerd: { on: { VOG_REQUESTED: REQUEST_VOG } },
      },
    },
  },
});

/**
 * The phase a person recognises, from the scan region: in the parallel research step, the
 * questionnaire while it is open, then the research.
 */
export function scanPhaseOf(value: unknown, context: Pick<CaseContext, 'questionnaireSubmittedAt'>): string {
  let node: unknown = (value as Record<string, unknown>).scan;
  while (node && typeof node === 'object') {
    const entries = Object.entries(node as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0] === 'onderzoek') return context.questionnaireSubmittedAt ? 'openbronnenonderzoek' : 'vragenlijst';
    node = entries[0][1];
  }
  return node as string;
}
