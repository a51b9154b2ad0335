import { BASISSCAN_MACHINE_ID, BASISSCAN_MACHINE_VERSION } from '../../workflows/basisscan.machine';
import { riskLevel, type Impact, type Likelihood } from '../../workflows/risk';
import { VARIANTS, type Variant } from '../../workflows/variants';
import { readTemplate } from '../common/templates';
import { verificationCode } from './produce';
import { canonicalContentSha256 } from './render/canonical';
import type { ReportBinding, ReportContent } from './report-model';

/**
 * Report fixtures without a database: a realistic, fully populated gemeente case (demoReport) and
 * one built to break layouts (stressReport). Everything is invented; any likeness is accidental.
 */

interface QuestionnaireTemplate {
  version: string;
  title: string;
  themes: { id: string; title: string; questions: { id: string; type: string; label: string }[] }[];
}

type Item = ReportContent['questionnaire']['themes'][number]['items'][number];
type Risk = ReportContent['risks'][number];
/** What the candidate answered, keyed by question id, already formatted as the report prints it. */
type Answers = Record<string, { answer: string; explanation?: string }>;

const CANDIDATE = 'Meryem Öztürk-de Graaf';
const BURGEMEESTER = 'A.C. (Anneke) Verhoef-Brouwer';
const SCREENER = 'drs. J. (Jeroen) Bakker';
const CASE_ID = '4f3a9c1e-7b2d-4c8a-9e61-2d5f0b7a3c94';
const REPORT_ID = 'b81e0c52-93a4-4f6d-8a27-5c1d9e4f6a03';

function themesFrom(answers: Answers, fallback: (question: { id: string; type: string }) => Item['answer']): ReportContent['questionnaire']['themes'] {
  const template = readTemplate<QuestionnaireTemplate>('questionnaire/v1.nl.json');
  return template.themes.map((theme) => ({
    id: theme.id,
    title: theme.title,
    items: theme.questions.map((question): Item => {
      const given = answers[question.id];
      return { question: question.label, answer: given?.answer ?? fallback(question), explanation: given?.explanation ?? null };
    }),
  }));
}

const defaultAnswer = (question: { type: string }): string => (question.type === 'yes_no' ? 'Nee' : question.type === 'declaration' ? 'Verklaard' : 'Geen');

const risk = (theme: string, description: string, likelihood: Likelihood, impact: Impact, measures: Risk['measures']): Risk => ({
  theme,
  description,
  likelihood,
  impact,
  level: riskLevel(likelihood, impact),
  measures,
});

function bind(content: ReportContent, overrides: Partial<ReportBinding> & Pick<ReportBinding, 'reportId' | 'version' | 'generatedAt' | 'signer' | 'reason'>): ReportBinding {
  const contentSha256 = canonicalContentSha256(content);
  return {
    caseId: content.case.id,
    contentSha256,
    auditHead: null,
    machine: content.case.machine,
    questionnaireVersion: content.case.questionnaireVersion,
    consentTextVersion: content.case.consent?.textVersion ?? null,
    templateVersion: content.templateVersion,
    verificationCode: verificationCode(overrides.reportId, contentSha256),
    ...overrides,
  };
}

