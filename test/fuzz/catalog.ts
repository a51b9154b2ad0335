import fc from 'fast-check';
import { SOURCE_KINDS, THEMES } from '../../src/assessment/assessment.dto';
import { CURRENT_QUESTIONNAIRE_VERSION, Question, questionnaireTemplate, questionsOf } from '../../src/candidates/questionnaire';
import { STOP_REASONS } from '../../src/cases/event-payloads';
import { ROLES } from '../../src/users/user.entity';
import { EVENT_TYPES } from '../../workflows/actors';
import { CONCLUSIONS } from '../../workflows/basisscan-2.machine';
import { IMPACTS, LIKELIHOODS } from '../../workflows/risk';
import { inDays } from '../support/cases';
import { DEMO, DEMO_PASSWORD } from '../support/test-app';
import { calendarDate, emailAddress, Json, text } from './generators';
import { CaseName, PrincipalName, World } from './world';

/** What a path parameter names. */
export type ParamKind = 'case' | 'user' | 'organisation' | 'report' | 'risk' | 'code' | 'workflow' | 'formation' | 'requirement';

/** What a generator may look at: the world, who calls, and the targets chosen for this call. */
export interface Ctx {
  world: World;
  principal: PrincipalName;
  /** The real (unencoded) id behind each path parameter, when it is a real one. */
  ids: Record<string, string | undefined>;
  caseName?: CaseName;
}

export interface RouteSpec {
  params?: Record<string, ParamKind>;
  /** A valid JSON body (valid in shape; whether the service can do it now is its own answer). */
  body?: (ctx: Ctx) => fc.Arbitrary<Json> | Promise<fc.Arbitrary<Json>>;
  /** The body is a PDF file, not JSON. */
  pdf?: true;
  /** A valid query string, without the `?`. */
  query?: (ctx: Ctx) => fc.Arbitrary<string>;
  /** The known-good query the sweep of hostile queries bends (the random cases bend generated ones). */
  exampleQuery?: (ctx: Ctx) => string;
  /** The cases where the route does its work (the others come up too, less often). */
  cases?: CaseName[];
  /** Sent by the web application: with X-Requested-With when valid. */
  webClient?: true;
  /** Extra headers of a valid call. */
  headers?: (ctx: Ctx, seed: number) => Record<string, string>;
  /** Accepted calls that are expensive (signing a PDF): after this many, other targets. */
  maxAccepted?: number;
  /**
   * Error codes of the route's own validator that a valid body must never get. (Not VALIDATION_FAILED:
   * the valid generators put NUL and lone surrogates into text on purpose, which that code refuses.)
   */
  validNeverRefusedWith?: string[];
  /** The route ends the caller's session: it is called with the principals' second sessions (World.spareTokens). */
  endsSession?: true;
}

const OIDC_STATE = 'abcdefghijklmnopqrstuvwxyzABCDEF';
/** A 1×1 PNG. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const nullOr = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(fc.constant(null), arbitrary);
const httpsUrl = () => fc.webUrl({ validSchemes: ['https'] });

/** A question of the organisation's own, valid in shape; the theme is sometimes not one of the template's (422). */
const organisationQuestion = () =>
  fc.record({
    themeId: fc.oneof(fc.constantFrom('nevenfuncties', 'belangen', 'overig'), text(1, 100)),
    type: fc.constantFrom('yes_no', 'text', 'date', 'amount'),
    label: text(5, 500),
    help: text(5, 2000),
    required: fc.boolean(),
    explanationOnYes: fc.boolean(),
  }) as fc.Arbitrary<Json>;

