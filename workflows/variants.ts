/**
 * One machine for four kinds of public body: what differs is the office, who commissions the
 * analysis, who appoints, and which articles apply. Legal references are data, so an organisation
 * can correct them without a code change while the second tranche of the law is not in force.
 */
export type OrganisationKind = 'gemeente' | 'provincie' | 'waterschap' | 'openbaar_lichaam';
export type Office = 'wethouder' | 'gedeputeerde' | 'dagelijksBestuurslid' | 'eilandgedeputeerde';

export interface LegalReference {
  /** Short citation shown to users, e.g. "Gemeentewet art. 36a". */
  citation: string;
  /** Whether the citation is confirmed; unconfirmed ones are shown with "(te bevestigen)". */
  confirmed: boolean;
}

export interface Variant {
  organisationKind: OrganisationKind;
  office: Office;
  officeTitle: string;
  opdrachtgeverTitle: string;
  appointingBody: string;
  /** The integrity duty of the opdrachtgever. */
  integrityDuty: LegalReference;
  /** The VOG requirement at appointment (Wet bevorderen integriteit en functioneren decentraal bestuur, Stb. 2022, 444). */
  vogRequirement: LegalReference;
  /** The risk analysis duty (second tranche, Kamerstuk 36892; not yet in force). */
  riskAnalysisDuty: LegalReference;
  /** How old the VOG may be on the day of appointment, in calendar months. */
  vogMaxAgeMonths: number;
}

export const VARIANTS: Record<OrganisationKind, Variant> = {
  gemeente: {
    organisationKind: 'gemeente',
    office: 'wethouder',
    officeTitle: 'wethouder',
    opdrachtgeverTitle: 'burgemeester',
    appointingBody: 'gemeenteraad',
    integrityDuty: { citation: 'Gemeentewet art. 170 lid 2', confirmed: true },
    vogRequirement: { citation: 'Gemeentewet art. 36a lid 2', confirmed: false },
    riskAnalysisDuty: { citation: 'Kamerstuk 36892 (wetsvoorstel, nog niet in werking)', confirmed: true },
    vogMaxAgeMonths: 3,
  },
  provincie: {
    organisationKind: 'provincie',
    office: 'gedeputeerde',
    officeTitle: 'gedeputeerde',
    opdrachtgeverTitle: 'commissaris van de Koning',
    appointingBody: 'Provinciale Staten',
    integrityDuty: { citation: 'Provinciewet art. 175 lid 2', confirmed: false },
    vogRequirement: { citation: 'Provinciewet (VOG-eis gedeputeerden, Stb. 2022, 444)', confirmed: false },
    riskAnalysisDuty: { citation: 'Kamerstuk 36892 (wetsvoorstel, nog niet in werking)', confirmed: true },
    vogMaxAgeMonths: 3,
  },
  waterschap: {
    organisationKind: 'waterschap',
    office: 'dagelijksBestuurslid',
    officeTitle: 'lid van het dagelijks bestuur',
    opdrachtgeverTitle: 'voorzitter',
    appointingBody: 'algemeen bestuur',
    integrityDuty: { citation: 'Waterschapswet art. 94 lid 2', confirmed: false },
    vogRequirement: { citation: 'Waterschapswet (VOG-eis leden dagelijks bestuur, Stb. 2022, 444)', confirmed: false },
    riskAnalysisDuty: { citation: 'Kamerstuk 36892 (wetsvoorstel, nog niet in werking)', confirmed: true },
    vogMaxAgeMonths: 3,
  },
  openbaar_lichaam: {
    organisationKind: 'openbaar_lichaam',
    office: 'eilandgedeputeerde',
    officeTitle: 'eilandgedeputeerde',
    opdrachtgeverTitle: 'gezaghebber',
    appointingBody: 'eilandsraad',
    integrityDuty: { citation: 'WolBES (integriteitszorg gezaghebber)', confirmed: false },
    vogRequirement: { citation: 'WolBES (VOG-eis eilandgedeputeerden, Stb. 2022, 444)', confirmed: false },
    riskAnalysisDuty: { citation: 'Kamerstuk 36892 (wetsvoorstel, nog niet in werking)', confirmed: true },
    vogMaxAgeMonths: 3,
  },
};

export const cite = (ref: LegalReference): string => (ref.confirmed ? ref.citation : `${ref.citation} (te bevestigen)`);