const DEMO_ANSWERS: Answers = {
  'functie.portefeuille': { answer: 'Ruimtelijke ordening, wonen en grondzaken; daarnaast waarschijnlijk sport en recreatie.' },
  'functie.ingangsdatum': { answer: '21-5-2026' },
  'nevenfuncties.heeft': { answer: 'Ja' },
  'nevenfuncties.lijst': {
    answer: [
      'Organisatie of werkgever: Stichting Woonwaarde Voorbeeldstad (woningcorporatie); Functie of rol: lid raad van commissarissen; Uren per maand: 12; Bezoldigd: Ja; Relatie met de gemeente of de portefeuille: maakt met de gemeente prestatieafspraken over sociale huur; Wilt u deze functie houden na benoeming?: Nee',
      "Organisatie of werkgever: Öztürk & De Graaf Ruimtelijk Advies B.V.; Functie of rol: directeur-grootaandeelhouder; Uren per maand: 60; Bezoldigd: Ja; Relatie met de gemeente of de portefeuille: adviseert ontwikkelaars, onder wie één met een lopend project in de gemeente; Wilt u deze functie houden na benoeming?: Nee",
      "Organisatie of werkgever: v.v. Voorbeeldstad '28; Functie of rol: penningmeester; Uren per maand: 10; Bezoldigd: Nee; Relatie met de gemeente of de portefeuille: ontvangt subsidie en huurt het sportpark van de gemeente; Wilt u deze functie houden na benoeming?: Nee",
      'Organisatie of werkgever: Stichting Vrienden van het Stadsarchief; Functie of rol: bestuurslid; Uren per maand: 2; Bezoldigd: Nee; Relatie met de gemeente of de portefeuille: geen; Wilt u deze functie houden na benoeming?: Ja',
    ].join('\n'),
  },
  'belangen.aandelen': {
    answer: 'Ja',
    explanation:
      'Ik houd alle aandelen in Öztürk & De Graaf Ruimtelijk Advies B.V. Daarnaast heb ik een beleggingsrekening met aandelen van ongeveer € 18.000, waarvan circa € 4.500 in Bouwgroep Noorderhaven N.V.',
  },
  'belangen.onderneming': { answer: 'Ja', explanation: 'Mijn B.V. adviseert gemeenten en ontwikkelaars over bestemmingsplannen en omgevingsvergunningen; ik ben de enige medewerker.' },
  'belangen.vastgoed': {
    answer: 'Ja',
    explanation:
      'Samen met mijn broer ben ik eigenaar van het bedrijfspand Havenkade 14, dat wij verhuren aan een fietsenwinkel. Verder heb ik in 2019 een perceel landbouwgrond van 2,3 hectare aan de Zuiderweg geërfd; dat perceel ligt in het zoekgebied ‘Zuiderpolder’ voor woningbouw uit de omgevingsvisie.',
  },
  'belangen.zaken_met_gemeente': {
    answer: 'Ja',
    explanation:
      'Mijn B.V. heeft in 2024 en 2025 als onderaannemer advieswerk gedaan voor Bouwcombinatie Zuiderpolder v.o.f., die met de gemeente onderhandelt over de ontwikkeling van de Zuiderpolder. De opdracht is in december 2025 afgerond en gefactureerd.',
  },
  'positie.borgstelling': { answer: 'Ja', explanation: 'Ik sta samen met mijn broer hoofdelijk borg voor de hypothecaire lening op Havenkade 14 (restschuld € 212.000).' },
  'fiscaal.geschillen': {
    answer: 'Ja',
    explanation: 'In 2023 legde de Belastingdienst mijn B.V. een naheffing btw over het vierde kwartaal van 2021 op, met een verzuimboete van € 450. Ik heb die betaald en geen bezwaar gemaakt.',
  },
  'fiscaal.niet_tijdig': { answer: 'Ja', explanation: 'De btw-aangifte over het vierde kwartaal van 2021 is drie weken te laat gedaan, tijdens een verhuizing van de administratie.' },
  'antecedenten.civiel': {
    answer: 'Ja',
    explanation: 'In 2022 heeft mijn B.V. een opdrachtgever gedagvaard voor een onbetaalde factuur van € 7.800. De kantonrechter heeft de vordering toegewezen.',
  },
  'relaties.belangen_in_gemeente': { answer: 'Ja', explanation: 'Mijn broer Emre Öztürk is mede-eigenaar van Havenkade 14 en heeft een fietsenwinkel in de binnenstad.' },
  'relaties.werkzaam_bij_gemeente': { answer: 'Ja', explanation: 'Mijn zwager werkt als beleidsmedewerker bij de afdeling Sociaal Domein van de gemeente.' },
  'kwesties.publiek': {
    answer: 'Ja',
    explanation:
      'In 2019 schreef het Voorbeeldstads Dagblad dat ik als raadslid had meegestemd over het bestemmingsplan Havenkwartier, terwijl mijn B.V. kort daarvoor een ontwikkelaar in dat gebied had geadviseerd. De raad heeft het besproken in het presidium; er is geen onderzoek ingesteld.',
  },
  'uitingen.schadelijk': {
    answer: 'Ja',
    explanation: 'In 2021 heb ik op sociale media een bericht gedeeld waarin een ambtenaar bij naam werd bekritiseerd. Ik heb het na een dag verwijderd en mijn excuses aangeboden.',
  },
  'kwetsbaar.bedreigd': {
    answer: 'Ja',
    explanation: 'Na een raadsdebat over een nieuwe woonwagenlocatie in 2024 kreeg ik dreigende berichten. Ik heb aangifte gedaan; de politie heeft de afzender gewaarschuwd.',
  },
  'overig.toelichting': { answer: 'Mijn partner is zelfstandig architect en werkt regelmatig voor particulieren in Voorbeeldstad, niet voor de gemeente.' },
};

