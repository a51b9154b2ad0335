/**
 * What each operation of the API does, in Dutch, for the OpenAPI document: a summary, a
 * description, and the refusals that belong to this operation (the general ones, such as 401, 403,
 * 404 for a path with an id, 429 and 503, are added to every operation by `openapi.ts`). Keyed by
 * `METHOD /path` as in the document (paths relative to the server URL, `{id}` style). Kept here
 * rather than in `@ApiOperation` decorators so the controllers stay thin; a test fails when a route
 * has no entry.
 */
import { COMMON_EVENT_REFUSALS, EVENT_CATALOGUE } from '../cases/event-catalogue';

/** The codes of one status that any workflow event can be refused with. */
function eventRefusalCodes(status: 409 | 422): string[] {
  const all = [...COMMON_EVENT_REFUSALS, ...Object.values(EVENT_CATALOGUE).flatMap((doc) => doc.refusals ?? [])];
  return [...new Set(all.filter((r) => r.status === status).map((r) => r.code))];
}

export interface OperationDoc {
  summary: string;
  description: string;
  /** Refusals of this operation: status → the codes it answers with. */
  errors?: Partial<Record<400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 500 | 503, string[]>>;
}

export const OPERATIONS: Record<string, OperationDoc> = {
  // --- sign-in ---------------------------------------------------------------------------------
  'POST /auth/login': {
    summary: 'Aanmelden met e-mailadres en wachtwoord',
    description: 'Geeft een toegangstoken (Bearer) voor een lokaal account. Na te veel mislukte pogingen volgt 429 met `Retry-After`.',
    errors: { 401: ['INVALID_CREDENTIALS'] },
  },
  'POST /auth/session': {
    summary: 'Aanmelden in de webapplicatie',
    description: 'Zoals `POST /auth/login`, maar het token komt in een HttpOnly-cookie. Het verzoek moet de kop `X-Requested-With: basisscan` hebben.',
    errors: { 401: ['INVALID_CREDENTIALS'], 403: ['WEB_CLIENT_HEADER_MISSING'] },
  },
  'GET /auth/session': {
    summary: 'Wie is aangemeld',
    description: 'Geeft de aangemelde gebruiker of kandidaat en wanneer de sessie eindigt. Verlengt een cookiesessie die over de helft van haar duur is.',
  },
  'DELETE /auth/session': {
    summary: 'Afmelden',
    description: 'Verwijdert de sessiecookie en beëindigt de sessie ook in de dienst: een bewaarde kopie van de cookie werkt daarna niet meer.',
  },
  'GET /auth/methods': {
    summary: 'Welke manieren van aanmelden er zijn',
    description: 'Zegt of aanmelden met wachtwoord en via de eigen organisatie (OIDC) mogelijk is.',
  },
  'GET /auth/oidc/start': {
    summary: 'Aanmelden via de eigen organisatie beginnen',
    description: 'Stuurt de browser door naar de OIDC-aanbieder van de organisatie (authorization code met PKCE).',
  },
  'GET /auth/oidc/callback': {
    summary: 'Terugkeer van de OIDC-aanbieder',
    description: 'De aanbieder stuurt de browser hierheen terug. Bij succes volgt een cookiesessie, anders een doorverwijzing naar `/inloggen?fout=oidc`. De redirect-URI die bij de aanbieder staat geregistreerd is `PUBLIC_URL/api/v1/auth/oidc/callback`.',
  },
  'GET /auth/oidc/logout': {
    summary: 'Ook afmelden bij de eigen organisatie',
    description:
      'Na `DELETE /auth/session`: stuurt de browser door naar het `end_session_endpoint` van de OIDC-aanbieder (RP-initiated logout, met `client_id` en `post_logout_redirect_uri` = `PUBLIC_URL/inloggen?afgemeld=1`), of meteen naar `/inloggen?afgemeld=1` als de aanbieder dat niet kent. `GET /auth/session` zegt met `viaProvider` of dit nodig is.',
  },
  'POST /auth/invitation': {
    summary: 'Uitnodigingscode inwisselen',
    description: 'De kandidaat wisselt de code uit de uitnodiging in voor een token voor dat ene dossier. Een gebruikte, verlopen, ingetrokken of onbekende code geeft 401.',
    errors: { 401: ['INVALID_INVITATION'] },
  },
  'POST /auth/invitation/new-link': {
    summary: 'Een nieuwe link aanvragen (kandidaat)',
    description: 'De kandidaat vult het e-mailadres in waarop de uitnodiging kwam. Hoort het bij een kandidaat van een lopende risicoanalyse, dan gaat er een nieuwe eenmalige link naartoe en werken eerdere ongebruikte links niet meer. Het antwoord is altijd 202 met dezelfde tekst, of het adres bekend is of niet. Per e-mailadres en per client geldt een limiet (429 met `Retry-After`).',
  },
  'POST /auth/invitation/session': {
    summary: 'Uitnodigingscode inwisselen in de webapplicatie',
    description: 'Zoals `POST /auth/invitation`, maar het token komt in een HttpOnly-cookie. Het verzoek moet de kop `X-Requested-With: basisscan` hebben.',
    errors: { 401: ['INVALID_INVITATION'], 403: ['WEB_CLIENT_HEADER_MISSING'] },
  },
  // --- people and organisations ----------------------------------------------------------------
  'GET /me': {
    summary: 'Eigen account',
    description: 'Naam, e-mailadres, organisatie en rollen van de aangemelde gebruiker.',
  },
  'GET /organisations/{id}': {
    summary: 'Eigen organisatie',
    description: 'Gegevens van de eigen organisatie. Een andere organisatie geeft 404.',
  },
  'GET /organisations/{id}/settings': {
    summary: 'Instellingen van de organisatie',
    description:
      'Naam, links voor de voettekst (contact, privacyverklaring, toegankelijkheidsverklaring), termijnen, bewaartermijnen, de maximale leeftijd van de VOG, het einde van de zittingsperiode en de screeningsbureaus met hun verwerkersovereenkomst. `null` betekent: de standaard, die in `defaults` staat. Alleen voor de beheerder van de organisatie.',
  },
  'PUT /organisations/{id}/settings': {
    summary: 'Instellingen van de organisatie opslaan',
    description:
      'Vervangt alle instellingen in één keer en legt de wijziging vast in de audittrail. Termijnen gelden voor termijnen die vanaf nu ingaan; lopende termijnen houden hun datum. De VOG-leeftijd mag strenger zijn dan de wet, niet ruimer (422 `VOG_AGE_LOOSER_THAN_LAW`). Alleen screeners van de screeningsbureaus in de lijst kunnen worden aangewezen; al toegewezen dossiers houden hun screener. Andere weigeringen: 422 `TERM_END_IN_PAST`, `BUREAU_UNKNOWN`, `BUREAU_TWICE`.',
  },
  'GET /organisations/{id}/questions': {
    summary: 'Eigen vragen van de organisatie',
    description:
      'De vragen die de organisatie zelf aan een thema van de huidige vragenlijst heeft toegevoegd, de thema\'s om uit te kiezen en hoe de kandidaat ze gemarkeerd ziet. Een lopend dossier houdt de eigen vragen die er waren toen de opdracht werd gegeven. Alleen voor de beheerder van de organisatie.',
  },
  'POST /organisations/{id}/questions': {
    summary: 'Eigen vraag toevoegen',
    description:
      'Voegt een vraag van de organisatie zelf toe aan een thema (ja/nee, tekst, datum of bedrag), met uitleg in eenvoudige taal. Geldt voor dossiers die vanaf nu worden aangemaakt; legt de wijziging vast in de audittrail. Weigeringen: 422 `THEME_UNKNOWN`, `EXPLANATION_ONLY_YES_NO`, `TOO_MANY_QUESTIONS`, `NO_OWN_QUESTIONS` (screeningsbureau).',
  },
  'PUT /organisations/{id}/questions/{questionId}': {
    summary: 'Eigen vraag wijzigen',
    description: 'Vervangt de vraag. Lopende dossiers houden de vraag zoals die was toen de opdracht werd gegeven. Weigeringen als bij toevoegen; een vraag van een andere organisatie geeft 404.',
  },
  'DELETE /organisations/{id}/questions/{questionId}': {
    summary: 'Eigen vraag verwijderen',
    description: 'Verwijdert de vraag voor nieuwe dossiers; lopende dossiers houden haar, met de antwoorden. Een vraag van een andere organisatie geeft 404.',
  },
  'PUT /organisations/{id}/logo': {
    summary: 'Logo van de organisatie opslaan',
    description: 'Een PNG- of JPEG-bestand (base64, ten hoogste 200 kB) voor de kop van elke pagina. De inhoud moet bij het type passen (422 `LOGO_INVALID`, `LOGO_TOO_LARGE`). Vastgelegd in de audittrail.',
  },
  'DELETE /organisations/{id}/logo': {
    summary: 'Logo van de organisatie verwijderen',
    description: 'Daarna toont de kop alleen de naam. Vastgelegd in de audittrail.',
  },
  'GET /organisations/{id}/logo': {
    summary: 'Logo van de eigen organisatie',
    description: 'Het beeld, als `image/png` of `image/jpeg`. 404 als er geen logo is, of als het een andere organisatie is.',
  },
  'GET /screening-bureaus': {
    summary: 'Screeningsbureaus om uit te kiezen',
    description: 'Alle screeningsbureaus die deze dienst gebruiken (id en naam), voor de lijst in de instellingen. Alleen voor beheerders.',
  },
  'GET /users': {
    summary: 'Accounts van de organisatie',
    description: 'Alle accounts van de eigen organisatie. Voor beheerder en auditor.',
  },
  'GET /users/{id}': {
    summary: 'Eén account',
    description: 'Een account van de eigen organisatie. Voor beheerder en auditor.',
  },
  'POST /users': {
    summary: 'Account aanmaken',
    description: 'De beheerder maakt een account in de eigen organisatie, met rollen en eventueel een wachtwoord.',
    errors: { 409: ['EMAIL_TAKEN'], 422: ['ROLE_NOT_ALLOWED'] },
  },
  'PATCH /users/{id}': {
    summary: 'Account wijzigen',
    description: 'De beheerder wijzigt naam, rollen, actief of wachtwoord. Een beheerder kan zichzelf niet buitensluiten.',
    errors: { 409: ['SELF_LOCKOUT'], 422: ['ROLE_NOT_ALLOWED'] },
  },
  'GET /screeners': {
    summary: 'Screener zoeken op e-mailadres',
    description: 'De actieve screener met precies dit e-mailadres (`?email=`), van de eigen organisatie of van een screeningsbureau waarmee de organisatie werkt (Instellingen), om toe te wijzen. Anders 404.',
  },
  // --- cases -----------------------------------------------------------------------------------
  'POST /cases': {
    summary: 'Risicoanalyse in opdracht geven',
    description: 'De opdrachtgever begint een dossier voor een kandidaat, met de beoogde benoemingsdatum.',
    errors: { 422: ['NOT_A_PUBLIC_BODY', 'OFFICE_MISMATCH', 'DATE_IN_PAST'] },
  },
  'GET /cases': {
    summary: 'Dossiers',
    description: 'Overzicht van de dossiers die u mag zien (de nieuwste 500): fase, wie aan zet is, volgende termijn, VOG. Zonder namen van kandidaten.',
  },
  'GET /cases/{id}': {
    summary: 'Eén dossier',
    description: 'Het dossier met de toestand van het proces, de `version` (nodig voor gebeurtenissen), de gebeurtenissen die u nu kunt sturen en de wegwijzer: wat nu nodig is, van wie, en wanneer.',
    errors: { 500: ['WORKFLOW_VERSION_UNKNOWN', 'WORKFLOW_STATE_INVALID'] },
  },
  'POST /cases/{id}/events': {
    summary: 'Gebeurtenis vastleggen',
    description:
      'Stuurt een gebeurtenis in het proces van het dossier, zoals "toestemming geven" of "advies geven". Het veld `type` bepaalt welke andere velden nodig zijn: zie de schema\'s per gebeurtenis. ' +
      '`expectedVersion` is de `version` van het dossier zoals u het kent. Het antwoord is het dossier in zijn nieuwe toestand. ' +
      'Veilig om te herhalen met dezelfde `expectedVersion`: 409 `VERSION_CONFLICT` met een `currentVersion` die één hoger is, betekent dat de eerste poging is gelukt.',
    // Every code any event can answer, from the event catalogue (one source for both lists).
    errors: { 409: eventRefusalCodes(409), 422: eventRefusalCodes(422) },
  },
  'GET /cases/{id}/trail': {
    summary: 'Verloop van het dossier',
    description: 'Elke geaccepteerde gebeurtenis: volgnummer, soort, wie, wanneer, de gegevens (alleen id\'s, keuzes en datums) en de hash.',
  },
  'PUT /cases/{id}/legal-hold': {
    summary: 'Bewaarplicht zetten of opheffen',
    description: 'Een bewaarplicht (legal hold) houdt de vernietiging van het dossier tegen tot hij wordt opgeheven. Voor de beheerder.',
  },
  // --- formations ------------------------------------------------------------------------------
  'POST /formations': {
    summary: 'Formatie (collegevorming) aanmaken',
    description: 'De opdrachtgever legt een collegevorming vast: naam, verkiezingsdatum, geplande installatiedatum, coalitiepartijen en de formateur (ontvanger, geen gebruiker).',
    errors: { 422: ['NOT_A_PUBLIC_BODY', 'INSTALLATION_BEFORE_ELECTION', 'DATE_IN_PAST', 'PARTY_TWICE'] },
  },
  'GET /formations': {
    summary: 'Formaties',
    description: 'De formaties van de eigen organisatie, met het aantal (lopende) dossiers.',
  },
  'GET /formations/{id}': {
    summary: 'Eén formatie',
    description: 'De formatie met formateur, coalitiepartijen, installatiedatum en `version` (nodig om haar te wijzigen). Een formatie van een andere organisatie geeft 404.',
  },
  'GET /formations/{id}/board': {
    summary: 'Overzicht van de formatie',
    description:
      'Eén rij per kandidaat: naam, functie en portefeuille, fase, wie aan zet is, volgende termijn, VOG-lamp, benoembaarheid, of het advies is gegeven en de open maatregelen. ' +
      'Gesorteerd op wat aandacht vraagt (`attention.rank`, met de redenen). Elke inzage wordt per dossier vastgelegd.',
  },
  'GET /formations/{id}/calendar': {
    summary: 'Mijlpalen van de formatie als agenda (iCalendar)',
    description:
      'De uiterlijke datum van elke stap, terug gerekend vanaf de installatiedatum, en de installatie zelf, als iCalendar-bestand (RFC 5545) voor de agenda van burgemeester en griffier. ' +
      'Zonder persoonsgegevens: alleen de kenmerken van de dossiers waarvoor een stap nog openstaat.',
  },
  'GET /formations/{id}/benoembaarheid': {
    summary: 'Benoembaarheid van de kandidaten van een formatie',
    description:
      'Voor de griffier (en de opdrachtgever): per kandidaat de controle van de wettelijke vereisten (Gemeentewet art. 36a, 36b, 41b, 41c of de parallelle artikelen), de VOG-status en of de risicoanalyse is afgerond. ' +
      'Niets van de inhoud van de risicoanalyse, de bevindingen of het advies.',
  },
  'GET /cases/{id}/plan': {
    summary: 'Planning van een dossier naast de werkelijkheid',
    description:
      'Per stap de uiterlijke datum, terug gerekend vanaf de beoogde benoemingsdatum (in een formatie: de installatiedatum), wanneer de stap gebeurde, of voor een open stap wanneer die op zijn vroegst kan; ' +
      'en de eerste stap die niet meer past. Voor de opdrachtgever.',
  },
  'GET /cases/{id}/benoembaarheid': {
    summary: 'Benoembaarheid van één kandidaat',
    description: 'De controle van de wettelijke vereisten voor de benoeming, met per eis de status (voldaan, open, niet voldaan), de notitie, wie controleerde en wanneer; de VOG-eis volgt uit het VOG-spoor.',
  },
  'PUT /cases/{id}/benoembaarheid/{requirement}': {
    summary: 'Eis van benoembaarheid vastleggen',
    description: 'De griffier legt voor één eis de status en een korte notitie vast. De VOG-eis volgt uit het VOG-spoor en kan niet met de hand worden gezet. Na de uitkomst van de stemming is de controle definitief.',
    errors: { 409: ['CASE_CLOSED'], 422: ['REQUIREMENT_UNKNOWN', 'REQUIREMENT_FROM_VOG_TRACK'] },
  },
  'PATCH /formations/{id}': {
    summary: 'Formatie wijzigen',
    description:
      'Wijzigt naam, datums, coalitiepartijen of formateur. Een nieuwe installatiedatum verschuift de beoogde benoemingsdatum van elk lopend dossier van de formatie ' +
      '(de gebeurtenis `CHANGE_APPOINTMENT_DATE`, één per dossier, in dezelfde transactie). `expectedVersion` is de `version` van de formatie zoals u haar kent.',
    errors: { 409: ['VERSION_CONFLICT'], 422: ['INSTALLATION_BEFORE_ELECTION', 'DATE_IN_PAST', 'PARTY_TWICE'] },
  },
  'POST /formations/{id}/candidates': {
    summary: 'Kandidaten toevoegen',
    description:
      'Voegt in één keer een of meer kandidaten toe, elk als nieuw dossier met de installatiedatum als beoogde benoemingsdatum: naam, e-mail, portefeuille, voordragende fractie en ' +
      'haar fractievoorzitter, en of de partij zelf heeft gescreend. Alles of niets: bij een fout wordt niets vastgelegd.',
    errors: { 422: ['NOT_A_PUBLIC_BODY', 'CANDIDATES_INVALID', 'INSTALLATION_DATE_PASSED', 'FRACTIE_NOT_IN_COALITION', 'CANDIDATE_ALREADY_IN_FORMATION'] },
  },
  'GET /tasks': {
    summary: 'Mijn taken',
    description: 'Wat er in uw dossiers op u wacht, met de volgende termijn.',
  },
  'GET /notifications': {
    summary: 'Mijn meldingen',
    description: 'De meldingen van de aangemelde gebruiker (nieuwste eerst) en hoeveel er nog ongelezen zijn. Een melding noemt het dossier met zijn kenmerk, wat er moet gebeuren en de termijn; nooit de naam van de kandidaat. Met `ongelezen=true` alleen de ongelezen meldingen.',
  },
  'GET /notifications/preferences': {
    summary: 'Mijn instelling voor e-mail bij meldingen',
    description: '`direct`: bij elke melding een e-mail (standaard); `dagelijks`: één overzicht per dag rond `digestHour` uur (Nederlandse tijd).',
  },
  'PUT /notifications/preferences': {
    summary: 'Instelling voor e-mail bij meldingen wijzigen',
    description: 'Kies `direct` of `dagelijks` met een uur (0–23). Wie terugzet naar `direct`, krijgt wat nog wachtte meteen in één overzicht.',
  },
  'POST /notifications/read': {
    summary: 'Meldingen als gelezen markeren',
    description: 'Markeert de genoemde eigen meldingen (`ids`) of alle eigen meldingen (`all: true`) als gelezen en geeft het aantal ongelezen meldingen terug. Een melding van een ander geeft 404, zoals een onbekende.',
    errors: { 404: ['NOT_FOUND'], 422: ['NOTHING_TO_MARK'] },
  },
  'GET /webhooks': {
    summary: 'Webhooks van de organisatie',
    description: 'De webhooks die de beheerder instelde, met per webhook hoeveel afleveringen klaarstaan, zijn afgeleverd of definitief mislukt. Het geheim wordt niet getoond.',
  },
  'POST /webhooks': {
    summary: 'Webhook instellen',
    description: 'Een https-URL en de gebeurtenissen (namen uit de catalogus, of `*`). De URL mag niet naar een lokaal, link-local of privé-adres wijzen (422 `WEBHOOK_TARGET_REFUSED`), tenzij de host in `WEBHOOK_ALLOWED_HOSTS` staat. Het antwoord bevat eenmalig het geheim (`whsec_…`) waarmee de ontvanger de ondertekening controleert (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`). Elke bericht bevat alleen ids, het dossierkenmerk, het soort gebeurtenis, de fase en de tijd.',
    errors: { 422: ['WEBHOOK_TARGET_REFUSED', 'WEBHOOK_EVENT_TYPE_UNKNOWN'] },
  },
  'DELETE /webhooks/{id}': {
    summary: 'Webhook verwijderen',
    description: 'Stopt de webhook; wat nog klaarstond, wordt niet meer verstuurd.',
    errors: { 404: ['NOT_FOUND'] },
  },
  'GET /webhooks/{id}/deliveries': {
    summary: 'Afleverlog van een webhook',
    description: 'De laatste 200 afleveringen, nieuwste eerst, met status (`pending`, `sending`, `delivered`, `dead`) en per poging de HTTP-status of de soort fout en de duur. Mislukte pogingen worden herhaald met een wachttijd die telkens verdubbelt; na `WEBHOOK_MAX_ATTEMPTS` pogingen is de aflevering `dead`.',
    errors: { 404: ['NOT_FOUND'] },
  },
  'POST /webhooks/{id}/deliveries/{deliveryId}/replay': {
    summary: 'Aflevering opnieuw versturen',
    description: 'Zet een mislukte (of afgeleverde) aflevering opnieuw klaar, als hetzelfde bericht (dezelfde `webhook-id`).',
    errors: { 404: ['NOT_FOUND'], 409: ['WEBHOOK_DELIVERY_PENDING'] },
  },
  'GET /workflows': {
    summary: 'Processen',
    description: 'De procesmodellen (machines) met hun versies.',
  },
  'GET /workflows/{id}': {
    summary: 'Eén proces',
    description: 'Toestanden, gebeurtenissen (met wie ze stuurt) en het Mermaid-diagram van een procesmodel.',
  },
  'POST /workflows/{id}/migrations': {
    summary: 'Lopende dossiers naar een nieuwe procesversie brengen',
    description:
      'Voor de beheerder: brengt de lopende dossiers van de eigen organisatie van versie `from` naar versie `to`, volgens een vaste omzetting per toestand. Zonder `apply: true` is het een proefrun: het antwoord noemt per dossier wat er zou veranderen en er wordt niets opgeslagen. ' +
      'Met `apply: true` gaat elk dossier in één keer over (nieuwe toestand, één gebeurtenis, één auditregel), of blijft het op de oude versie (`status: mislukt`).',
    errors: { 422: ['MIGRATION_UNKNOWN'] },
  },
  // --- the candidate ---------------------------------------------------------------------------
  'GET /cases/{id}/consent': {
    summary: 'Toestemmingstekst',
    description: 'De toestemmingstekst die nu geldt en, als toestemming is gegeven, welke versie en wanneer.',
  },
  'GET /privacy-settings': {
    summary: 'Privacy-instellingen van de organisatie',
    description:
      'Tot wanneer dossiers van benoemde kandidaten worden bewaard (het einde van de zittingsperiode van de raad, of een kortere termijn van de FG), de bewaartermijnen bij andere uitkomsten, en de grondslag per verwerking. Voor beheerder en auditor; altijd de eigen organisatie.',
  },
  'PUT /privacy-settings': {
    summary: 'Privacy-instellingen wijzigen',
    description:
      'De beheerder legt vast wat de FG heeft besloten: `raadTermEndsOn` (datum, of `null` voor de standaard), `appointedRetentionMonths` (1–120, of `null`) en `legalBases` (per verwerking een tekst, of `null` voor de standaardgrondslag). Dossiers die op vernietiging wachten krijgen meteen hun nieuwe datum; elke wijziging staat in de audittrail. 422 noemt elk fout veld.',
    errors: { 422: ['INVALID_PRIVACY_SETTINGS'] },
  },
  'GET /cases/{id}/safety-intake': {
    summary: 'Veiligheidsgesprek (vrijwillig)',
    description:
      'De vragen over bedreiging en intimidatie, apart van de vragenlijst, en de antwoorden als de kandidaat ervoor koos ze in te vullen. Alleen voor de kandidaat zelf en de opdrachtgever; nooit voor de screener, het rapport, het risicoregister of een export aan anderen.',
  },
  'PUT /cases/{id}/safety-intake': {
    summary: 'Veiligheidsgesprek invullen',
    description: 'De kandidaat vult het vrijwillige veiligheidsgesprek in (of past het aan); opslaan is ervoor kiezen. Versleuteld per dossier, vernietigd met het dossier. 422 noemt elk fout veld.',
    errors: { 409: ['CASE_CLOSED'], 422: ['INVALID_ANSWERS'] },
  },
  'DELETE /cases/{id}/safety-intake': {
    summary: 'Veiligheidsgesprek verwijderen',
    description: 'De kandidaat trekt zijn keuze in: alle antwoorden worden meteen verwijderd (vastgelegd in de audittrail, zonder inhoud).',
  },
  'GET /cases/{id}/questionnaire': {
    summary: 'Vragenlijst',
    description: 'De vragen per thema, de opgeslagen antwoorden, wat nog ontbreekt en of de vragenlijst open staat. De screener ziet de antwoorden pas na indienen.',
    errors: { 409: ['QUESTIONNAIRE_NOT_SUBMITTED'] },
  },
  'PUT /cases/{id}/questionnaire/answers': {
    summary: 'Antwoorden opslaan',
    description: 'De kandidaat slaat (een deel van) de antwoorden op; `null` wist een antwoord. Elk antwoord wordt gecontroleerd tegen zijn vraag; 422 noemt elk fout veld.',
    errors: { 409: ['QUESTIONNAIRE_CLOSED'], 422: ['INVALID_ANSWERS'] },
  },
  'GET /cases/{id}/export': {
    summary: 'Eigen gegevens downloaden',
    description: 'Alle persoonsgegevens over de kandidaat in het dossier, als JSON (inzage, AVG art. 15). Alleen voor de kandidaat zelf.',
  },
  // --- the screener's file ---------------------------------------------------------------------
  'GET /cases/{id}/assessment': {
    summary: 'Onderzoeksdossier',
    description: 'Bronnen, gesprek, risico\'s en conceptconclusie van de toegewezen screener.',
  },
  'POST /cases/{id}/sources': {
    summary: 'Geraadpleegde bron vastleggen',
    description: 'De screener legt een geraadpleegde bron vast: soort, datum, zoekvraag, wat is gevonden en of het een bevinding is.',
    errors: { 409: ['ASSESSMENT_LOCKED'] },
  },
  'PUT /cases/{id}/interview': {
    summary: 'Gespreksverslag vastleggen',
    description: 'Datum, deelnemers en een samenvatting per thema van het gesprek met de kandidaat.',
    errors: { 409: ['ASSESSMENT_LOCKED'] },
  },
  'POST /cases/{id}/risks': {
    summary: 'Risico toevoegen',
    description: 'Een risico met thema, beschrijving, kans en impact, de feiten waarop het steunt en de beheersmaatregelen. Het niveau volgt uit de risicomatrix.',
    errors: { 409: ['ASSESSMENT_LOCKED'], 422: ['INVALID_FACTS'] },
  },
  'GET /cases/{id}/corrections': {
    summary: 'Verzoeken om correctie',
    description: 'De verzoeken van de kandidaat om een bevinding te corrigeren (AVG art. 16), met de beslissing van de screener: bij acceptatie de oude en de nieuwe tekst, bij weigering de reden. Voor de kandidaat en de toegewezen screener.',
  },
  'POST /cases/{id}/corrections': {
    summary: 'Correctie van een bevinding vragen',
    description: 'De kandidaat vraagt, vanaf hoor en wederhoor tot het dossier is afgesloten, een feitelijke fout in een bevinding te corrigeren. Eén open verzoek per bevinding.',
    errors: { 409: ['CORRECTIONS_NOT_OPEN', 'CORRECTION_PENDING'], 422: ['VALIDATION_FAILED'] },
  },
  'POST /cases/{id}/corrections/{correctionId}/decision': {
    summary: 'Beslissen over een verzoek om correctie',
    description:
      'De toegewezen screener accepteert (`accept: true` met `correctedWording`: de bevinding verandert, de oude tekst blijft in de geschiedenis en niet in het rapport) of weigert (`accept: false` met `reason`). Beide staan in de audittrail en de kandidaat ziet ze.',
    errors: { 409: ['CORRECTIONS_NOT_OPEN', 'CORRECTION_DECIDED'], 422: ['VALIDATION_FAILED'] },
  },
  'PUT /cases/{id}/risks/{riskId}': {
    summary: 'Risico wijzigen',
    description: 'Vervangt een risico van het dossier.',
    errors: { 409: ['ASSESSMENT_LOCKED'], 422: ['INVALID_FACTS'] },
  },
  'DELETE /cases/{id}/risks/{riskId}': {
    summary: 'Risico verwijderen',
    description: 'Verwijdert een risico van het dossier.',
    errors: { 409: ['ASSESSMENT_LOCKED'] },
  },
  'PUT /cases/{id}/assessment/draft': {
    summary: 'Conceptconclusie vastleggen',
    description: 'De conclusie en de toelichting van de screener, voor de conceptrapportage.',
    errors: { 409: ['ASSESSMENT_LOCKED'] },
  },
  'GET /cases/{id}/wederhoor': {
    summary: 'Hoor en wederhoor',
    description: 'Wat de kandidaat te zien krijgt: bevindingen, risico\'s en maatregelen, de conceptconclusie, en de reactie.',
    errors: { 409: ['WEDERHOOR_NOT_STARTED'] },
  },
  'PUT /cases/{id}/wederhoor/response': {
    summary: 'Reactie op de bevindingen opslaan',
    description: 'De kandidaat slaat zijn reactie op; die wordt letterlijk bewaard. Alleen tijdens hoor en wederhoor.',
    errors: { 409: ['WEDERHOOR_NOT_STARTED', 'WEDERHOOR_CLOSED'] },
  },
  // --- reports ---------------------------------------------------------------------------------
  'POST /cases/{id}/report': {
    summary: 'Risicorapport maken',
    description: 'Maakt en ondertekent het rapport (PDF, PAdES) als nieuwe versie. Kan vanaf de eindrapportage.',
    errors: { 409: ['REPORT_NOT_ALLOWED', 'CASE_CHANGED', 'REPORT_VERSION_TAKEN'], 503: ['TIMESTAMP_UNAVAILABLE', 'REPORT_SIGNING_UNAVAILABLE'] },
  },
  'GET /cases/{id}/reports': {
    summary: 'Rapportversies',
    description: 'De versies van het rapport met hash, ondertekenaar, verificatiecode en of de versie nog bij het dossier past. Zonder inhoud.',
  },
  'GET /cases/{id}/report/copy': {
    summary: 'Exemplaar van het eindrapport voor de kandidaat',
    description:
      'Het recht op inzage (AVG art. 15): de kandidaat downloadt de nieuwste versie van het rapport die na de eindrapportage is opgemaakt. Alleen voor de kandidaat van het dossier; vastgelegd in de audittrail. Zonder eindrapport 409 `NO_FINAL_REPORT`; na vernietiging 409 `REPORT_DESTROYED`.',
    errors: { 409: ['NO_FINAL_REPORT', 'REPORT_DESTROYED'] },
  },
  'POST /cases/{id}/documents': {
    summary: 'Samenvatting of mededeling aan de raad maken',
    description:
      'Maakt na het advies een ondertekend document van één pagina: `samenvatting` voor de formateur en de voorzitter van de voordragende fractie (de conclusie van het advies en de afgesproken beheersmaatregelen, geen bevindingen) of `mededeling` aan de raad (in algemene termen: de analyse is gedaan, of er risico’s zijn gevonden, of er maatregelen zijn afgesproken). Elke keer een nieuwe versie. Zonder advies 409 `NO_ADVICE`.',
    errors: { 409: ['NO_ADVICE'] },
  },
  'GET /cases/{id}/documents': {
    summary: 'Documenten voor formateur, fractievoorzitter en raad',
    description: 'De gemaakte samenvattingen en mededelingen, elk met aan wie ze zijn gestuurd, wanneer, tot wanneer de link werkt en of en hoe vaak die is gebruikt.',
  },
  'GET /cases/{id}/documents/{documentId}/pdf': {
    summary: 'Document downloaden',
    description: 'De ondertekende PDF van een samenvatting of mededeling, voor de opdrachtgever. Vastgelegd in de audittrail.',
  },
  'POST /cases/{id}/documents/{documentId}/deliveries': {
    summary: 'Document versturen',
    description:
      'Legt vast aan wie (rol, naam, e-mailadres) het document gaat en stuurt die ontvanger een e-mail met een persoonlijke link die 14 dagen werkt. In de e-mail staan geen naam van de kandidaat en geen inhoud.',
  },
  'GET /document-links/{token}': {
    summary: 'Document ophalen met de persoonlijke link',
    description: 'De link uit de e-mail aan de ontvanger: geeft de PDF zolang de link geldig is (elke download geteld en vastgelegd). Onbekend 404; verlopen 410 `LINK_EXPIRED`.',
    errors: { 410: ['LINK_EXPIRED'] },
  },
  'GET /reports/{reportId}/pdf': {
    summary: 'Rapport downloaden',
    description: 'De ondertekende PDF. Na vernietiging van het dossier 409 `REPORT_DESTROYED`.',
    errors: { 409: ['REPORT_DESTROYED'] },
  },
  'POST /reports/verify': {
    summary: 'Rapport controleren',
    description: 'Stuur een PDF (`Content-Type: application/pdf`, hoogstens 5 MB). Het antwoord zegt of de handtekening klopt, wie tekende, of het rapport overeenkomt met het bewaarde en of de audittrail zijn kop nog bevat.',
    errors: { 400: ['PDF_REQUIRED'] },
  },
  'GET /reports/certificate': {
    summary: 'Certificaat voor ondertekening',
    description: 'Het certificaat (PEM) waarmee rapporten worden ondertekend, om rapporten zonder de dienst te controleren.',
  },
  'GET /reports/verify/{code}': {
    summary: 'Rapport zoeken op verificatiecode',
    description: 'Het rapport met de verificatiecode zoals die in het rapport staat, binnen de eigen organisatie.',
  },
  // --- audit -----------------------------------------------------------------------------------
  'GET /audit/verify': {
    summary: 'Audittrail controleren',
    description: 'Loopt de hele keten na. Met `anchorSeq` en `anchorHash` (een eerder bewaarde kop) ziet de controle ook een keten die na een wijziging opnieuw is berekend, of is ingekort.',
  },
  'GET /audit/head': {
    summary: 'Kop van de audittrail',
    description: 'Volgnummer, hash en tijd van de laatste regel. Bewaar die buiten de dienst.',
  },
  'GET /audit/entries': {
    summary: 'Regels van de audittrail',
    description: 'De regels van de eigen organisatie, te filteren op dossier, actor, handeling en periode; `format=csv` geeft CSV.',
  },
  'GET /cases/{id}/processing-log': {
    summary: 'Logboek dataverwerkingen',
    description: 'Elke verwerking van persoonsgegevens van de kandidaat in dit dossier (Logboek Dataverwerkingen). Voor de auditor en de kandidaat.',
  },
  // --- operations ------------------------------------------------------------------------------
  'GET /health': {
    summary: 'Gereedheid',
    description: '200 als de dienst en de database antwoorden, anders 503. Ook zonder versie bereikbaar op `/health`, voor load balancers.',
  },
  'GET /health/live': {
    summary: 'Leeft de dienst',
    description: 'Altijd 200 zolang het proces draait. Ook zonder versie bereikbaar op `/health/live`.',
  },
};
