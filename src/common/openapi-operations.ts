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
  errors?: Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503, string[]>>;
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
    description: 'De aanbieder stuurt de browser hierheen terug. Bij succes volgt een cookiesessie, anders een doorverwijzing naar `/inloggen?fout=oidc`. De redirect-URI die bij de aanbieder staat geregistreerd is `PUBLIC_URL/auth/oidc/callback`.',
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
    description: 'De actieve screener met precies dit e-mailadres (`?email=`), van de eigen organisatie of een screeningsbureau, om toe te wijzen. Anders 404.',
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