const DEMO_SUMMARIES: { theme: string; summary: string }[] = [
  {
    theme: 'nevenfuncties',
    summary:
      'De kandidaat bevestigt dat zij het commissariaat bij Stichting Woonwaarde en het penningmeesterschap van de voetbalvereniging vóór de benoeming neerlegt. Het commissariaat loopt formeel tot 1 juli 2026; de raad van commissarissen heeft ingestemd met eerder aftreden. Het bestuurslidmaatschap van de Vrienden van het Stadsarchief wil zij houden; die stichting ontvangt geen subsidie.',
  },
  {
    theme: 'financiele_belangen',
    summary:
      'De B.V. neemt sinds 1 april 2026 geen nieuwe opdrachten aan. De kandidaat wil de B.V. na de benoeming ‘slapend’ houden. Over het perceel aan de Zuiderweg zegt zij dat zij het niet wil verkopen zolang het bestemmingsplan niet is vastgesteld, “om elke schijn van handel met voorkennis te vermijden”. De aandelen Bouwgroep Noorderhaven wil zij verkopen.',
  },
  {
    theme: 'fiscale_zaken',
    summary: 'De te late aangifte is eenmalig geweest. De administratie van de B.V. wordt sinds 2022 door een accountantskantoor gevoerd.',
  },
  {
    theme: 'relaties',
    summary:
      'De zwager van de kandidaat werkt bij Sociaal Domein, buiten de beoogde portefeuille. De kandidaat zal de gemeentesecretaris vragen te zorgen dat er geen hiërarchische lijn tussen hen ontstaat.',
  },
  {
    theme: 'eerdere_kwesties',
    summary:
      'De kandidaat erkent dat zij zich in 2019 van stemming had moeten onthouden. Zij zegt daarvan te hebben geleerd en meldt sindsdien elke mogelijke belangenverstrengeling vooraf bij de griffier.',
  },
  {
    theme: 'publieke_uitingen',
    summary: 'De screener vond het bericht uit 2021 terug in een archief. Het bericht is scherp van toon maar niet beledigend; de kandidaat heeft destijds publiek excuses gemaakt.',
  },
  {
    theme: 'kwetsbaarheid',
    summary: 'De bedreiging in 2024 is afgehandeld. De burgemeester bespreekt met de kandidaat de gemeentelijke afspraken over veiligheid van bestuurders.',
  },
];

const DEMO_SOURCES: ReportContent['sources'] = [
  {
    kind: 'kvk_handelsregister',
    consultedOn: '2026-04-14',
    query: 'Öztürk-de Graaf; Öztürk & De Graaf Ruimtelijk Advies B.V.',
    found: 'De kandidaat staat ingeschreven als enig bestuurder en enig aandeelhouder van Öztürk & De Graaf Ruimtelijk Advies B.V. en als commissaris van Stichting Woonwaarde Voorbeeldstad. Dit komt overeen met haar antwoorden.',
    isFinding: true,
  },
  {
    kind: 'kadaster',
    consultedOn: '2026-04-14',
    query: 'Eigendom op naam van de kandidaat',
    found: 'Naast de eigen woning staan twee objecten op naam van de kandidaat: een bedrijfspand aan de Havenkade (1/2 aandeel) en een perceel landbouwgrond van 2,3 hectare aan de Zuiderweg. Dit komt overeen met haar antwoorden.',
    isFinding: true,
  },
  { kind: 'centraal_insolventieregister', consultedOn: '2026-04-14', query: 'Naam en geboortedatum van de kandidaat; de B.V.', found: '', isFinding: false },
  {
    kind: 'nieuwsarchief',
    consultedOn: '2026-04-15',
    query: 'Naam van de kandidaat in regionale en landelijke media, 2016–2026',
    found: 'Eén artikel in het Voorbeeldstads Dagblad (12 september 2019) over het meestemmen van de kandidaat over het bestemmingsplan Havenkwartier. Verder alleen berichten (2016–2026) over haar werk als raadslid.',
    isFinding: true,
  },
  {
    kind: 'sociale_media',
    consultedOn: '2026-04-15',
    query: 'Openbare accounts van de kandidaat',
    found: 'Een verwijderd bericht uit 2021, teruggevonden in een webarchief, waarin een ambtenaar bij naam wordt bekritiseerd. Geen andere berichten die het vertrouwen in het ambt kunnen schaden.',
    isFinding: true,
  },
  { kind: 'internet', consultedOn: '2026-04-16', query: 'Algemene zoekopdrachten op naam en woonplaats', found: '', isFinding: false },
  {
    kind: 'overig',
    consultedOn: '2026-04-16',
    query: 'Gepubliceerde uitspraken op rechtspraak.nl',
    found: 'Eén gepubliceerde uitspraak van de kantonrechter (2022) in een incassozaak van de B.V. van de kandidaat. Dit komt overeen met haar antwoorden.',
    isFinding: true,
  },
  {
    kind: 'kadaster',
    consultedOn: '2026-04-29',
    query: 'Aanvullend onderzoek: perceel Zuiderweg en omliggende percelen',
    found: 'Het perceel aan de Zuiderweg grenst aan grond die Bouwcombinatie Zuiderpolder v.o.f. in 2025 heeft gekocht. Er is geen koopoptie of ander recht van de bouwcombinatie op het perceel van de kandidaat ingeschreven.',
    isFinding: true,
  },
  { kind: 'kvk_handelsregister', consultedOn: '2026-04-29', query: 'Aanvullend onderzoek: Bouwcombinatie Zuiderpolder v.o.f.', found: '', isFinding: false },
];

