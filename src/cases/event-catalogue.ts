import { SCREENER_UNKNOWN_MESSAGE } from '../orgs/screening-bureaus';

/**
 * The documentation of every workflow event, keyed by event type: what it means, who sends it,
 * what each field of its payload means, an example, and the codes it can be refused with besides
 * the ones every event shares. The payload's shape itself is NOT here: it is generated from the
 * class-validator classes the service validates with (`PAYLOADS` in `event-payloads.ts`), so the
 * OpenAPI document cannot drift from the validation. A unit test fails when an event type in
 * `PAYLOADS` has no entry here: a new event must be documented.
 *
 * Texts are Dutch (B1): they end up in the API documentation that integrators read.
 */

export interface EventRefusal {
  status: 409 | 422;
  code: string;
  /** When this answer comes, in Dutch. */
  when: string;
}

export interface EventDoc {
  /** One line: what the event records. */
  summary: string;
  /** Who sends it and what it does to the case. */
  description: string;
  /** Dutch descriptions of the payload fields (besides `type` and `expectedVersion`). */
  fields?: Record<string, string>;
  /** A complete request body; `expectedVersion` is the case's `version` at the time. */
  example: Record<string, unknown>;
  /** Refusals specific to this event (the shared ones are in `COMMON_EVENT_REFUSALS`). */
  refusals?: EventRefusal[];
}

/** What every event can be refused with. */
export const COMMON_EVENT_REFUSALS: EventRefusal[] = [
  { status: 409, code: 'EVENT_NOT_ALLOWED', when: 'De gebeurtenis is nu niet mogelijk, of niet voor u. `details.allowedEvents` noemt wat u nu wel kunt doen.' },
  { status: 409, code: 'VERSION_CONFLICT', when: 'Het dossier is intussen gewijzigd: `expectedVersion` is niet meer de huidige versie. Haal het dossier opnieuw op.' },
  { status: 422, code: 'INVALID_EVENT', when: 'Het verzoek klopt niet: een veld ontbreekt, heeft een verkeerde waarde of is onbekend. `details` noemt elk veld.' },
];

const VERSION = 3;
const DAY = '2027-01-15';