/** The whole settings document; the screening bureau the demo works with stays in the list, so the other routes keep their screener. */
const organisationSettings = (ctx: Ctx) =>
  fc.record({
    name: text(2, 200),
    links: fc.record({ contactUrl: nullOr(httpsUrl()), contactEmail: nullOr(emailAddress()), privacyStatementUrl: nullOr(httpsUrl()), accessibilityStatementUrl: nullOr(httpsUrl()) }),
    deadlines: fc.record({
      consentDays: nullOr(fc.integer({ min: 3, max: 30 })),
      questionnaireDays: nullOr(fc.integer({ min: 3, max: 30 })),
      wederhoorWorkingDays: nullOr(fc.integer({ min: 3, max: 20 })),
      vogRequestWorkingDays: nullOr(fc.integer({ min: 1, max: 10 })),
      vogWarningDaysBeforeAppointment: nullOr(fc.integer({ min: 7, max: 60 })),
    }),
    retention: fc.record({ notAppointedDays: nullOr(fc.integer({ min: 0, max: 365 })), withdrawnDays: nullOr(fc.integer({ min: 0, max: 365 })) }),
    vogMaxAgeMonths: nullOr(fc.integer({ min: 1, max: 3 })),
    screeningBureaus: fc.constant(null).map((): Json => [{ bureauId: ctx.world.organisations.screeningsbureau, processingAgreementReference: 'VWO-FUZZ-1', agreedOn: null }]),
  }) as fc.Arbitrary<Json>;
let unique = 0;
const uniqueEmail = () => `fuzz-${Date.now().toString(36)}-${++unique}@example.nl`;
const ALL_DEMO = Object.values(DEMO);

const login = () =>
  fc.record({
    email: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ALL_DEMO) }, { weight: 1, arbitrary: fc.constantFrom(...ALL_DEMO).map((e) => e.toUpperCase()) }, { weight: 2, arbitrary: emailAddress() }),
    password: fc.oneof({ weight: 3, arbitrary: fc.constant(DEMO_PASSWORD) }, { weight: 2, arbitrary: text(1, 1024) }),
  });

const invitationCode = () => fc.record({ code: fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/) });

const questions = questionsOf(questionnaireTemplate(CURRENT_QUESTIONNAIRE_VERSION));

function answerFor(question: Question): fc.Arbitrary<Json> {
  const scalar = (type: string): fc.Arbitrary<Json> => {
    switch (type) {
      case 'yes_no':
        return fc.boolean();
      case 'declaration':
        return fc.constant(true);
      case 'date':
        return calendarDate();
      case 'amount':
        return fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000_00 }).map((c) => c / 100));
      default:
        return text(0, 4000);
    }
  };
  if (question.type === 'list') {
    const entry = fc.record(Object.fromEntries((question.fields ?? []).map((f) => [f.id, scalar(f.type)])) as Record<string, fc.Arbitrary<Json>>);
    return fc.record({ value: fc.array(entry, { maxLength: 4 }) });
  }
  if (question.type === 'yes_no') return fc.record({ value: fc.boolean(), explanation: text(0, 4000) }, { requiredKeys: ['value'] });
  return fc.record({ value: scalar(question.type) });
}

const answers = () =>
  fc
    .subarray(questions, { minLength: 1, maxLength: 6 })
    .chain((qs) => fc.tuple(...qs.map((q) => fc.oneof({ weight: 9, arbitrary: answerFor(q) }, { weight: 1, arbitrary: fc.constant(null) }))).map((as) => ({ answers: Object.fromEntries(qs.map((q, i) => [q.id, as[i]])) })));

const measure = () => fc.record({ measure: text(1, 1000), who: text(1, 200), byWhen: calendarDate() });

async function risk(ctx: Ctx): Promise<fc.Arbitrary<Json>> {
  const sources: string[] = ctx.ids.id ? (await ctx.world.t.dataSource.query('SELECT id FROM research_sources WHERE case_id = $1', [ctx.ids.id])).map((r: { id: string }) => r.id) : [];
  return fc.record({
    theme: fc.constantFrom(...THEMES),
    description: text(1, 4000),
    likelihood: fc.constantFrom(...LIKELIHOODS),
    impact: fc.constantFrom(...IMPACTS),
    facts: fc.record(
      { answers: fc.subarray(questions.map((q) => q.id), { maxLength: 5 }), sources: sources.length ? fc.subarray(sources) : fc.constant<string[]>([]) },
      { requiredKeys: [] },
    ),
    measures: fc.array(measure(), { maxLength: 3 }),
  });
}

/** Events that end the case; the fuzzer prefers the others, so the cases stay open longer. */
const CLOSING = new Set(['STOP_CASE', 'WITHDRAW_CANDIDACY', 'REFUSE_CONSENT', 'WITHDRAW_CONSENT', 'RECORD_OUTCOME']);