const DEMO_RISKS: Risk[] = [
  risk(
    'nevenfuncties',
    'Als commissaris van Stichting Woonwaarde is de kandidaat betrokken bij de woningcorporatie waarmee zij als wethouder wonen prestatieafspraken zou maken.',
    'groot',
    'aanzienlijk',
    [
      { measure: 'Het commissariaat bij Stichting Woonwaarde beëindigen vóór de benoeming.', who: 'kandidaat', byWhen: '2026-05-20' },
      { measure: 'De beëindiging publiceren in het register van nevenfuncties van de gemeente.', who: 'griffier', byWhen: '2026-05-28' },
    ],
  ),
  risk(
    'financiele_belangen',
    'De B.V. van de kandidaat adviseerde tot december 2025 Bouwcombinatie Zuiderpolder, die met de gemeente onderhandelt over een project in de beoogde portefeuille.',
    'gemiddeld',
    'ernstig',
    [
      { measure: 'Geen nieuwe opdrachten voor de B.V. zolang de kandidaat wethouder is; dit schriftelijk bevestigen.', who: 'kandidaat', byWhen: '2026-05-20' },
      { measure: 'Portefeuilleafspraak: besluitvorming over de Zuiderpolder ligt bij een andere wethouder.', who: 'burgemeester en college', byWhen: '2026-05-21' },
    ],
  ),
  risk(
    'financiele_belangen',
    'Het perceel aan de Zuiderweg ligt in het zoekgebied voor woningbouw; besluiten over dat gebied kunnen de waarde ervan sterk verhogen.',
    'gemiddeld',
    'aanzienlijk',
    [
      { measure: 'Het perceel opnemen in de openbare opgave van financiële belangen.', who: 'kandidaat', byWhen: '2026-05-28' },
      { measure: 'Niet deelnemen aan beraadslaging en besluitvorming over de Zuiderpolder (valt onder de portefeuilleafspraak).', who: 'kandidaat', byWhen: '2026-05-21' },
      { measure: 'De aandelen Bouwgroep Noorderhaven N.V. verkopen.', who: 'kandidaat', byWhen: '2026-06-30' },
    ],
  ),
  risk('eerdere_kwesties', 'In 2019 stemde de kandidaat als raadslid mee over een bestemmingsplan waarbij haar B.V. kort daarvoor een ontwikkelaar had geadviseerd.', 'klein', 'aanzienlijk', [
    { measure: 'Integriteitsgesprek met de burgemeester na drie maanden in functie, over het melden van mogelijke belangenverstrengeling.', who: 'burgemeester', byWhen: '2026-08-31' },
  ]),
  risk('relaties', 'De zwager van de kandidaat werkt bij de gemeente.', 'klein', 'beperkt', [
    { measure: 'Vastleggen dat er geen hiërarchische of functionele lijn tussen de kandidaat en haar zwager ontstaat.', who: 'gemeentesecretaris', byWhen: '2026-06-15' },
  ]),
];