export const EVENT_CATALOGUE: Record<string, EventDoc> = {
  ASSIGN_SCREENER: {
    summary: 'Screener toewijzen',
    description: 'De opdrachtgever wijst de screener aan die het onderzoek doet. De screener hoort bij de eigen organisatie of bij een screeningsbureau waarmee de organisatie een verwerkersovereenkomst heeft (Instellingen). Kan ook later, om een andere screener aan te wijzen.',
    fields: { screenerId: 'Id van de screener (zie `GET /api/v1/screeners?email=`).' },
    example: { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId: '0b5e9f4c-3d0a-4c1e-9a57-6f2d8e1b7c42' },
    refusals: [{ status: 422, code: 'SCREENER_UNKNOWN', when: SCREENER_UNKNOWN_MESSAGE }],
  },
  INVITE_CANDIDATE: {
    summary: 'Kandidaat uitnodigen',
    description: 'De opdrachtgever nodigt de kandidaat uit. De dienst maakt een eenmalige code en zet de uitnodiging met de link in de uitgaande post. Opnieuw uitnodigen maakt de oude code ongeldig.',
    example: { type: 'INVITE_CANDIDATE', expectedVersion: 2 },
  },
  GIVE_CONSENT: {
    summary: 'Toestemming geven',
    description: 'De kandidaat geeft toestemming voor het onderzoek, op de toestemmingstekst die hij heeft gelezen (`GET /api/v1/cases/{id}/consent`). Daarna staat de vragenlijst open.',
    fields: { consentTextVersion: 'Versie van de toestemmingstekst die de kandidaat heeft gelezen.' },
    example: { type: 'GIVE_CONSENT', expectedVersion: VERSION, consentTextVersion: '3' },
    refusals: [{ status: 422, code: 'CONSENT_VERSION_OUTDATED', when: 'De toestemmingstekst is gewijzigd. `details.currentVersion` noemt de actuele versie.' }],
  },
  REFUSE_CONSENT: {
    summary: 'Toestemming weigeren',
    description: 'De kandidaat weigert toestemming. Het dossier sluit; er komt geen onderzoek.',
    example: { type: 'REFUSE_CONSENT', expectedVersion: VERSION },
  },
  WITHDRAW_CONSENT: {
    summary: 'Toestemming intrekken',
    description: 'De kandidaat trekt de gegeven toestemming in (AVG art. 7 lid 3). Dat kan altijd, ook na het advies, tot de uitkomst van de stemming is vastgelegd. Het dossier sluit; na het advies blijft alleen het advies bewaard tot het einde van de bewaartermijn.',
    example: { type: 'WITHDRAW_CONSENT', expectedVersion: VERSION },
  },
  SUBMIT_QUESTIONNAIRE: {
    summary: 'Vragenlijst indienen',
    description: 'De kandidaat dient de ingevulde vragenlijst in. Daarna begint het openbronnenonderzoek van de screener.',
    example: { type: 'SUBMIT_QUESTIONNAIRE', expectedVersion: VERSION },
    refusals: [{ status: 422, code: 'QUESTIONNAIRE_INCOMPLETE', when: 'De vragenlijst is nog niet volledig. `details.missing` noemt de ontbrekende antwoorden.' }],
  },
  COMPLETE_RESEARCH: {
    summary: 'Openbronnenonderzoek afronden',
    description: 'De screener rondt het openbronnenonderzoek af. Dat kan vanaf de toestemming, naast de vragenlijst; het gesprek volgt als vragenlijst en onderzoek allebei klaar zijn. Na een aanvullend onderzoek rondt dit het aanvullend onderzoek af.',
    example: { type: 'COMPLETE_RESEARCH', expectedVersion: VERSION },
    refusals: [{ status: 422, code: 'RESEARCH_EMPTY', when: 'Er is nog geen geraadpleegde bron vastgelegd.' }],
  },
  RECORD_INTERVIEW: {
    summary: 'Gesprek vastleggen',
    description: 'De screener legt vast dat het gesprek met de kandidaat is gehouden. Het verslag (`PUT /api/v1/cases/{id}/interview`) moet er al zijn, met dezelfde datum.',
    fields: { date: 'Datum van het gesprek (JJJJ-MM-DD).' },
    example: { type: 'RECORD_INTERVIEW', expectedVersion: VERSION, date: DAY },
    refusals: [{ status: 422, code: 'INTERVIEW_NOT_RECORDED', when: 'Er is geen gespreksverslag met deze datum.' }],
  },
  SUBMIT_DRAFT: {
    summary: 'Conceptrapportage indienen',
    description: 'De screener dient de conceptrapportage in. Daarmee begint hoor en wederhoor: de kandidaat krijgt 5 werkdagen om te reageren.',
    example: { type: 'SUBMIT_DRAFT', expectedVersion: VERSION },
    refusals: [{ status: 422, code: 'DRAFT_CONCLUSION_MISSING', when: 'Er is nog geen conceptconclusie vastgelegd.' }],
  },
  RESPOND_TO_FINDINGS: {
    summary: 'Reageren op de bevindingen',
    description: 'De kandidaat dient zijn reactie op de bevindingen in (hoor en wederhoor). De reactie zelf staat er al (`PUT /api/v1/cases/{id}/wederhoor/response`).',
    example: { type: 'RESPOND_TO_FINDINGS', expectedVersion: VERSION },
    refusals: [{ status: 422, code: 'RESPONSE_MISSING', when: 'Er is nog geen reactie vastgelegd.' }],
  },
  DECLINE_RESPONSE: {
    summary: 'Afzien van een reactie',
    description: 'De kandidaat ziet af van een reactie op de bevindingen. Hoor en wederhoor is dan voorbij.',
    example: { type: 'DECLINE_RESPONSE', expectedVersion: VERSION },
  },
  SUBMIT_FINAL: {
    summary: 'Eindrapportage indienen',
    description: 'De screener dient de eindrapportage in, met zijn conclusie. Een hoog risico zonder beheersmaatregel leidt tot de conclusie "ernstige risico\'s", tenzij de screener motiveert waarom niet.',
    fields: {
      conclusion: 'Conclusie van de screener: `geen_risicos`, `beheersbaar` of `ernstige_risicos`.',
      justification: 'Alleen nodig bij een hoog risico zonder beheersmaatregel en een andere conclusie dan `ernstige_risicos`: waarom (10 tot 4000 tekens). Wordt versleuteld bewaard.',
    },
    example: { type: 'SUBMIT_FINAL', expectedVersion: VERSION, conclusion: 'beheersbaar' },
    refusals: [{ status: 422, code: 'HIGH_RISK_WITHOUT_MEASURE', when: 'Er is een hoog risico zonder beheersmaatregel; kies `ernstige_risicos` of geef een `justification`.' }],
  },
  RECORD_OPDRACHTGEVER_CONVERSATION: {
    summary: 'Eigen gesprek met de kandidaat vastleggen',
    description: 'De opdrachtgever legt zijn eigen gesprek met de kandidaat vast, vaak vóór het advies om de beheersmaatregelen af te spreken. De maatregelen die de kandidaat daar aanvaardt, worden als aanvaard vastgelegd.',
    fields: {
      date: 'Datum van het gesprek (JJJJ-MM-DD): niet in de toekomst en niet vóór de eindrapportage.',
      agreedRiskIds: 'Ids van de risico’s waarvan de kandidaat de beheersmaatregelen aanvaardde (niet verplicht).',
      allMeasuresAgreed: '`true` als de kandidaat alle beheersmaatregelen aanvaardde (niet verplicht).',
    },
    example: { type: 'RECORD_OPDRACHTGEVER_CONVERSATION', expectedVersion: VERSION, date: DAY, allMeasuresAgreed: true },
    refusals: [
      { status: 422, code: 'CONVERSATION_DATE_INVALID', when: 'De datum ligt vóór de eindrapportage.' },
      { status: 422, code: 'DATE_IN_FUTURE', when: 'De datum ligt in de toekomst.' },
      { status: 422, code: 'RISK_UNKNOWN', when: 'Een gekozen risico hoort niet bij dit dossier of heeft geen beheersmaatregel.' },
    ],
  },
  REQUEST_FURTHER_INVESTIGATION: {
    summary: 'Aanvullend onderzoek vragen',
    description: 'De opdrachtgever vraagt aanvullend onderzoek, met de omvang. De kandidaat ziet de omvang en stemt eerst in (`CONSENT_TO_FURTHER_INVESTIGATION`) of trekt zich terug; daarna gaat de screener verder en worden gesprek, concept, wederhoor en eindrapportage opnieuw gedaan.',
    fields: { scope: 'Wat aanvullend onderzocht moet worden (10 tot 4000 tekens). Wordt versleuteld bewaard.' },
    example: { type: 'REQUEST_FURTHER_INVESTIGATION', expectedVersion: VERSION, scope: 'Onderzoek ook de nevenfuncties van de afgelopen vijf jaar.' },
  },
  CONSENT_TO_FURTHER_INVESTIGATION: {
    summary: 'Instemmen met het aanvullend onderzoek',
    description: 'De kandidaat stemt in met de omvang van het aanvullend onderzoek (`furtherInvestigationScope` in het dossier). Daarna gaat de screener verder. Wie niet instemt, trekt de toestemming of de kandidatuur in.',
    example: { type: 'CONSENT_TO_FURTHER_INVESTIGATION', expectedVersion: VERSION },
  },
  GIVE_ADVICE: {
    summary: 'Advies geven',
    description: 'De opdrachtgever geeft zijn advies over de benoeming. Een positief advies kan alleen met toestemming, ingediende vragenlijst, eindrapportage en afgeronde hoor en wederhoor (in dossiers op versie 1.0.0 ook een geldige VOG). De VOG wordt getoetst bij de benoeming. Een advies dat afwijkt van de conclusie van de screener heeft een reden nodig.',
    fields: {
      conclusion: 'Het advies: `geen_risicos`, `beheersbaar` of `ernstige_risicos`.',
      deviationReason: 'Nodig als het advies afwijkt van de conclusie van de screener: waarom (10 tot 4000 tekens). Wordt versleuteld bewaard.',
    },
    example: { type: 'GIVE_ADVICE', expectedVersion: VERSION, conclusion: 'beheersbaar' },
    refusals: [
      { status: 409, code: 'ADVICE_BLOCKED', when: 'Een positief advies is nu niet mogelijk. `details.blockers` noemt wat ontbreekt.' },
      { status: 422, code: 'DEVIATION_REASON_REQUIRED', when: 'Het advies wijkt af van de conclusie van de screener en er is geen `deviationReason`.' },
    ],
  },
  RECORD_COUNCIL_INFORMED: {
    summary: 'Vastleggen dat de raad is geïnformeerd',
    description: 'De opdrachtgever legt vast op welke datum de raad (of Staten, algemeen bestuur, eilandsraad) is geïnformeerd.',
    fields: { date: 'Datum waarop de raad is geïnformeerd (JJJJ-MM-DD).' },
    example: { type: 'RECORD_COUNCIL_INFORMED', expectedVersion: VERSION, date: DAY },
  },
  RECORD_OUTCOME: {
    summary: 'Uitkomst van de stemming vastleggen',
    description:
      'De opdrachtgever legt na de stemming vast of de kandidaat is benoemd, en wanneer. Kan in elke open fase. Een benoeming kan alleen met een VOG die is afgegeven, niet geweigerd, op of vóór de datum is afgegeven en op die datum niet ouder is dan de wettelijke termijn (Gemeentewet art. 36a lid 2 en de parallelle artikelen). Onder de tweede tranche (Kamerstuk 36892, als die in werking is) ook pas na het advies. Het dossier sluit; de bewaartermijn begint.',
    fields: { date: 'Datum van het besluit (JJJJ-MM-DD): niet in de toekomst, niet vóór het advies en niet vóór de opdracht.', appointed: '`true` als de kandidaat is benoemd.' },
    example: { type: 'RECORD_OUTCOME', expectedVersion: VERSION, date: DAY, appointed: true },
    refusals: [
      { status: 409, code: 'VOG_NOT_VALID_FOR_APPOINTMENT', when: 'Er is op die datum geen geldige VOG. `details.reason` zegt waarom: `vog_ontbreekt`, `vog_geweigerd`, `vog_te_oud` of `vog_na_datum`; `details.legalReference` noemt het artikel.' },
      { status: 409, code: 'RISK_ANALYSIS_REQUIRED', when: 'De tweede tranche geldt op die datum en het advies is nog niet gegeven.' },
      { status: 422, code: 'OUTCOME_DATE_INVALID', when: 'De datum ligt in de toekomst, vóór het advies of vóór de opdracht.' },
    ],
  },
  RECORD_NOT_APPOINTABLE: {
    summary: 'Niet benoembaar (VOG) vastleggen',
    description: 'De opdrachtgever legt vast dat de kandidaat niet kan worden benoemd omdat er geen geldige VOG is: de VOG is geweigerd, of de beoogde benoemingsdatum is gekomen zonder VOG die dan geldig is. Het dossier sluit met de uitkomst `niet_benoembaar_vog`.',
    fields: { date: 'Datum (JJJJ-MM-DD): niet in de toekomst, niet vóór het advies en niet vóór de opdracht.' },
    example: { type: 'RECORD_NOT_APPOINTABLE', expectedVersion: VERSION, date: DAY },
    refusals: [
      { status: 409, code: 'VOG_VALID', when: 'Op die datum is er een geldige VOG.' },
      { status: 409, code: 'VOG_STILL_POSSIBLE', when: 'De VOG is niet geweigerd en de beoogde benoemingsdatum is nog niet gekomen.' },
      { status: 422, code: 'OUTCOME_DATE_INVALID', when: 'De datum ligt in de toekomst, vóór het advies of vóór de opdracht.' },
    ],
  },
  WITHDRAW_CANDIDACY: {
    summary: 'Kandidatuur intrekken',
    description: 'De kandidaat of de opdrachtgever legt vast dat de kandidaat zich terugtrekt. Het dossier sluit.',
    example: { type: 'WITHDRAW_CANDIDACY', expectedVersion: VERSION },
  },
  STOP_CASE: {
    summary: 'Onderzoek stoppen',
    description: 'De opdrachtgever stopt het onderzoek, met een reden. Dat kan in elke open fase, ook na het advies, tot de uitkomst is vastgelegd. Het dossier sluit.',
    fields: {
      reason: 'Reden: `formatie_gewijzigd`, `kandidaat_ongeschikt_voor_functie` of `andere_reden`.',
      explanation: 'Toelichting (hoogstens 4000 tekens, niet verplicht). Wordt versleuteld bewaard.',
    },
    example: { type: 'STOP_CASE', expectedVersion: VERSION, reason: 'formatie_gewijzigd', explanation: 'De coalitie is anders samengesteld.' },
  },
  CHANGE_APPOINTMENT_DATE: {
    summary: 'Beoogde benoemingsdatum wijzigen',
    description: 'De opdrachtgever wijzigt de beoogde datum van benoeming, in elke open fase tot de uitkomst. De termijnen die van de datum afhangen (de VOG-waarschuwing) worden opnieuw gepland en de VOG wordt opnieuw getoetst.',
    fields: { date: 'De nieuwe beoogde benoemingsdatum (JJJJ-MM-DD).' },
    example: { type: 'CHANGE_APPOINTMENT_DATE', expectedVersion: VERSION, date: '2027-03-01' },
  },
  VOG_REQUESTED: {
    summary: 'VOG-aanvraag vastleggen',
    description: 'De opdrachtgever legt vast wanneer de Verklaring Omtrent het Gedrag is aangevraagd.',
    fields: { date: 'Datum van de aanvraag (JJJJ-MM-DD).' },
    example: { type: 'VOG_REQUESTED', expectedVersion: VERSION, date: '2026-12-01' },
  },
  VOG_INTENDED_REFUSAL: {
    summary: 'Voornemen tot weigering van de VOG vastleggen',
    description: 'De opdrachtgever legt vast dat Justis van plan is de VOG te weigeren. De kandidaat kan dan een zienswijze indienen.',
    fields: { date: 'Datum van het voornemen (JJJJ-MM-DD).' },
    example: { type: 'VOG_INTENDED_REFUSAL', expectedVersion: VERSION, date: '2026-12-10' },
  },
  VOG_ZIENSWIJZE_SUBMITTED: {
    summary: 'Ingediende zienswijze vastleggen',
    description: 'De opdrachtgever legt vast dat de kandidaat een zienswijze op het voornemen tot weigering heeft ingediend.',
    fields: { date: 'Datum van de zienswijze (JJJJ-MM-DD).' },
    example: { type: 'VOG_ZIENSWIJZE_SUBMITTED', expectedVersion: VERSION, date: '2026-12-15' },
  },
  VOG_ISSUED: {
    summary: 'Afgegeven VOG vastleggen',
    description: 'De opdrachtgever legt de afgegeven VOG vast: datum van afgifte en kenmerk. Bij de benoeming is de VOG hoogstens 3 maanden oud (instelbaar per soort functie).',
    fields: { issueDate: 'Datum van afgifte (JJJJ-MM-DD), niet in de toekomst.', reference: 'Kenmerk van de VOG (1 tot 40 tekens: letters, cijfers, spatie, punt, schuine streep, streepje).' },
    example: { type: 'VOG_ISSUED', expectedVersion: VERSION, issueDate: '2026-12-01', reference: 'VOG-2026/12345' },
    refusals: [
      { status: 422, code: 'DATE_IN_FUTURE', when: 'De datum van afgifte ligt in de toekomst.' },
      { status: 422, code: 'VOG_ISSUED_BEFORE_REQUEST', when: 'De datum van afgifte ligt vóór de datum van de aanvraag.' },
    ],
  },
  VOG_REFUSED: {
    summary: 'Weigering van de VOG vastleggen',
    description: 'De opdrachtgever legt vast dat de VOG is geweigerd. Een positief advies is dan niet mogelijk.',
    fields: { date: 'Datum van de weigering (JJJJ-MM-DD).' },
    example: { type: 'VOG_REFUSED', expectedVersion: VERSION, date: '2026-12-20' },
  },
  DEADLINE_PASSED: {
    summary: 'Termijn verstreken (automatisch)',
    description: 'Stuurt de dienst zelf als een termijn verstrijkt (toestemming, vragenlijst, wederhoor, VOG-waarschuwing). Een gebruiker kan deze gebeurtenis niet sturen: het antwoord is altijd 409 `EVENT_NOT_ALLOWED`.',
    example: { type: 'DEADLINE_PASSED', expectedVersion: VERSION },
  },
  RETENTION_EXPIRED: {
    summary: 'Bewaartermijn verstreken (automatisch)',
    description: 'Stuurt de dienst zelf als de bewaartermijn van een gesloten dossier verstrijkt: de persoonsgegevens worden vernietigd. Een gebruiker kan deze gebeurtenis niet sturen: het antwoord is altijd 409 `EVENT_NOT_ALLOWED`.',
    example: { type: 'RETENTION_EXPIRED', expectedVersion: VERSION },
  },
};

/** All codes an event can be refused with: the shared ones and its own. */
export function eventRefusals(type: string): EventRefusal[] {
  return [...COMMON_EVENT_REFUSALS, ...(EVENT_CATALOGUE[type]?.refusals ?? [])];
}
