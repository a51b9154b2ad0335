import { DEMO, DEMO_PASSWORD } from './test-app';

/**
 * What a route's `:id` names. Each kind needs targets in every relation to the caller (own, in the
 * caller's organisation, in another organisation); `reportCode` is a report named by the
 * verification code printed in it.
 */
export type Target = 'user' | 'organisation' | 'case' | 'report' | 'reportCode' | 'formation';

export interface Probe {
  target?: Target;
  /** For a path parameter that names no object of an organisation (e.g. a workflow id). */
  fixedId?: string;
  body?: () => Record<string, unknown>;
  /** A query string, e.g. `?email=…`. */
  query?: string;
  /** A non-JSON body, e.g. a PDF. */
  raw?: { type: string; bytes: () => Buffer };
  /** Statuses that mean "served" for a caller with the permission (default: 2xx). */
  served?: (status: number) => boolean;
  /**
   * The answer to a malformed `:id` for a caller with the permission, when it is not the 404 of
   * an unknown id: a verification code that cannot be one is invalid input, refused before any lookup.
   */
  malformed?: 400;
  /** The call ends the caller's session (sign-out): it is made with a second session of the caller, so the others go on. */
  endsSession?: true;
}

let counter = 0;

function settingsWithUnknownBureau(): Record<string, unknown> {
  return {
    name: 'Gemeente Voorbeeldstad',
    links: { contactUrl: null, contactEmail: null, privacyStatementUrl: null, accessibilityStatementUrl: null },
    deadlines: { consentDays: null, questionnaireDays: null, wederhoorWorkingDays: null, vogRequestWorkingDays: null, vogWarningDaysBeforeAppointment: null },
    retention: { notAppointedDays: null, withdrawnDays: null },
    vogMaxAgeMonths: null,
    screeningBureaus: [{ bureauId: '00000000-0000-4000-8000-00000000b000', processingAgreementReference: 'VWO-1', agreedOn: null }],
  };
}

function organisationQuestionWithUnknownTheme(): Record<string, unknown> {
  return { themeId: 'geen_thema', type: 'yes_no', label: 'Een vraag van de matrix?', help: 'Uitleg bij de vraag van de matrix.', required: false, explanationOnYes: false };
}

/**
 * How to call each route. A new route without an entry here fails the suites: declare its probe,
 * and so its place in the access matrix.
 */