const DEMO_WEDERHOOR = [
  'Geachte heer Bakker,',
  'Dank voor de zorgvuldige conceptrapportage en voor het gesprek van 30 april. Ik herken mij in de bevindingen en ik ben het eens met de weging van de risico’s. Graag maak ik twee opmerkingen.',
  'Over het perceel aan de Zuiderweg: ik heb dit perceel geërfd en er nooit over onderhandeld met Bouwcombinatie Zuiderpolder of met andere partijen. Ik heb het aanvullend onderzoek daarom als een goede stap ervaren: het bevestigt dat er geen afspraken of rechten van derden op het perceel rusten. Ik ga akkoord met de portefeuilleafspraak en met de openbare opgave.',
  'Over 2019: ik had mij toen van stemming moeten onthouden. Ik heb dat destijds in de raad ook gezegd. Sindsdien meld ik elke mogelijke belangenverstrengeling vooraf bij de griffier, en dat wil ik als wethouder bij de burgemeester blijven doen.',
  'Met vriendelijke groet,\nMeryem Öztürk-de Graaf',
].join('\n\n');

const DEMO_CONCLUSION =
  'De basisscan brengt vijf integriteitsrisico’s in beeld, waarvan twee met niveau hoog: het commissariaat bij de woningcorporatie en de eerdere advieswerkzaamheden van de B.V. voor een partij in de beoogde portefeuille. Voor beide zijn passende beheersmaatregelen afgesproken: de kandidaat beëindigt het commissariaat en de advieswerkzaamheden vóór de benoeming, en de besluitvorming over de Zuiderpolder ligt bij een andere wethouder.\n\nHet aanvullend onderzoek naar het perceel aan de Zuiderweg heeft geen afspraken of rechten van derden opgeleverd. De kandidaat heeft open en volledig geantwoord; haar antwoorden komen overeen met wat in openbare bronnen is gevonden. Met de beheersmaatregelen zijn de risico’s beheersbaar.';

const trailEntry = (sequence: number, at: string, actor: string, event: string) => ({ sequence, at, actor, event });

const DEMO_TRAIL: ReportContent['trail'] = [
  ['2026-04-07T07:12:04Z', BURGEMEESTER, 'COMMISSION'],
  ['2026-04-07T07:16:31Z', BURGEMEESTER, 'ASSIGN_SCREENER'],
  ['2026-04-07T07:20:12Z', BURGEMEESTER, 'INVITE_CANDIDATE'],
  ['2026-04-07T08:02:45Z', BURGEMEESTER, 'VOG_REQUESTED'],
  ['2026-04-09T06:30:00Z', BURGEMEESTER, 'INVITE_CANDIDATE'],
  ['2026-04-09T17:44:19Z', 'kandidaat', 'GIVE_CONSENT'],
  ['2026-04-12T19:17:53Z', 'kandidaat', 'SUBMIT_QUESTIONNAIRE'],
  ['2026-04-14T08:05:00Z', BURGEMEESTER, 'CHANGE_APPOINTMENT_DATE'],
  ['2026-04-16T13:30:27Z', SCREENER, 'COMPLETE_RESEARCH'],
  ['2026-04-17T14:10:02Z', SCREENER, 'RECORD_INTERVIEW'],
  ['2026-04-20T09:00:40Z', SCREENER, 'SUBMIT_DRAFT'],
  ['2026-04-21T07:30:11Z', BURGEMEESTER, 'VOG_ISSUED'],
  ['2026-04-23T18:12:36Z', 'kandidaat', 'RESPOND_TO_FINDINGS'],
  ['2026-04-24T08:45:09Z', SCREENER, 'SUBMIT_FINAL'],
  ['2026-04-24T09:02:55Z', BURGEMEESTER, 'REPORT_GENERATED'],
  ['2026-04-27T07:40:18Z', BURGEMEESTER, 'REQUEST_FURTHER_INVESTIGATION'],
  ['2026-04-29T12:00:03Z', SCREENER, 'COMPLETE_RESEARCH'],
  ['2026-04-30T13:15:44Z', SCREENER, 'RECORD_INTERVIEW'],
  ['2026-05-01T08:20:29Z', SCREENER, 'SUBMIT_DRAFT'],
  ['2026-05-01T08:25:00Z', BURGEMEESTER, 'INVITE_CANDIDATE'],
  ['2026-05-04T22:00:00Z', 'systeem', 'DEADLINE_PASSED'],
  ['2026-05-05T19:40:51Z', 'kandidaat', 'RESPOND_TO_FINDINGS'],
  ['2026-05-06T09:10:37Z', SCREENER, 'SUBMIT_FINAL'],
  ['2026-05-07T11:30:06Z', BURGEMEESTER, 'GIVE_ADVICE'],
].map(([at, actor, event], index) => trailEntry(index + 1, at, actor, event));