function payloadFor(type: string, world: World): fc.Arbitrary<Record<string, Json>> {
  const date = fc.oneof(fc.constantFrom(inDays(0), inDays(-2)), calendarDate());
  switch (type) {
    case 'ASSIGN_SCREENER':
      return fc.record({ screenerId: fc.oneof(fc.constant(world.users.screener), fc.constantFrom(world.users.beheerder, ...world.users.spare), fc.uuid()) });
    case 'GIVE_CONSENT':
      return fc.record({ consentTextVersion: fc.oneof({ weight: 4, arbitrary: fc.constant('1') }, { weight: 1, arbitrary: fc.stringMatching(/^[\w.-]{1,40}$/) }) });
    case 'RECORD_INTERVIEW':
    case 'RECORD_COUNCIL_INFORMED':
    case 'CHANGE_APPOINTMENT_DATE':
    case 'VOG_REQUESTED':
    case 'VOG_INTENDED_REFUSAL':
    case 'VOG_ZIENSWIJZE_SUBMITTED':
    case 'VOG_REFUSED':
      return fc.record({ date });
    case 'RECORD_OUTCOME':
      return fc.record({ date, appointed: fc.boolean() });
    case 'SUBMIT_FINAL':
      return fc.record({ conclusion: fc.constantFrom(...CONCLUSIONS), justification: text(10, 4000) }, { requiredKeys: ['conclusion'] });
    case 'GIVE_ADVICE':
      return fc.record({ conclusion: fc.constantFrom(...CONCLUSIONS), deviationReason: text(10, 4000) }, { requiredKeys: ['conclusion'] });
    case 'STOP_CASE':
      return fc.record({ reason: fc.constantFrom(...STOP_REASONS), explanation: text(0, 4000) }, { requiredKeys: ['reason'] });
    case 'REQUEST_FURTHER_INVESTIGATION':
      return fc.record({ scope: text(10, 4000) });
    case 'VOG_ISSUED':
      return fc.record({ issueDate: fc.integer({ min: -60, max: 0 }).map(inDays), reference: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}$/) });
    default:
      return fc.constant({});
  }
}

/** An event at the case's current version, mostly one the caller may send now. */
async function event(ctx: Ctx): Promise<fc.Arbitrary<Json>> {
  const { world, ids, principal } = ctx;
  const [row] = ids.id ? await world.t.dataSource.query('SELECT version FROM cases WHERE id = $1', [ids.id]) : [];
  const version: number = row?.version ?? 1;
  let allowed: string[] = [];
  const token = principal === 'anoniem' ? undefined : principal === 'kandidaat' ? (ctx.caseName && world.candidateOf[ctx.caseName]) ?? world.tokens.kandidaat : world.tokens[principal];
  if (row && token) {
    const res = await world.t.http().get(`/cases/${ids.id}`).set({ Authorization: `Bearer ${token}` });
    if (res.status === 200) allowed = (res.body.allowedEvents as { type: string }[]).map((e) => e.type);
  }
  const open = allowed.filter((t) => !CLOSING.has(t));
  const type = fc.oneof(
    { weight: open.length ? 6 : 0, arbitrary: fc.constantFrom(...(open.length ? open : ['INVITE_CANDIDATE'])) },
    { weight: allowed.length ? 1 : 0, arbitrary: fc.constantFrom(...(allowed.length ? allowed : ['STOP_CASE'])) },
    { weight: 2, arbitrary: fc.constantFrom(...EVENT_TYPES) },
  );
  const expectedVersion = fc.oneof({ weight: 9, arbitrary: fc.constant(version) }, { weight: 1, arbitrary: fc.constantFrom(version - 1, version + 1, 1) });
  return fc.tuple(type, expectedVersion).chain(([t, v]) => payloadFor(t, world).map((payload) => ({ type: t, expectedVersion: v, ...payload })));
}

/**
 * Instants at the edges of what the filter accepts: other forms, leap days, far years, offsets up
 * to PostgreSQL's limit of ±15:59 and beyond it.
 */