export const PROBES: Record<string, Probe> = {
  'POST /auth/login': { body: () => ({ email: DEMO.beheerder, password: DEMO_PASSWORD }) },
  'POST /auth/invitation': { body: () => ({ code: 'onbekende-code-0123456789' }), served: (s) => s === 401 },
  // The same 202 for every address; the per-client limit may answer 429 once the matrix has asked often enough.
  'POST /auth/invitation/new-link': { body: () => ({ email: `matrix-nieuwe-link-${++counter}@example.nl` }), served: (s) => s === 202 || s === 429 },
  // Without X-Requested-With, as a forged cross-site form would send it: refused before anything else.
  'POST /auth/session': { body: () => ({ email: DEMO.beheerder, password: DEMO_PASSWORD }), served: (s) => s === 403 },
  'DELETE /auth/session': { served: (s) => s === 204, endsSession: true },
  'POST /auth/invitation/session': { body: () => ({ code: 'onbekende-code-0123456789' }), served: (s) => s === 403 },
  'GET /auth/session': {},
  'GET /auth/methods': {},
  // Not configured in the matrix's app: the browser flow answers 404 (the configured flow has its own spec).
  'GET /auth/oidc/start': { served: (s) => s === 404 },
  'GET /auth/oidc/logout': { served: (s) => s === 404 },
  'GET /auth/oidc/callback': { served: (s) => s === 404 },
  // A lookup by exact address; an unknown one is 404 past the access checks.
  'GET /screeners': { query: `?email=${encodeURIComponent(DEMO.screener)}` },
  'GET /health': {},
  'GET /health/live': {},
  'GET /me': {},
  'GET /organisations/:id': { target: 'organisation' },
  'GET /organisations/:id/settings': { target: 'organisation' },
  // A bureau that does not exist: refused past the access checks (422), so the matrix changes no settings.
  'PUT /organisations/:id/settings': { target: 'organisation', body: () => settingsWithUnknownBureau(), served: (s) => s === 422 },
  'PUT /organisations/:id/logo': { target: 'organisation', body: () => ({ mediaType: 'image/png', data: Buffer.from('geen png-bestand').toString('base64') }), served: (s) => s === 422 },
  'DELETE /organisations/:id/logo': { target: 'organisation', served: (s) => s === 204 },
  // Served whether or not the organisation has a logo (the delete above may have run first).
  'GET /organisations/:id/logo': { target: 'organisation', served: (s) => s === 200 || s === 404 },
  'GET /organisations/:id/questions': { target: 'organisation' },
  // A theme the template does not have: refused past the access checks (422), so the matrix adds no question.
  'POST /organisations/:id/questions': { target: 'organisation', body: () => organisationQuestionWithUnknownTheme(), served: (s) => s === 422 },
  'PUT /organisations/:id/questions/:questionId': { target: 'organisation', body: () => organisationQuestionWithUnknownTheme(), served: (s) => s === 422 },
  // The question id is a fresh uuid: past the access checks it is an unknown question (404).
  'DELETE /organisations/:id/questions/:questionId': { target: 'organisation', served: (s) => s === 404 },
  'GET /screening-bureaus': {},
  'GET /users': {},
  'POST /users': { body: () => ({ email: `nieuw-${++counter}-${Date.now()}@example.nl`, name: 'Nieuwe Medewerker', roles: ['screener'] }) },
  'GET /users/:id': { target: 'user' },
  'PATCH /users/:id': { target: 'user', body: () => ({ name: 'Gewijzigde naam' }) },
  'POST /cases': { body: () => ({ candidate: { name: 'Kandidaat Matrix', email: 'matrix@example.nl' }, plannedAppointmentDate: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10) }) },
  'GET /cases': {},
  'GET /cases/:id': { target: 'case' },
  // Whether the event itself is possible is the workflow's answer (409), past the access checks.
  'POST /cases/:id/events': { target: 'case', body: () => ({ type: 'STOP_CASE', expectedVersion: 999, reason: 'andere_reden' }), served: (s) => s === 409 },
  'GET /cases/:id/consent': { target: 'case' },
  // The screener reads it only once submitted (409 before): past the access checks all the same.
  'GET /cases/:id/questionnaire': { target: 'case', served: (s) => s === 200 || s === 409 },
  // Before consent the questionnaire is closed (409): past the access checks all the same.
  'GET /cases/:id/safety-intake': { target: 'case' },
  'PUT /cases/:id/safety-intake': { target: 'case', body: () => ({ answers: {} }) },
  'DELETE /cases/:id/safety-intake': { target: 'case' },
  'PUT /cases/:id/questionnaire/answers': { target: 'case', body: () => ({ answers: {} }), served: (s) => s === 200 || s === 409 },
  // The screener's file and wederhoor: the cases here are before those phases, so 409 is "served".
  'GET /cases/:id/assessment': { target: 'case' },
  'POST /cases/:id/sources': { target: 'case', body: () => ({ kind: 'internet', consultedOn: '2026-11-20', query: 'q', found: '', isFinding: false }), served: (s) => s === 409 },
  'PUT /cases/:id/interview': { target: 'case', body: () => ({ heldOn: '2026-11-20', participants: ['screener'], summaries: [] }), served: (s) => s === 409 },
  'POST /cases/:id/risks': { target: 'case', body: () => ({ theme: 'overig', description: 'd', likelihood: 'klein', impact: 'beperkt', facts: {}, measures: [] }), served: (s) => s === 409 },
  'PUT /cases/:id/risks/:riskId': { target: 'case', body: () => ({ theme: 'overig', description: 'd', likelihood: 'klein', impact: 'beperkt', facts: {}, measures: [] }), served: (s) => s === 409 },
  'DELETE /cases/:id/risks/:riskId': { target: 'case', served: (s) => s === 409 },
  // Corrections open with hoor en wederhoor; the cases here are before it, so 409 is "served".
  'GET /cases/:id/corrections': { target: 'case', served: (s) => s === 200 },
  'POST /cases/:id/corrections': { target: 'case', body: () => ({ findingId: '00000000-0000-4000-8000-000000000000', request: 'r' }), served: (s) => s === 409 },
  'POST /cases/:id/corrections/:correctionId/decision': { target: 'case', body: () => ({ accept: false, reason: 'r' }), served: (s) => s === 409 },
  'PUT /cases/:id/assessment/draft': { target: 'case', body: () => ({ conclusion: 'geen_risicos', explanation: 'x' }), served: (s) => s === 409 },
  'GET /cases/:id/wederhoor': { target: 'case', served: (s) => s === 409 },
  'PUT /cases/:id/wederhoor/response': { target: 'case', body: () => ({ response: 'r' }), served: (s) => s === 409 },
  'POST /formations': { body: () => ({ name: 'Formatie Matrix', electionDate: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10), installationDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10), coalitionParties: ['Partij Matrix'] }) },
  'GET /formations': {},
  'GET /formations/:id': { target: 'formation' },
  'GET /formations/:id/board': { target: 'formation' },
  'GET /formations/:id/calendar': { target: 'formation' },
  'GET /formations/:id/benoembaarheid': { target: 'formation' },
  'GET /cases/:id/benoembaarheid': { target: 'case' },
  'GET /cases/:id/plan': { target: 'case' },
  // An unknown requirement is the route's own answer (422), past the access checks; nothing is written.
  'PUT /cases/:id/benoembaarheid/:requirement': { target: 'case', body: () => ({ status: 'voldaan' }), served: (s) => s === 422 },
  // A stale version is the formation's own answer (409), past the access checks; nothing changes.
  'PATCH /formations/:id': { target: 'formation', body: () => ({ expectedVersion: 999, name: 'Gewijzigd' }), served: (s) => s === 409 },
  // A fractie outside the coalition is refused (422) past the access checks; nothing is added.
  'POST /formations/:id/candidates': { target: 'formation', body: () => ({ candidates: [{ name: 'Kandidaat Matrix', email: 'formatie-matrix@example.nl', fractie: 'Geen Coalitiepartij' }] }), served: (s) => s === 422 },
  'GET /audit/verify': {},
  'GET /audit/head': {},
  'GET /audit/entries': {},
  'GET /cases/:id/processing-log': { target: 'case' },
  'GET /cases/:id/export': { target: 'case' },
  // The matrix's cases have no final report: the candidate gets past the access checks to a 409.
  'GET /cases/:id/report/copy': { target: 'case', served: (s) => s === 409 },
  // The matrix's cases have no advice: making a document is refused past the access checks (409).
  'POST /cases/:id/documents': { target: 'case', body: () => ({ kind: 'samenvatting' }), served: (s) => s === 409 },
  'GET /cases/:id/documents': { target: 'case' },
  // A document id of no document: past the access checks, 404 of the document.
  'GET /cases/:id/documents/:documentId/pdf': { target: 'case', served: (s) => s === 404 },
  'POST /cases/:id/documents/:documentId/deliveries': { target: 'case', body: () => ({ role: 'formateur', name: 'Fien Formateur', email: 'formateur@example.nl' }), served: (s) => s === 404 },
  // Public: a link that is no link answers 404 to everyone.
  'GET /document-links/:token': { fixedId: 'geen-geldige-link', served: (s) => s === 404 },
  'GET /cases/:id/trail': { target: 'case' },
  'PUT /cases/:id/legal-hold': { target: 'case', body: () => ({ hold: false }) },
  // The matrix's cases are before wederhoor: the workflow refuses (409) past the access checks.
  'POST /cases/:id/report': { target: 'case', served: (s) => s === 409 },
  'GET /cases/:id/reports': { target: 'case' },
  // The matrix's report rows are tombstones of destroyed reports (409 past the access checks).
  'GET /reports/:reportId/pdf': { target: 'report', served: (s) => s === 409 },
  'GET /reports/certificate': {},
  'POST /reports/verify': { raw: { type: 'application/pdf', bytes: () => Buffer.from('%PDF-1.7\n%%EOF\n') } },
  'GET /reports/verify/:code': { target: 'reportCode', malformed: 400 },
  'GET /tasks': {},
  'GET /notifications': { query: '?ongelezen=true' },
  'POST /notifications/read': { body: () => ({ all: true }) },
  'GET /notifications/preferences': {},
  'GET /webhooks': {},
  // Refused before anything is written: the matrix checks access, not configuration.
  'POST /webhooks': { body: () => ({ url: 'https://10.0.0.1/hook', eventTypes: ['*'] }), served: (s) => s === 422 },
  // Webhook and delivery ids name no fixture: a caller with the permission gets the 404 of an unknown one.
  'DELETE /webhooks/:id': { fixedId: '00000000-0000-4000-8000-00000000f00d', served: (s) => s === 404 },
  'GET /webhooks/:id/deliveries': { fixedId: '00000000-0000-4000-8000-00000000f00d', served: (s) => s === 404 },
  'POST /webhooks/:id/deliveries/:deliveryId/replay': { fixedId: '00000000-0000-4000-8000-00000000f00d', served: (s) => s === 404 },
  'PUT /notifications/preferences': { body: () => ({ mode: 'direct', digestHour: 8 }) },
  'GET /privacy-settings': {},
  'PUT /privacy-settings': { body: () => ({}) },
  'GET /workflows': {},
  'GET /workflows/:id': { fixedId: 'basisscan' },
  // A dry run: it lists and writes nothing.
  'POST /workflows/:id/migrations': { fixedId: 'basisscan', body: () => ({ from: '1.0.0', to: '2.0.0' }) },
};

/**
 * A second way to call a route, with an answer of its own in the matrix: `route` is the PROBES key,
 * `outcomes` what each role meets per relation where it differs from the route's policy.
 */
export interface ProbeVariant {
  route: string;
  label: string;
  probe: Probe;
  outcomes: Partial<Record<string, Partial<Record<string, string>>>>;
}

export const PROBE_VARIANTS: ProbeVariant[] = [
  {
    // A beheerder giving itself roles that read cases (issue 14): refused for its own account; for a
    // colleague, beheerder together with auditor is never given. Nothing is changed either way.
    route: 'PATCH /users/:id',
    label: 'roles',
    probe: { target: 'user', body: () => ({ roles: ['beheerder', 'opdrachtgever', 'auditor'] }) },
    outcomes: { beheerder: { own: '409 (OWN_ROLES)', 'same-org': '422 (ROLE_COMBINATION_NOT_ALLOWED)' } },
  },
];

export const probeOf = (route: { method: string; path: string; variant?: string }): Probe =>
  route.variant ? PROBE_VARIANTS.find((v) => v.route === `${route.method} ${route.path}` && v.label === route.variant)!.probe : PROBES[`${route.method} ${route.path}`];