function demoContent(): ReportContent {
  return {
    templateVersion: '1',
    organisation: { name: 'Gemeente Voorbeeldstad' },
    variant: VARIANTS.gemeente,
    case: {
      id: CASE_ID,
      reference: 'BS-2026-4F3A9C',
      commissionedAt: '2026-04-07T07:12:04Z',
      plannedAppointmentDate: '2026-05-21',
      phase: 'raadInformeren',
      machine: { id: BASISSCAN_MACHINE_ID, version: BASISSCAN_MACHINE_VERSION },
      questionnaireVersion: '1',
      consent: { textVersion: '1', at: '2026-04-09T17:44:19Z' },
    },
    candidate: { name: CANDIDATE },
    commissionedBy: { name: BURGEMEESTER },
    screener: { name: `${SCREENER} (Integriteitsbureau Noord)` },
    questionnaire: { title: 'Vragenlijst integriteit (zelfassessment)', submittedAt: '2026-04-12T19:17:53Z', themes: themesFrom(DEMO_ANSWERS, defaultAnswer) },
    sources: DEMO_SOURCES,
    interview: {
      heldOn: '2026-04-30',
      participants: [`${CANDIDATE} (kandidaat)`, `${SCREENER} (screener, Integriteitsbureau Noord)`, `${BURGEMEESTER} (burgemeester)`],
      summaries: DEMO_SUMMARIES,
    },
    risks: DEMO_RISKS,
    wederhoor: { how: 'gereageerd', at: '2026-05-05T19:40:51Z', response: DEMO_WEDERHOOR },
    screenerConclusion: { conclusion: 'beheersbaar', explanation: DEMO_CONCLUSION, final: true },
    advice: { conclusion: 'beheersbaar', at: '2026-05-07T11:30:06Z', deviatesFromScreener: false },
    vog: {
      requestedDate: '2026-04-07',
      intendedRefusalDate: null,
      zienswijzeDate: null,
      issueDate: '2026-04-20',
      refusedDate: null,
      maxAgeMonths: VARIANTS.gemeente.vogMaxAgeMonths,
      validForAppointment: true,
    },
    trail: DEMO_TRAIL,
  };
}

/** A complete gemeente case after the advice: second report version, after an aanvullend onderzoek. */
export function demoReport(): { content: ReportContent; binding: ReportBinding } {
  const content = demoContent();
  const binding = bind(content, {
    reportId: REPORT_ID,
    version: 2,
    generatedAt: '2026-05-07T11:32:40Z',
    auditHead: { sequence: 1873, hash: '9c4e2b7a1f0d83e65a4c7b19d2e0f8a36b5c1d4e7f9a0b2c3d4e5f60718293a4' },
    signer: { name: BURGEMEESTER, role: 'burgemeester van Voorbeeldstad (opdrachtgever)', testCertificate: true },
    reason: 'Vaststelling rapportage risicoanalyse integriteit, versie 2',
  });
  return { content, binding };
}

// --- stress ------------------------------------------------------------------------------------

const STRESS_SENTENCES = [
  'De kandidaat licht toe dat de coöperatie in de afgelopen jaren meermaals subsidie ontving voor het onderhoud van het dorpshuis en de ijsbaan.',
  'Over de financiële positie zegt zij dat er geen achterstanden zijn, maar dat een borgstelling voor de zaak van haar schoonvader nog doorloopt tot eind 2027.',
  'Volgens het archief van de Leeuwarder Courant is in 2018 kritisch bericht over een aanbesteding waarbij een familielid betrokken was; de gemeente heeft toen geen maatregelen genomen.',
  'Zij benadrukt dat “elke schijn van belangenverstrengeling” moet worden vermeden en dat zij de griffier vooraf informeert over ‘gevoelige’ dossiers.',
  'De opbrengst van € 12.450 is volgens de kandidaat volledig aangegeven; de naheffing – inclusief rente – is in één keer voldaan.',
  'Een reeks nevenfuncties in het verenigingsleven (zeilvereniging, muziekkorps, ondernemersvereniging) wordt na de benoeming beëindigd, behalve het voorzitterschap van het muziekkorps.',
  'De screener heeft de bevindingen naast de antwoorden gelegd en geen tegenstrijdigheden gevonden; één ingeschreven recht van opstal was niet vermeld maar is inmiddels toegelicht.',
];

/** Deterministic Dutch filler text of about `length` characters, with diacritics and typographic quotes. */
function prose(length: number, seed = 0): string {
  const parts: string[] = [];
  let total = 0;
  for (let i = seed; total < length; i++) {
    const sentence = STRESS_SENTENCES[i % STRESS_SENTENCES.length];
    parts.push(sentence);
    total += sentence.length + 1;
  }
  return parts.join(' ').slice(0, length).trimEnd();
}