const ODD_INSTANTS = [
  '2026-01-01', '2026-01-01 00:00:00', '2026-01-01T00:00Z', '2026-01-01T00:00:00.1234567890123Z', '2024-02-29T12:00:00Z', '2026-02-29T00:00:00Z', '2026-01-01T24:00:00Z',
  '2026-01-01T23:59:60Z', '0100-01-01T00:00:00Z', '1000-01-01', '9999-12-31T23:59:59Z', '2026-01-01T00:00:00+15:59', '2026-01-01T00:00:00-15:59', '2026-01-01T00:00:00+0100',
  '2026-01-01T00:00:00,5Z', '2026-W01-1', '2026-001', '+002026-01-01T00:00:00Z', '2026-01-01T00:00:00+14', '2026-01-01T00:00:00+16:00', '2026-01-01T00:00:00-16:00', '2026-01-01T00:00:00+23', 'now', 'infinity', '-infinity', 'epoch', 'today', 'allballs',
];

const auditQuery = (ctx: Ctx) =>
  fc
    .record(
      {
        case: fc.constantFrom(...Object.values(ctx.world.cases)),
        actor: fc.oneof(fc.constantFrom(`user:${ctx.world.users.opdrachtgever}`, 'anonymous'), fc.uuid().map((u) => `user:${u}`)),
        action: fc.constantFrom('case', 'case.event', 'auth', 'auth.forbidden', 'report.verify'),
        from: fc.oneof(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom(...ODD_INSTANTS)),
        to: fc.oneof(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2030-01-01T00:00:00+02:00', ...ODD_INSTANTS)),
        format: fc.constantFrom('json', 'csv'),
      },
      { requiredKeys: [] },
    )
    .map((q) => new URLSearchParams(q as Record<string, string>).toString());

/**
 * Every route, keyed as listRoutes names it. A route in the OpenAPI document or the controllers
 * without an entry here fails the suite. The order is the order of the run: routes that move
 * cases on or end them (events) come last, so the others meet the cases in their phases.
 */
export const CATALOG: Record<string, RouteSpec> = {
  'GET /health': {},
  'GET /health/live': {},
  'GET /auth/methods': {},
  'POST /auth/login': { body: login },
  'POST /auth/session': { body: login, webClient: true },
  'GET /auth/session': {},
  'POST /auth/invitation': { body: invitationCode },
  'POST /auth/invitation/new-link': { body: () => fc.record({ email: fc.oneof(emailAddress(), fc.constant('zwaantje.walk@example.nl')) }) as fc.Arbitrary<Json> },
  'POST /auth/invitation/session': { body: invitationCode, webClient: true },
  'GET /auth/oidc/start': {},
  'GET /auth/oidc/callback': {
    query: () =>
      fc.record({ code: fc.stringMatching(/^[\w-]{1,40}$/), state: fc.oneof(fc.constant(OIDC_STATE), fc.stringMatching(/^[\w-]{32}$/)) }).map((q) => new URLSearchParams(q).toString()),
    exampleQuery: () => `code=abc&state=${OIDC_STATE}`,
    // Half the calls carry a flow cookie that matches the state: the code exchange then meets the unreachable provider.
    headers: (_ctx, seed): Record<string, string> => (seed % 2 === 0 ? { cookie: `basisscan_oidc=${OIDC_STATE}.verifier0123456789` } : {}),
  },
  'GET /me': {},
  'GET /auth/oidc/logout': {},
  'GET /organisations/:id': { params: { id: 'organisation' } },
  'GET /organisations/:id/settings': { params: { id: 'organisation' } },
  'PUT /organisations/:id/settings': { params: { id: 'organisation' }, body: organisationSettings },
  'PUT /organisations/:id/logo': {
    params: { id: 'organisation' },
    body: () =>
      fc.record({
        mediaType: fc.constantFrom('image/png', 'image/jpeg'),
        data: fc.oneof(fc.constant(TINY_PNG), fc.uint8Array({ minLength: 8, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64'))),
      }) as fc.Arbitrary<Json>,
  },
  'DELETE /organisations/:id/logo': { params: { id: 'organisation' } },
  'GET /organisations/:id/logo': { params: { id: 'organisation' } },
  'GET /organisations/:id/questions': { params: { id: 'organisation' } },
  'POST /organisations/:id/questions': { params: { id: 'organisation' }, body: () => organisationQuestion() },
  // A question id of the organisation's own is not in the world: a uuid stands for a missing one (404).
  'PUT /organisations/:id/questions/:questionId': { params: { id: 'organisation', questionId: 'risk' }, body: () => organisationQuestion() },
  'DELETE /organisations/:id/questions/:questionId': { params: { id: 'organisation', questionId: 'risk' } },
  'GET /screening-bureaus': {},
  'GET /users': {},
  'GET /users/:id': { params: { id: 'user' } },
  'POST /users': {
    body: () =>
      fc.record(
        {
          email: fc.oneof({ weight: 4, arbitrary: fc.constant(null).map(uniqueEmail) }, { weight: 1, arbitrary: emailAddress() }, { weight: 1, arbitrary: fc.constant(DEMO.auditor) }),
          name: text(1, 200),
          roles: fc.subarray([...ROLES]),
          password: text(12, 200),
        },
        { requiredKeys: ['email', 'name', 'roles'] },
      ).map((u) => (u.password !== undefined && u.name.length % 4 !== 0 ? { ...u, password: undefined } : u)) as fc.Arbitrary<Json>,
  },
  'PATCH /users/:id': {
    params: { id: 'user' },
    body: () =>
      fc.record({ name: text(1, 200), roles: fc.subarray([...ROLES], { minLength: 1 }), active: fc.boolean(), password: text(12, 100) }, { requiredKeys: [] })
        .map((u) => (u.password !== undefined && (u.name?.length ?? 0) % 3 !== 0 ? { ...u, password: undefined } : u)) as fc.Arbitrary<Json>,
  },
  'GET /screeners': {
    query: () => fc.oneof(fc.constantFrom(DEMO.screener, DEMO.screener.toUpperCase(), ` ${DEMO.screener} `, DEMO.burgemeester), emailAddress()).map((e) => `email=${encodeURIComponent(e)}`),
    exampleQuery: () => `email=${encodeURIComponent(DEMO.screener)}`,
  },
  'GET /workflows': {},
  'GET /workflows/:id': { params: { id: 'workflow' } },
  'POST /workflows/:id/migrations': {
    params: { id: 'workflow' },
    body: () => fc.record({ from: fc.constantFrom('1.0.0', '2.0.0', '9.9.9', 'x'), to: fc.constantFrom('2.0.0', '1.0.0', '3.0.0'), apply: fc.boolean() }, { requiredKeys: ['from', 'to'] }) as fc.Arbitrary<Json>,
  },
  'GET /tasks': {},
  'GET /notifications': {
    query: () => fc.record({ ongelezen: fc.constantFrom('true', 'false'), limit: fc.integer({ min: 1, max: 200 }) }, { requiredKeys: [] }).map((q) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)] as [string, string])).toString()),
    exampleQuery: () => 'ongelezen=true&limit=20',
  },
  'GET /notifications/preferences': {},
  'GET /webhooks': {},
  'POST /webhooks': {
    body: () => fc.record({ url: fc.oneof(fc.constant('https://10.0.0.1/hook'), fc.constant('http://example.org/hook'), fc.webUrl()), eventTypes: fc.array(fc.constantFrom('*', ...EVENT_TYPES), { minLength: 1, maxLength: 5 }) }) as fc.Arbitrary<Json>,
    maxAccepted: 5,
  },
  'DELETE /webhooks/:id': { params: { id: 'risk' } },
  'GET /webhooks/:id/deliveries': { params: { id: 'risk' } },
  'POST /webhooks/:id/deliveries/:deliveryId/replay': { params: { id: 'risk', deliveryId: 'risk' } },
  'PUT /notifications/preferences': {
    body: () => fc.record({ mode: fc.constantFrom('direct', 'dagelijks'), digestHour: fc.integer({ min: 0, max: 23 }) }, { requiredKeys: ['mode'] }) as fc.Arbitrary<Json>,
  },
  'POST /notifications/read': {
    body: () => fc.oneof(fc.constant({ all: true }), fc.record({ ids: fc.array(fc.uuid(), { minLength: 1, maxLength: 5 }) })) as fc.Arbitrary<Json>,
  },
  'GET /privacy-settings': {},
  'GET /cases/:id/safety-intake': { params: { id: 'case' } },
  'PUT /cases/:id/safety-intake': {
    params: { id: 'case' },
    body: () =>
      fc.record({ answers: fc.dictionary(fc.constantFrom('veiligheid.bedreigd', 'veiligheid.zorgen', 'veiligheid.gesprek', 'veiligheid.toelichting', 'onbekend'), fc.record({ value: fc.oneof(fc.boolean(), text(0, 50)), explanation: text(0, 50) }, { requiredKeys: ['value'] })) }) as fc.Arbitrary<Json>,
  },
  'DELETE /cases/:id/safety-intake': { params: { id: 'case' } },
  'PUT /privacy-settings': {
    body: () =>
      fc.record(
        {
          raadTermEndsOn: fc.oneof(fc.constant(null), calendarDate(), text(0, 20)),
          appointedRetentionMonths: fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 200 })),
          legalBases: fc.dictionary(fc.constantFrom('screening', 'criminal_data', 'voluntary', 'onbekend'), fc.oneof(fc.constant(null), text(0, 1100))),
        },
        { requiredKeys: [] },
      ) as fc.Arbitrary<Json>,
  },
  'POST /cases': {
    body: () =>
      fc.record(
        {
          office: fc.constantFrom('wethouder', 'gedeputeerde'),
          candidate: fc.record({ name: text(1, 200), email: emailAddress() }),
          plannedAppointmentDate: fc.oneof(fc.integer({ min: 0, max: 400 }).map(inDays), calendarDate()),
        },
        { requiredKeys: ['candidate', 'plannedAppointmentDate'] },
      ),
  },
  'GET /formations': {},
  'POST /formations': {
    body: () =>
      fc.record(
        {
          name: text(1, 200),
          electionDate: fc.oneof(fc.integer({ min: -60, max: 10 }).map(inDays), calendarDate()),
          installationDate: fc.oneof(fc.integer({ min: -5, max: 120 }).map(inDays), calendarDate()),
          coalitionParties: fc.array(text(1, 100), { maxLength: 4 }),
          formateur: fc.record({ name: text(1, 200), email: emailAddress() }),
        },
        { requiredKeys: ['name', 'electionDate', 'installationDate', 'coalitionParties'] },
      ) as fc.Arbitrary<Json>,
  },
  'GET /formations/:id': { params: { id: 'formation' } },
  'GET /formations/:id/board': { params: { id: 'formation' } },
  'GET /formations/:id/calendar': { params: { id: 'formation' } },
  'GET /formations/:id/benoembaarheid': { params: { id: 'formation' } },
  'PATCH /formations/:id': {
    params: { id: 'formation' },
    body: () =>
      fc.record(
        {
          expectedVersion: fc.integer({ min: 1, max: 4 }),
          name: text(1, 200),
          installationDate: fc.oneof(fc.integer({ min: -5, max: 120 }).map(inDays), calendarDate()),
          coalitionParties: fc.constant<string[]>(['Partij Fuzz']),
        },
        { requiredKeys: ['expectedVersion'] },
      ) as fc.Arbitrary<Json>,
  },
  'POST /formations/:id/candidates': {
    params: { id: 'formation' },
    body: () =>
      fc.record({
        candidates: fc.array(
          fc.record(
            {
              name: text(1, 200),
              email: emailAddress(),
              fractie: fc.oneof(fc.constant('Partij Fuzz'), text(1, 100)),
              portfolio: text(0, 300),
              fractievoorzitter: fc.record({ name: text(1, 200), email: emailAddress() }),
              partyScreening: fc.record({ done: fc.boolean(), date: fc.integer({ min: -30, max: 5 }).map(inDays) }, { requiredKeys: ['done'] }),
            },
            { requiredKeys: ['name', 'email', 'fractie'] },
          ),
          { minLength: 1, maxLength: 3 },
        ),
      }) as fc.Arbitrary<Json>,
    maxAccepted: 5,
  },
  'GET /cases/:id/benoembaarheid': { params: { id: 'case' } },
  'GET /cases/:id/plan': { params: { id: 'case' } },
  'PUT /cases/:id/benoembaarheid/:requirement': {
    params: { id: 'case', requirement: 'requirement' },
    body: () => fc.record({ status: fc.constantFrom('voldaan', 'open', 'niet_voldaan'), note: text(1, 1000) }, { requiredKeys: ['status'] }) as fc.Arbitrary<Json>,
  },
  'GET /cases': {},
  'GET /cases/:id': { params: { id: 'case' } },
  'GET /cases/:id/trail': { params: { id: 'case' } },
  'GET /cases/:id/consent': { params: { id: 'case' } },
  'GET /cases/:id/questionnaire': { params: { id: 'case' }, cases: ['vragenlijst', 'onderzoek', 'wederhoor'] },
  'PUT /cases/:id/questionnaire/answers': { params: { id: 'case' }, body: answers, cases: ['vragenlijst', 'uitgenodigd', 'onderzoek'], validNeverRefusedWith: ['INVALID_ANSWERS'] },
  'GET /cases/:id/assessment': { params: { id: 'case' }, cases: ['onderzoek', 'wederhoor', 'advies'] },
  'POST /cases/:id/sources': {
    params: { id: 'case' },
    cases: ['onderzoek', 'wederhoor'],
    body: () => fc.record({ kind: fc.constantFrom(...SOURCE_KINDS), consultedOn: calendarDate(), query: text(1, 1000), found: text(0, 4000), isFinding: fc.boolean() }),
  },
  'PUT /cases/:id/interview': {
    params: { id: 'case' },
    cases: ['onderzoek', 'wederhoor'],
    body: () =>
      fc.record({
        heldOn: calendarDate(),
        participants: fc.array(text(1, 200), { minLength: 1, maxLength: 10 }),
        summaries: fc.array(fc.record({ theme: fc.constantFrom(...THEMES), summary: text(1, 4000) }), { maxLength: 4 }),
      }),
  },
  'POST /cases/:id/risks': { params: { id: 'case' }, cases: ['onderzoek', 'wederhoor'], body: risk },
  'PUT /cases/:id/risks/:riskId': { params: { id: 'case', riskId: 'risk' }, cases: ['onderzoek'], body: risk },
  'DELETE /cases/:id/risks/:riskId': { params: { id: 'case', riskId: 'risk' }, cases: ['onderzoek'] },
  'GET /cases/:id/corrections': { params: { id: 'case' } },
  'POST /cases/:id/corrections': { params: { id: 'case' }, body: () => fc.record({ findingId: fc.uuid(), request: text(0, 4100) }, { requiredKeys: [] }) as fc.Arbitrary<Json> },
  'POST /cases/:id/corrections/:correctionId/decision': {
    params: { id: 'case', correctionId: 'risk' },
    body: () => fc.record({ accept: fc.boolean(), correctedWording: text(0, 100), reason: text(0, 100) }, { requiredKeys: [] }) as fc.Arbitrary<Json>,
  },
  'PUT /cases/:id/assessment/draft': {
    params: { id: 'case' },
    cases: ['onderzoek', 'wederhoor'],
    body: () => fc.record({ conclusion: fc.constantFrom(...CONCLUSIONS), explanation: text(1, 8000) }),
  },
  'GET /cases/:id/wederhoor': { params: { id: 'case' }, cases: ['wederhoor', 'advies'] },
  'PUT /cases/:id/wederhoor/response': { params: { id: 'case' }, cases: ['wederhoor'], body: () => fc.record({ response: text(1, 20000) }) },
  'GET /cases/:id/export': { params: { id: 'case' } },
  'GET /cases/:id/report/copy': { params: { id: 'case' } },
  'POST /cases/:id/documents': { params: { id: 'case' }, cases: ['advies'], maxAccepted: 2, body: () => fc.record({ kind: fc.constantFrom('samenvatting', 'mededeling') }) as fc.Arbitrary<Json> },
  'GET /cases/:id/documents': { params: { id: 'case' }, cases: ['advies'] },
  // Document ids are probed as unknown ones (like risks): the access check on the case is what is fuzzed.
  'GET /cases/:id/documents/:documentId/pdf': { params: { id: 'case', documentId: 'risk' }, cases: ['advies'] },
  'POST /cases/:id/documents/:documentId/deliveries': {
    params: { id: 'case', documentId: 'risk' },
    cases: ['advies'],
    body: () => fc.record({ role: fc.constantFrom('formateur', 'fractievoorzitter', 'raad'), name: text(2, 200), email: emailAddress() }) as fc.Arbitrary<Json>,
  },
  'GET /document-links/:token': { params: { token: 'code' } },
  'GET /cases/:id/processing-log': { params: { id: 'case' } },
  'PUT /cases/:id/legal-hold': { params: { id: 'case' }, body: () => fc.record({ hold: fc.boolean() }) },
  'GET /audit/head': {},
  'GET /audit/verify': {
    query: () =>
      fc.record({ anchorSeq: fc.nat({ max: 5000 }).map(String), anchorHash: fc.stringMatching(/^[0-9a-f]{64}$/) }, { requiredKeys: [] }).map((q) => new URLSearchParams(q as Record<string, string>).toString()),
    exampleQuery: () => `anchorSeq=1&anchorHash=${'a'.repeat(64)}`,
  },
  'GET /audit/entries': { query: auditQuery, exampleQuery: (ctx) => `case=${ctx.world.cases.advies}&actor=user%3A${ctx.world.users.opdrachtgever}&action=case.event&from=2020-01-01T00%3A00%3A00Z&format=csv` },
  'POST /cases/:id/report': { params: { id: 'case' }, cases: ['advies', 'wederhoor'], maxAccepted: 2 },
  'GET /cases/:id/reports': { params: { id: 'case' }, cases: ['advies'] },
  'GET /reports/:reportId/pdf': { params: { reportId: 'report' } },
  'GET /reports/certificate': {},
  'GET /reports/verify/:code': { params: { code: 'code' } },
  'POST /reports/verify': { pdf: true },
  'POST /cases/:id/events': { params: { id: 'case' }, body: event, validNeverRefusedWith: ['INVALID_EVENT'] },
  // Last: ends a session (of a token made for it, not of the principals the run uses).
  'DELETE /auth/session': { endsSession: true, headers: (ctx, seed): Record<string, string> => (seed % 3 === 0 ? {} : { cookie: `basisscan_sessie=${ctx.world.sessionToken}` }) },
};

