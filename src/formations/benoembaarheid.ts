import { EntityManager } from 'typeorm';
import { CaseContext, vogValidOn } from '../../workflows/basisscan-2.machine';
import { LegalReference, OrganisationKind, VARIANTS } from '../../workflows/variants';

/**
 * The legal requirements for the appointment that the raad checks before the vote, advised by
 * its commissie and supported by the griffier (domain brief, "Benoembaarheid and the griffier").
 * A requirement is voldaan / open / niet voldaan: never a risk with a kans × impact. The
 * references are configuration, marked te bevestigen until confirmed; provincie, waterschap and
 * openbaar lichaam carry their own.
 */
export type RequirementCode = 'vereisten_persoon' | 'vog' | 'onverenigbare_functies' | 'nevenfuncties' | 'verboden_handelingen';
export const REQUIREMENT_CODES: readonly RequirementCode[] = ['vereisten_persoon', 'vog', 'onverenigbare_functies', 'nevenfuncties', 'verboden_handelingen'];
export type CheckStatus = 'voldaan' | 'open' | 'niet_voldaan';
export const CHECK_STATUSES: readonly CheckStatus[] = ['voldaan', 'open', 'niet_voldaan'];

export interface Requirement {
  code: RequirementCode;
  title: string;
  reference: LegalReference;
  /** `vog`: read from the VOG track, not set by hand. */
  source: 'griffier' | 'vog';
}

const TITLES: Record<RequirementCode, string> = {
  vereisten_persoon: 'Nederlanderschap, 18 jaar of ouder, niet uitgesloten van het kiesrecht, ingezetene (of ontheffing van het woonplaatsvereiste, ten hoogste een jaar)',
  vog: 'Verklaring omtrent het gedrag, bij de benoeming niet ouder dan drie maanden',
  onverenigbare_functies: 'Geen onverenigbare functies (of beëindigd vóór de benoeming)',
  nevenfuncties: 'Nevenfuncties opgegeven; na de benoeming onverwijld elektronisch openbaar gemaakt',
  verboden_handelingen: 'Geen verboden handelingen (zoals overeenkomsten met het eigen bestuursorgaan)',
};

const unconfirmed = (citation: string): LegalReference => ({ citation, confirmed: false });

/** The article of each requirement per kind of public body; all te bevestigen until confirmed. */
const REFERENCES: Record<OrganisationKind, Record<Exclude<RequirementCode, 'vog'>, LegalReference>> = {
  gemeente: {
    vereisten_persoon: unconfirmed('Gemeentewet art. 36a lid 1'),
    onverenigbare_functies: unconfirmed('Gemeentewet art. 36b'),
    nevenfuncties: unconfirmed('Gemeentewet art. 41b'),
    verboden_handelingen: unconfirmed('Gemeentewet art. 41c'),
  },
  provincie: {
    vereisten_persoon: unconfirmed('Provinciewet art. 35a lid 1'),
    onverenigbare_functies: unconfirmed('Provinciewet art. 35b'),
    nevenfuncties: unconfirmed('Provinciewet art. 40b'),
    verboden_handelingen: unconfirmed('Provinciewet art. 40c'),
  },
  waterschap: {
    vereisten_persoon: unconfirmed('Waterschapswet (vereisten leden dagelijks bestuur)'),
    onverenigbare_functies: unconfirmed('Waterschapswet (onverenigbare functies dagelijks bestuur)'),
    nevenfuncties: unconfirmed('Waterschapswet (openbaarmaking nevenfuncties)'),
    verboden_handelingen: unconfirmed('Waterschapswet (verboden handelingen)'),
  },
  openbaar_lichaam: {
    vereisten_persoon: unconfirmed('WolBES (vereisten eilandgedeputeerden)'),
    onverenigbare_functies: unconfirmed('WolBES (onverenigbare functies eilandgedeputeerden)'),
    nevenfuncties: unconfirmed('WolBES (openbaarmaking nevenfuncties)'),
    verboden_handelingen: unconfirmed('WolBES (verboden handelingen)'),
  },
};

export function requirementsFor(kind: OrganisationKind): Requirement[] {
  return REQUIREMENT_CODES.map((code) => ({
    code,
    title: TITLES[code],
    reference: code === 'vog' ? VARIANTS[kind].vogRequirement : REFERENCES[kind][code],
    source: code === 'vog' ? 'vog' : 'griffier',
  }));
}

/** The VOG requirement read from the VOG track, for the planned appointment date. */
export function vogStatus(context: CaseContext): CheckStatus {
  const date = context.plannedAppointmentDate;
  if (vogValidOn(context, date)) return 'voldaan';
  // A refused VOG cannot become valid; a missing or too old one still can (a new request).
  return context.vog.refusedDate ? 'niet_voldaan' : 'open';
}

/** What the candidate declared that bears on a requirement, shown to the griffier beside the check. */
export type DeclaredFacts = Partial<Record<RequirementCode, string>>;

/**
 * HOOK (issue 19): the questionnaire answers marked for the griffier. The questionnaire is being
 * extended with benoembaarheid facts (nationality, residence, positions, contracts) marked for
 * the griffier; once it is, this reads exactly those answers (and nothing else of the
 * questionnaire) and returns them per requirement. Until then no answer is marked, so nothing is
 * pre-filled and the griffier checks every requirement by hand. Never read the risk analysis here.
 */
export interface DeclarationSource {
  declared(manager: EntityManager, caseId: string): Promise<DeclaredFacts>;
}

export const NO_MARKED_ANSWERS_YET: DeclarationSource = { declared: async () => ({}) };