const LONG_URL = 'https://www.voorbeeldbron.nl/archief/2019/09/12/gemeenteraad-havenkwartier-bestemmingsplan-stemming-belangenverstrengeling-raadslid-reactie';
const LONG_TOKEN = 'Stichting' + 'Ondersteuningsfonds'.repeat(4) + 'VoorBestuurlijkeIntegriteitEnOndermijningsbestendigheid';
const LONG_NAME =
  'Maria-Gertruida Wilhelmina Josephina Ëlisabeth Çelik-van den Heuvel tot Oostërbeek-Mérida, geboren Øvergaard-Nuñez de la Fuente y Müller-Lüdenscheidt van der Laan-Ödegård, jonkvrouw van Súdwest-Fryslân en Hoëvelaken';
const LONG_SIGNER =
  'Johannes-Bartholomeüs Frederik Hendrik Wilhelmus Ëmile Dijkstra-Ñúñez van Heemstede tot Kruiningen-Ærøskøbing, jonkheer van Weststellingwerf en Ooststellingwerf, waarnemend voorzitter van het algemeen bestuur';
const LONG_ORGANISATION =
  'Waterschap Noorderzijlvest-Hunze en Aa’s, Vechtstromen, Drents Overijsselse Delta, Zuiderzeeland en Wetterskip Fryslân (gemeenschappelijke regeling voor bestuurlijke integriteit, ondermijning en weerbaarheid)';

function stressAnswers(): Answers {
  const answers: Answers = {};
  const ids = ['functie.portefeuille', 'belangen.aandelen', 'belangen.vastgoed', 'belangen.zaken_met_gemeente', 'fiscaal.geschillen', 'relaties.belangen_in_gemeente', 'kwesties.publiek', 'overig.toelichting'];
  ids.forEach((id, index) => {
    const long = `${prose(3800, index)} Zie ${LONG_URL} en ${LONG_TOKEN}.`;
    answers[id] = id.endsWith('toelichting') || id.endsWith('portefeuille') ? { answer: long } : { answer: 'Ja', explanation: long };
  });
  answers['nevenfuncties.heeft'] = { answer: 'Ja' };
  answers['nevenfuncties.lijst'] = {
    answer: Array.from({ length: 12 }, (_, i) => `Organisatie of werkgever: ${LONG_TOKEN} ${i + 1}; Functie of rol: bestuurder; Uren per maand: ${i + 2}; Bezoldigd: ${i % 2 ? 'Ja' : 'Nee'}; Wilt u deze functie houden na benoeming?: Nee`).join('\n'),
  };
  return answers;
}

function stressRisks(): Risk[] {
  const likelihoods: Likelihood[] = ['klein', 'gemiddeld', 'groot'];
  const impacts: Impact[] = ['beperkt', 'aanzienlijk', 'ernstig'];
  const themes = ['nevenfuncties', 'financiele_belangen', 'financiele_positie', 'fiscale_zaken', 'antecedenten', 'relaties', 'eerdere_kwesties', 'publieke_uitingen', 'kwetsbaarheid', 'overig'];
  return Array.from({ length: 40 }, (_, i) => {
    // One description longer than a page, to force a row split; one unbroken URL; the rest ordinary.
    const description = i === 7 ? prose(4000, i) : i === 3 ? `Zie ${LONG_URL}${LONG_URL.slice(8)}` : `Risico ${i + 1}: ${prose(160 + (i % 5) * 90, i)}`;
    return risk(themes[i % themes.length], description, likelihoods[i % 3], impacts[Math.floor(i / 3) % 3], [
      { measure: `Maatregel A bij risico ${i + 1}: ${prose(120 + (i % 4) * 60, i + 1)}`, who: i === 5 ? LONG_TOKEN : 'kandidaat', byWhen: '2026-12-31' },
      { measure: `Maatregel B bij risico ${i + 1}: portefeuilleafspraak over ‘Zuiderpolder’ – zie ${LONG_URL}`, who: 'burgemeester en college van dijkgraaf en heemraden', byWhen: '2027-01-15' },
      { measure: `Maatregel C bij risico ${i + 1}: openbare opgave van financiële belangen.`, who: 'secretaris-directeur', byWhen: '2027-02-01' },
    ]);
  });
}