/** Good targets for a path parameter: ids that exist, in the caller's organisation or another. */
export function goodTargets(kind: ParamKind, ctx: Omit<Ctx, 'ids'>): string[] {
  const { world, principal } = ctx;
  switch (kind) {
    case 'case':
      return Object.values(world.cases);
    case 'user': {
      const self = principal === 'anoniem' || principal === 'kandidaat' ? [] : [world.users[principal === 'auditor' || principal === 'griffier' ? 'opdrachtgever' : principal] ?? world.users.beheerder];
      return [...world.users.spare, ...world.users.spare, ...self, world.users.screener, world.users.otherOrganisation];
    }
    case 'organisation':
      return [world.organisations.own, world.organisations.own, world.organisations.screeningsbureau, world.organisations.other];
    case 'report':
      return [world.report.id, world.report.id, world.report.otherId];
    case 'risk':
      return [];
    case 'code': {
      const code = world.report.code;
      return [code, code.toLowerCase(), code.replace(/-/g, ''), ` ${code} `.replace(/ /g, '%20'), code.replace(/0/g, 'O').replace(/1/g, 'l'), 'ANDR-DORP-0001', 'K7QM-2XHD-91PA'];
    }
    case 'workflow':
      return ['basisscan', 'basisscan', 'onbekend', 'BASISSCAN', 'toString', 'constructor', '__proto__'];
    case 'formation':
      return [world.formations.own, world.formations.own, world.formations.other];
    case 'requirement':
      return ['vereisten_persoon', 'onverenigbare_functies', 'nevenfuncties', 'verboden_handelingen', 'vog', 'onbekend', 'VEREISTEN_PERSOON', 'toString', '__proto__'];
  }
}
