import { createPrivateKey, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { ROLE_PERMISSIONS, rolesGrant } from '../../src/access/permissions';
import { PrincipalRole as Role } from '../../src/access/principal';
import { invitationCode } from '../support/mail';
import { expressRoutes, listRoutes, RouteInfo } from '../support/routes';
import { bearer, DEMO, DEMO_PASSWORD, startTestApp, TestApp, withoutTrace } from '../support/test-app';

/** What a route's `:id` names; each kind needs a target in the caller's organisation and in another. */
type Target = 'user' | 'organisation' | 'case' | 'report';

interface Probe {
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
}

let counter = 0;
/**
 * How to call each route. A new route without an entry here fails the suite: declare its probe,
 * and so its place in the access matrix.
 */
const PROBES: Record<string, Probe> = {
  'POST /auth/login': { body: () => ({ email: DEMO.beheerder, password: DEMO_PASSWORD }) },
  'POST /auth/invitation': { body: () => ({ code: 'onbekende-code-0123456789' }), served: (s) => s === 401 },
  // Without X-Requested-With, as a forged cross-site form would send it: refused before anything else.
  'POST /auth/session': { body: () => ({ email: DEMO.beheerder, password: DEMO_PASSWORD }), served: (s) => s === 403 },
  'DELETE /auth/session': { served: (s) => s === 204 },
  'POST /auth/invitation/session': { body: () => ({ code: 'onbekende-code-0123456789' }), served: (s) => s === 403 },
  'GET /auth/session': {},
  'GET /auth/methods': {},
  // Not configured in the matrix's app: the browser flow answers 404 (the configured flow has its own spec).
  'GET /auth/oidc/start': { served: (s) => s === 404 },
  'GET /auth/oidc/callback': { served: (s) => s === 404 },
  // A lookup by exact address; an unknown one is 404 past the access checks.
  'GET /screeners': { query: `?email=${encodeURIComponent(DEMO.screener)}` },
  'GET /health': {},
  'GET /health/live': {},
  'GET /me': {},
  'GET /organisations/:id': { target: 'organisation' },
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
  'PUT /cases/:id/questionnaire/answers': { target: 'case', body: () => ({ answers: {} }), served: (s) => s === 200 || s === 409 },
  // The screener's file and wederhoor: the cases here are before those phases, so 409 is "served".
  'GET /cases/:id/assessment': { target: 'case' },
  'POST /cases/:id/sources': { target: 'case', body: () => ({ kind: 'internet', consultedOn: '2026-11-20', query: 'q', found: '', isFinding: false }), served: (s) => s === 409 },
  'PUT /cases/:id/interview': { target: 'case', body: () => ({ heldOn: '2026-11-20', participants: ['screener'], summaries: [] }), served: (s) => s === 409 },
  'POST /cases/:id/risks': { target: 'case', body: () => ({ theme: 'overig', description: 'd', likelihood: 'klein', impact: 'beperkt', facts: {}, measures: [] }), served: (s) => s === 409 },
  'PUT /cases/:id/risks/:riskId': { target: 'case', body: () => ({ theme: 'overig', description: 'd', likelihood: 'klein', impact: 'beperkt', facts: {}, measures: [] }), served: (s) => s === 409 },
  'DELETE /cases/:id/risks/:riskId': { target: 'case', served: (s) => s === 409 },
  'PUT /cases/:id/assessment/draft': { target: 'case', body: () => ({ conclusion: 'geen_risicos', explanation: 'x' }), served: (s) => s === 409 },
  'GET /cases/:id/wederhoor': { target: 'case', served: (s) => s === 409 },
  'PUT /cases/:id/wederhoor/response': { target: 'case', body: () => ({ response: 'r' }), served: (s) => s === 409 },
  'GET /audit/verify': {},
  'GET /audit/head': {},
  'GET /audit/entries': {},
  'GET /cases/:id/processing-log': { target: 'case' },
  'GET /cases/:id/export': { target: 'case' },
  'GET /cases/:id/trail': { target: 'case' },
  'PUT /cases/:id/legal-hold': { target: 'case', body: () => ({ hold: false }) },
  // The matrix's cases are before wederhoor: the workflow refuses (409) past the access checks.
  'POST /cases/:id/report': { target: 'case', served: (s) => s === 409 },
  'GET /cases/:id/reports': { target: 'case' },
  // The matrix's report rows are tombstones of destroyed reports (409 past the access checks).
  'GET /reports/:reportId/pdf': { target: 'report', served: (s) => s === 409 },
  'GET /reports/certificate': {},
  'POST /reports/verify': { raw: { type: 'application/pdf', bytes: () => Buffer.from('%PDF-1.7\n%%EOF\n') } },
  // No report has this code: 404 past the access checks.
  'GET /reports/verify/:code': { fixedId: 'K7QM-2XHD-91PA', served: (s) => s === 404 },
  'GET /tasks': {},
  'GET /workflows': {},
  'GET /workflows/:id': { fixedId: 'basisscan' },
};

/** One demo account per role; the screener belongs to a screening bureau, the others to Voorbeeldstad. */
const ACCOUNTS: Record<Exclude<Role, 'kandidaat'>, string> = {
  opdrachtgever: DEMO.burgemeester,
  screener: DEMO.screener,
  auditor: DEMO.auditor,
  beheerder: DEMO.beheerder,
};

describe('access control on every route', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const tokens = {} as Record<Role, string>;
  let expiredToken: string;
  /** Per organisation code: its id and the id of a user in it. */
  const targets: Record<string, Record<Target, string>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    for (const [role, email] of Object.entries(ACCOUNTS)) tokens[role as Role] = await t.login(email);
    const candidateCase = await newCaseFor(tokens.opdrachtgever);
    const rows: { code: string; org: string; user: string }[] = await t.dataSource.query(
      `SELECT o.code, o.id AS org, min(u.id::text) AS user FROM organisations o JOIN users u ON u.organisation_id = o.id GROUP BY o.code, o.id`,
    );
    const anderdorp = await t.login(DEMO.burgemeesterAnderdorp);
    const cases: Record<string, string> = { voorbeeldstad: await newCaseFor(tokens.opdrachtgever), anderdorp: await newCaseFor(anderdorp) };
    // The screener's "own" case is one assigned to it; Voorbeeldstad's other case stays unassigned.
    const [{ id: screenerId }] = await t.dataSource.query('SELECT id FROM users WHERE email = $1', [DEMO.screener]);
    const assign = (id: string) => t.http().post(`/cases/${id}/events`).set(bearer(tokens.opdrachtgever)).send({ type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId }).expect(200);
    const assigned = await newCaseFor(tokens.opdrachtgever);
    await assign(assigned);
    cases['integriteitsbureau-noord'] = assigned;
    // The candidate's own case is the one of its invitation; every other case is "other".
    await assign(candidateCase);
    await t.http().post(`/cases/${candidateCase}/events`).set(bearer(tokens.opdrachtgever)).send({ type: 'INVITE_CANDIDATE', expectedVersion: 2 }).expect(200);
    const code = await invitationCode(t, 'matrix@example.nl');
    tokens.kandidaat = (await t.http().post('/auth/invitation').send({ code }).expect(200)).body.accessToken;
    cases.kandidaat = candidateCase;
    // Report rows as destruction leaves them: enough to decide access, no content to serve.
    const tombstone = async (caseId: string): Promise<string> =>
      (await t.dataSource.query(
        `INSERT INTO reports (id, case_id, organisation_id, version, sha256, content_sha256, size_bytes, case_version, content_version, case_phase, verification_code,
                              template_version, signer, signer_certificate_sha256, test_certificate, timestamped, signed_at, created_by, destroyed_at)
         SELECT gen_random_uuid(), c.id, c.organisation_id, 1, repeat('0', 64), repeat('0', 64), 0, 1, 0, 'vernietigd', upper(substr(md5(c.id::text), 1, 14)),
                '1', 'matrix', repeat('0', 64), true, false, now(), c.created_by, now()
           FROM cases c WHERE c.id = $1 RETURNING id`,
        [caseId],
      ))[0].id;
    for (const r of rows) targets[r.code] = { organisation: r.org, user: r.user, case: cases[r.code], report: cases[r.code] ? await tombstone(cases[r.code]) : randomUUID() };
    targets.kandidaat = { ...targets.voorbeeldstad, case: cases.kandidaat };
    const key = createPrivateKey(fs.readFileSync(path.join(t.config.dataDir, 'keys', 'jwt-ed25519.pem'), 'utf8'));
    const [{ id }] = await t.dataSource.query('SELECT id FROM users WHERE email = $1', [DEMO.beheerder]);
    expiredToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(id)
      .setIssuer(t.config.publicUrl)
      .setAudience('basisscan')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
  });
  afterAll(() => t.destroy());

  const newCaseFor = async (token: string) =>
    (await t.http().post('/cases').set(bearer(token)).send(PROBES['POST /cases'].body!()).expect(201)).body.id as string;
  const ROLES: Role[] = [...(Object.keys(ACCOUNTS) as Role[]), 'kandidaat'];
  /** The candidate's "organisation" in the target table is its own case. */
  const ownOrg = (role: Role) => (role === 'kandidaat' ? 'kandidaat' : role === 'screener' ? 'integriteitsbureau-noord' : 'voorbeeldstad');
  const otherOrg = (role: Role) => (role === 'screener' || role === 'kandidaat' ? 'voorbeeldstad' : 'anderdorp');

  function call(route: RouteInfo, id: string | undefined, token?: string) {
    const probe = PROBES[`${route.method} ${route.path}`];
    const url = route.path
      .replace(/:(id|reportId|code)\b/, probe.fixedId ?? id ?? randomUUID())
      .replace(':riskId', randomUUID()) + (probe.query ?? '');
    const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    let req = t.http()[method](url);
    if (token) req = req.set(bearer(token));
    if (probe.raw) return req.set('Content-Type', probe.raw.type).send(probe.raw.bytes());
    return probe.body ? req.send(probe.body()) : req;
  }

  it('finds every route Express serves', () => {
    // Swagger's pages and its catch-all for static assets are not API routes.
    const served = expressRoutes(t.app).filter((r) => !r.includes('/docs') && !r.endsWith(' /{*path}'));
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(served.sort());
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(PROBES).length);
  });

  it('has a declared permission (or @Public) on every route, and a probe for it here', () => {
    const undeclared = routes.filter((r) => !r.isPublic && !r.permission).map((r) => r.handler);
    expect(undeclared).toEqual([]);
    const ambiguous = routes.filter((r) => r.isPublic && r.permission).map((r) => r.handler);
    expect(ambiguous).toEqual([]);
    expect(routes.map((r) => `${r.method} ${r.path}`).filter((k) => !PROBES[k])).toEqual([]);
  });

  it('makes only sign-in and health public', () => {
    expect(routes.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'DELETE /auth/session', 'GET /auth/methods', 'GET /auth/oidc/callback', 'GET /auth/oidc/start', 'GET /health', 'GET /health/live',
      'POST /auth/invitation', 'POST /auth/invitation/session', 'POST /auth/login', 'POST /auth/session',
    ]);
  });

  it('matches a snapshot of every route permission, so changes are deliberate', () => {
    expect(Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.isPublic ? 'public' : r.permission]))).toMatchSnapshot();
    expect(ROLE_PERMISSIONS).toMatchSnapshot();
  });

  it('refuses anonymous callers and expired tokens with 401 on every non-public route', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      const anonymous = await call(route, undefined);
      expect([route.path, anonymous.status, anonymous.body.code]).toEqual([route.path, 401, 'UNAUTHENTICATED']);
      const expired = await call(route, undefined, expiredToken);
      expect([route.path, expired.status, expired.body.code]).toEqual([route.path, 401, 'TOKEN_EXPIRED']);
    }
  });

  it('answers 403 to a role without the permission, and serves a role with it', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      for (const role of ROLES) {
        const probe = PROBES[`${route.method} ${route.path}`];
        const res = await call(route, probe.target ? targets[ownOrg(role)][probe.target] : undefined, tokens[role]);
        const expected = rolesGrant([role], route.permission!) ? 'allowed' : 403;
        const served = probe.served ?? ((s: number) => s >= 200 && s < 300);
        const got = res.status === 403 ? 403 : served(res.status) ? 'allowed' : res.status;
        expect([route.method, route.path, role, got]).toEqual([route.method, route.path, role, expected]);
      }
    }
  });

  it("answers another organisation's ids exactly as ids that do not exist, and changes nothing", async () => {
    const state = () =>
      Promise.all([
        t.dataSource.query('SELECT id, name, roles, active FROM users ORDER BY id'),
        t.dataSource.query('SELECT id, version, snapshot FROM cases ORDER BY id'),
        t.dataSource.query('SELECT count(*)::int AS n FROM case_events'),
      ]);
    const before = await state();
    for (const route of routes.filter((r) => !r.isPublic && PROBES[`${r.method} ${r.path}`].target)) {
      const probe = PROBES[`${route.method} ${route.path}`];
      for (const role of ROLES) {
        if (!rolesGrant([role], route.permission!)) continue;
        const other = await call(route, targets[otherOrg(role)][probe.target!], tokens[role]);
        const missing = await call(route, randomUUID(), tokens[role]);
        const malformed = await call(route, 'geen-uuid', tokens[role]);
        expect([route.path, role, other.status]).toEqual([route.path, role, 404]);
        expect(withoutTrace(other.body)).toEqual(withoutTrace(missing.body));
        expect(withoutTrace(malformed.body)).toEqual(withoutTrace(missing.body));
      }
    }
    expect(await state()).toEqual(before);
  });

  it('lists only users of the caller’s own organisation', async () => {
    const res = await t.http().get('/users').set(bearer(tokens.beheerder)).expect(200);
    const emails = res.body.map((u: { email: string }) => u.email);
    expect(emails).toEqual(expect.arrayContaining([DEMO.burgemeester, DEMO.auditor, DEMO.beheerder]));
    expect(emails).not.toContain(DEMO.burgemeesterAnderdorp);
    expect(emails).not.toContain(DEMO.screener);
  });
});