/** Everything at its limits: long names and tokens, 4000-character answers, 40 risks, 60 trail entries. */
export function stressReport(): { content: ReportContent; binding: ReportBinding } {
  const variant: Variant = VARIANTS.waterschap;
  const events = ['COMMISSION', 'ASSIGN_SCREENER', 'INVITE_CANDIDATE', 'GIVE_CONSENT', 'SUBMIT_QUESTIONNAIRE', 'COMPLETE_RESEARCH', 'RECORD_INTERVIEW', 'SUBMIT_DRAFT', 'RESPOND_TO_FINDINGS', 'SUBMIT_FINAL', 'REQUEST_FURTHER_INVESTIGATION', 'VOG_REQUESTED', 'VOG_INTENDED_REFUSAL', 'VOG_ZIENSWIJZE_SUBMITTED', 'VOG_ISSUED', 'SOME_FUTURE_EVENT'];
  const content: ReportContent = {
    templateVersion: '1',
    organisation: { name: LONG_ORGANISATION },
    variant,
    case: {
      id: '00000000-0000-4000-8000-00000000beef',
      reference: 'BS-2026-000000',
      commissionedAt: '2026-10-25T00:30:00Z',
      plannedAppointmentDate: '2027-01-31',
      phase: 'advies',
      machine: { id: BASISSCAN_MACHINE_ID, version: BASISSCAN_MACHINE_VERSION },
      questionnaireVersion: '1',
      consent: { textVersion: '1', at: '2026-10-26T09:00:00Z' },
    },
    candidate: { name: LONG_NAME },
    commissionedBy: { name: LONG_SIGNER },
    screener: { name: `${LONG_TOKEN} ${LONG_NAME}` },
    questionnaire: { title: 'Vragenlijst integriteit (zelfassessment)', submittedAt: '2026-10-30T23:59:59Z', themes: themesFrom(stressAnswers(), defaultAnswer) },
    sources: Array.from({ length: 30 }, (_, i) => ({
      kind: ['kvk_handelsregister', 'kadaster', 'centraal_insolventieregister', 'nieuwsarchief', 'sociale_media', 'internet', 'overig', 'onbekende_bron'][i % 8],
      consultedOn: '2026-11-0' + ((i % 9) + 1),
      query: `zoekterm ${i}`,
      found: i % 3 === 0 ? '' : `${prose(300 + (i % 4) * 400, i)} ${LONG_URL}`,
      isFinding: i % 3 !== 0,
    })),
    interview: {
      heldOn: '2026-11-12',
      participants: Array.from({ length: 10 }, (_, i) => `${LONG_NAME.slice(0, 120 + i * 8)} (deelnemer ${i + 1})`),
      summaries: [
        ...['nevenfuncties', 'financiele_belangen', 'relaties', 'kwetsbaarheid'].map((theme, i) => ({ theme, summary: `${prose(4000, i)} ${LONG_URL}` })),
        { theme: 'thema_buiten_de_vragenlijst', summary: prose(1200, 3) },
      ],
    },
    risks: stressRisks(),
    wederhoor: {
      how: 'gereageerd',
      at: '2026-11-20T16:00:00Z',
      response: Array.from({ length: 8 }, (_, i) => prose(900, i)).join('\n\n\n') + `\n${LONG_URL}${LONG_URL}`,
    },
    screenerConclusion: { conclusion: 'ernstige_risicos', explanation: prose(4000, 2), final: false },
    advice: { conclusion: 'beheersbaar', at: '2026-12-01T10:00:00Z', deviatesFromScreener: true },
    vog: {
      requestedDate: '2026-10-26',
      intendedRefusalDate: '2026-11-10',
      zienswijzeDate: '2026-11-17',
      issueDate: '2026-12-01',
      refusedDate: null,
      maxAgeMonths: 3,
      validForAppointment: true,
    },
    trail: Array.from({ length: 60 }, (_, i) =>
      trailEntry(i + 1, new Date(Date.UTC(2026, 9, 25, 0, 30) + i * 7 * 3_600_000).toISOString(), i % 7 === 0 ? LONG_NAME : i % 3 ? 'kandidaat' : 'systeem', events[i % events.length]),
    ),
  };
  const binding = bind(content, {
    reportId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
    version: 12,
    generatedAt: '2026-12-01T10:05:00Z',
    auditHead: { sequence: 987654321, hash: 'f'.repeat(64) },
    signer: { name: LONG_SIGNER, role: `${variant.opdrachtgeverTitle} (opdrachtgever) – ${LONG_TOKEN}`, testCertificate: true },
    reason: `Vaststelling rapportage – ${LONG_URL}`,
  });
  return { content, binding };
}
