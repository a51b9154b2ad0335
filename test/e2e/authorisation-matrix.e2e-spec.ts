import { createPrivateKey, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeJwt, SignJWT } from 'jose';
import { SessionService } from '../../src/auth/session.service';
import { Permission } from '../../src/access/permissions';
import { PrincipalRole as Role } from '../../src/access/principal';
import { cookiesAreSecure, sessionCookieName } from '../../src/auth/session-cookie';
import { invitationCode } from '../support/mail';
import { Probe, PROBE_VARIANTS, probeOf, PROBES, Target } from '../support/probes';
import { listRoutes, RouteInfo } from '../support/routes';
import { bearer, DEMO, DEMO_PASSWORD, startTestApp, TestApp, withoutTrace } from '../support/test-app';

/**
 * The authorisation matrix (issue 8): every route × every principal × every relation of the
 * route's object to the caller, answered by the running service and compared, cell by cell, with
 * the policy below. The policy is written down here from the product's rules, not read from the
 * code: AccessService and ROLE_PERMISSIONS are what is being checked. The outcome is also written
 * to docs/authorisation-matrix.md, so a change of policy shows up as a reviewed diff there.
 */

const ROLES = ['opdrachtgever', 'screener', 'auditor', 'beheerder', 'griffier', 'kandidaat'] as const satisfies readonly Role[];
/** Callers without a valid sign-in; a route's object does not matter to them. */
const SIGNED_OUT = ['anonymous', 'expired token', 'ended session', 'ended session as bearer'] as const;
type SignedOut = (typeof SIGNED_OUT)[number];
type Caller = SignedOut | Role;

/** How the object a route's `:id` names relates to the caller. */
const RELATIONS = ['own', 'assigned', 'same-org', 'unassigned', 'other-org', 'missing', 'malformed'] as const;
type Relation = (typeof RELATIONS)[number];

const RELATION_DOC: Record<Relation, string> = {
  own: "the caller's own object: the case the opdrachtgever commissioned, the candidate's own case (and its gemeente); the caller's own account and organisation; the formation the opdrachtgever created.",
  assigned: 'the case assigned to the calling screener.',
  'same-org':
    "another object of the caller's organisation: a case a second opdrachtgever of the same gemeente commissioned (for the auditor and beheerder: any case of their gemeente; " +
    'for the screener: a case assigned to a colleague at the same bureau; for the candidate: another case of its gemeente); a colleague\'s account; ' +
    "a formation of the caller's organisation made by someone else (for everyone but the opdrachtgever: any formation of their gemeente).",
  unassigned: 'a case of the same gemeente without a screener (for the screener: of a gemeente it works for).',
  'other-org': "an object of another organisation: another gemeente's case or formation; an account or organisation other than the caller's own.",
  missing: 'a well-formed id (a UUID, or a verification code) that names nothing.',
  malformed: 'an id that cannot be one (not a UUID, not a verification code).',
};

// ---------------------------------------------------------------------------------------------
// The policy: per permission, which roles hold it and for which relations of the object.
// A role not listed for a permission gets 403; a role listed but not for the relation gets the
// 404 of an unknown id. Missing and malformed ids are never granted.
// ---------------------------------------------------------------------------------------------

type Grants = readonly Relation[];
/** For permissions whose routes name no object: holding the permission is all it takes. */
const WITHOUT_ID: Grants = [];
/** Accounts: one's own and those of colleagues in the same organisation. */
const OWN_ORGANISATION: Grants = ['own', 'same-org'];
/** Every case of the caller's organisation, whoever commissioned it and whether assigned or not. */
const ORGANISATION_CASES: Grants = ['own', 'same-org', 'unassigned'];
/** Only the case assigned to the calling screener: not a colleague's, not an unassigned one. */
const ASSIGNED: Grants = ['assigned'];
/** The candidate's one case, of its invitation. */
const OWN_CASE: Grants = ['own'];

const POLICY: Record<Permission, Partial<Record<Role, Grants>>> = {
  'me.read': { opdrachtgever: WITHOUT_ID, screener: WITHOUT_ID, auditor: WITHOUT_ID, beheerder: WITHOUT_ID, griffier: WITHOUT_ID },
  'session.read': { opdrachtgever: WITHOUT_ID, screener: WITHOUT_ID, auditor: WITHOUT_ID, beheerder: WITHOUT_ID, griffier: WITHOUT_ID, kandidaat: WITHOUT_ID },
  // Officials see their own organisation; a gemeente is not the screening bureau's to read.
  'organisation.read': { opdrachtgever: ['own'], screener: ['own'], auditor: ['own'], beheerder: ['own'], griffier: ['own'] },
  // The organisation's settings (and the list of bureaus to choose from) are its beheerder's.
  'organisation.settings': { beheerder: ['own'] },
  // The beheerder manages the organisation's accounts; the auditor checks who has which role.
  'user.read': { auditor: OWN_ORGANISATION, beheerder: OWN_ORGANISATION },
  'user.create': { beheerder: WITHOUT_ID },
  'user.update': { beheerder: OWN_ORGANISATION },
  // Commissioning (and finding the screener to assign) is the opdrachtgever's.
  'case.create': { opdrachtgever: WITHOUT_ID },
  // A case is readable by the opdrachtgever and auditor of its organisation and by its assigned screener; the candidate sees only its own.
  'case.read': { opdrachtgever: ORGANISATION_CASES, screener: ASSIGNED, auditor: ORGANISATION_CASES, kandidaat: OWN_CASE },
  // Moving a case on: the same parties, minus the auditor, who only watches.
  'case.event': { opdrachtgever: ORGANISATION_CASES, screener: ASSIGNED, kandidaat: OWN_CASE },
  'task.read': { opdrachtgever: WITHOUT_ID, screener: WITHOUT_ID },
  'workflow.read': { opdrachtgever: WITHOUT_ID, screener: WITHOUT_ID, auditor: WITHOUT_ID, beheerder: WITHOUT_ID },
  // Migrating running cases to a new machine version is the beheerder's, for its own organisation's cases.
  'workflow.migrate': { beheerder: WITHOUT_ID },
  // The questionnaire is a disclosure to the assigned screener only, not to the organisation at large.
  'questionnaire.read': { screener: ASSIGNED, kandidaat: OWN_CASE },
  'questionnaire.write': { kandidaat: OWN_CASE },
  // The screener's file is the assigned screener's alone.
  'assessment.read': { screener: ASSIGNED },
  'assessment.write': { screener: ASSIGNED },
  // Wederhoor is between the assigned screener and the candidate.
  'wederhoor.read': { screener: ASSIGNED, kandidaat: OWN_CASE },
  'wederhoor.write': { kandidaat: OWN_CASE },
  'audit.read': { auditor: WITHOUT_ID, beheerder: WITHOUT_ID },
  // The processing log: the organisation's auditor, and the candidate for its own inspection (AVG art. 15).
  'processing_log.read': { auditor: ORGANISATION_CASES, kandidaat: OWN_CASE },
  // The export (inzage) is the candidate's alone.
  'case.export': { kandidaat: OWN_CASE },
  // The candidate's copy of the final report (AVG art. 15) is the candidate's alone.
  'report.copy': { kandidaat: OWN_CASE },
  // The documents for formateur, fractievoorzitter and raad are the opdrachtgever's to make and send.
  'document.manage': { opdrachtgever: ORGANISATION_CASES },
  // Legal hold is the organisation's (its beheerder), for every case of it.
  'case.legal_hold': { beheerder: ORGANISATION_CASES },
  // Reports follow the case; the auditor verifies them but does not read their content.
  'report.create': { opdrachtgever: ORGANISATION_CASES, screener: ASSIGNED },
  'report.read': { opdrachtgever: ORGANISATION_CASES, screener: ASSIGNED },
  'report.verify': { opdrachtgever: ORGANISATION_CASES, screener: ASSIGNED, auditor: ORGANISATION_CASES },
  // Everyone with an account has their own Meldingen; the candidate is told by mail only.
  'notification.read': { opdrachtgever: WITHOUT_ID, screener: WITHOUT_ID, auditor: WITHOUT_ID, beheerder: WITHOUT_ID, griffier: WITHOUT_ID },
  // A formation (collegevorming) is the opdrachtgever's, every one of its organisation; the candidates' names and parties are on it.
  'formation.create': { opdrachtgever: WITHOUT_ID },
  'formation.read': { opdrachtgever: OWN_ORGANISATION },
  'formation.update': { opdrachtgever: OWN_ORGANISATION },
  // The list of formations: for the opdrachtgever and for the griffier, who finds the candidates to check there.
  'formation.list': { opdrachtgever: WITHOUT_ID, griffier: WITHOUT_ID },
  // The benoembaarheid checklist (per case, or per formation): the griffier checks every case of the
  // organisation; the opdrachtgever reads it. No one else, and the griffier nothing of the risk analysis.
  'benoembaarheid.read': { opdrachtgever: ORGANISATION_CASES, griffier: ORGANISATION_CASES },
  'benoembaarheid.write': { griffier: ORGANISATION_CASES },
  // The organisation's privacy settings (on its FG's word): the beheerder sets them, the auditor reads them; always the caller's own organisation.
  'privacy_settings.read': { auditor: WITHOUT_ID, beheerder: WITHOUT_ID },
  'privacy_settings.write': { beheerder: WITHOUT_ID },
  // The voluntary safety intake: the candidate fills it in, the opdrachtgever of its organisation reads it; never the screener or the auditor.
  'safety_intake.read': { opdrachtgever: ORGANISATION_CASES, kandidaat: OWN_CASE },
  'safety_intake.write': { kandidaat: OWN_CASE },
  // Webhooks of the organisation are the beheerder's to configure (their ids are probed as unknown ones).
  'webhook.manage': { beheerder: WITHOUT_ID },
  // A case's backward plan names the VOG step: the opdrachtgever's, for every case of its organisation.
  'plan.read': { opdrachtgever: ORGANISATION_CASES },
};

// ---------------------------------------------------------------------------------------------
// The fixtures each relation names, per role (a relation a role does not have is left out).
// ---------------------------------------------------------------------------------------------

/**
 * The matrix's cases. A: Voorbeeldstad's, commissioned by the opdrachtgever, assigned to the
 * screener, candidate invited. B: Voorbeeldstad's, commissioned by a second opdrachtgever,
 * assigned to a second screener of the same bureau. C: Voorbeeldstad's, second opdrachtgever, no
 * screener. D: Anderdorp's. Reports (and their verification codes) follow their case.
 */
type CaseName = 'A' | 'B' | 'C' | 'D';
type UserName = 'opdrachtgever' | 'opdrachtgever2' | 'screener' | 'screener2' | 'auditor' | 'beheerder' | 'anderdorp';
type OrganisationName = 'voorbeeldstad' | 'anderdorp' | 'integriteitsbureau-noord';
/** The matrix's formations: Voorbeeldstad's of the opdrachtgever and of the second opdrachtgever; Anderdorp's. */
type FormationName = 'F1' | 'F2' | 'F3';

/** How each case relates to each role: every case is asked of every role. */
const CASE_RELATION: Record<Role, Record<CaseName, Relation>> = {
  opdrachtgever: { A: 'own', B: 'same-org', C: 'unassigned', D: 'other-org' },
  screener: { A: 'assigned', B: 'same-org', C: 'unassigned', D: 'other-org' },
  auditor: { A: 'same-org', B: 'same-org', C: 'unassigned', D: 'other-org' },
  beheerder: { A: 'same-org', B: 'same-org', C: 'unassigned', D: 'other-org' },
  griffier: { A: 'same-org', B: 'same-org', C: 'unassigned', D: 'other-org' },
  kandidaat: { A: 'own', B: 'same-org', C: 'unassigned', D: 'other-org' },
};
/** How each account relates to each role (the candidate has none of its own; its gemeente's accounts are "same-org"). */
const USER_RELATION: Record<Role, Record<UserName, Relation>> = {
  opdrachtgever: { opdrachtgever: 'own', opdrachtgever2: 'same-org', auditor: 'same-org', beheerder: 'same-org', screener: 'other-org', screener2: 'other-org', anderdorp: 'other-org' },
  screener: { screener: 'own', screener2: 'same-org', opdrachtgever: 'other-org', opdrachtgever2: 'other-org', auditor: 'other-org', beheerder: 'other-org', anderdorp: 'other-org' },
  auditor: { auditor: 'own', opdrachtgever: 'same-org', opdrachtgever2: 'same-org', beheerder: 'same-org', screener: 'other-org', screener2: 'other-org', anderdorp: 'other-org' },
  beheerder: { beheerder: 'own', opdrachtgever: 'same-org', opdrachtgever2: 'same-org', auditor: 'same-org', screener: 'other-org', screener2: 'other-org', anderdorp: 'other-org' },
  griffier: { opdrachtgever: 'same-org', opdrachtgever2: 'same-org', auditor: 'same-org', beheerder: 'same-org', screener: 'other-org', screener2: 'other-org', anderdorp: 'other-org' },
  kandidaat: { opdrachtgever: 'same-org', opdrachtgever2: 'same-org', auditor: 'same-org', beheerder: 'same-org', screener: 'other-org', screener2: 'other-org', anderdorp: 'other-org' },
};
/** How each organisation relates to each role (the candidate's is the gemeente of its case). */
const ORGANISATION_RELATION: Record<Role, Record<OrganisationName, Relation>> = {
  opdrachtgever: { voorbeeldstad: 'own', anderdorp: 'other-org', 'integriteitsbureau-noord': 'other-org' },
  screener: { 'integriteitsbureau-noord': 'own', voorbeeldstad: 'other-org', anderdorp: 'other-org' },
  auditor: { voorbeeldstad: 'own', anderdorp: 'other-org', 'integriteitsbureau-noord': 'other-org' },
  beheerder: { voorbeeldstad: 'own', anderdorp: 'other-org', 'integriteitsbureau-noord': 'other-org' },
  griffier: { voorbeeldstad: 'own', anderdorp: 'other-org', 'integriteitsbureau-noord': 'other-org' },
  kandidaat: { voorbeeldstad: 'own', anderdorp: 'other-org', 'integriteitsbureau-noord': 'other-org' },
};

/** How each formation relates to each role (the screener's bureau has none; the candidate's gemeente has the first two). */
const FORMATION_RELATION: Record<Role, Record<FormationName, Relation>> = {
  opdrachtgever: { F1: 'own', F2: 'same-org', F3: 'other-org' },
  screener: { F1: 'other-org', F2: 'other-org', F3: 'other-org' },
  auditor: { F1: 'same-org', F2: 'same-org', F3: 'other-org' },
  beheerder: { F1: 'same-org', F2: 'same-org', F3: 'other-org' },
  griffier: { F1: 'same-org', F2: 'same-org', F3: 'other-org' },
  kandidaat: { F1: 'same-org', F2: 'same-org', F3: 'other-org' },
};

/** Well-formed verification codes (Crockford base32, as printed) for the reports of A–D, and one of no report. */
const CODES: Record<CaseName, string> = { A: 'MTRX-CASE-000A', B: 'MTRX-CASE-000B', C: 'MTRX-CASE-000C', D: 'MTRX-CASE-000D' };
const UNKNOWN_CODE = 'MTRX-0000-0000';

/** What a signed-out caller's request should meet: 401, with the code saying why. */
const SIGNED_OUT_CODE: Record<SignedOut, string> = { anonymous: 'UNAUTHENTICATED', 'expired token': 'TOKEN_EXPIRED', 'ended session': 'TOKEN_EXPIRED', 'ended session as bearer': 'TOKEN_EXPIRED' };

/**
 * An outcome class: served (2xx, or the route's documented business answer), or refused with a
 * status; a probe variant may expect a refusal past the access checks, e.g. `409 (OWN_ROLES)`.
 */
type Outcome = 'served' | '400' | '401' | '403' | '404' | `${number} (${string})`;

interface Cell {
  route: MatrixRoute;
  probe: Probe;
  caller: Caller;
  relation?: Relation;
  /** The fixture the id names, e.g. "case B". */
  object?: string;
  id?: string;
  expected: Outcome;
  status?: number;
  body?: Record<string, unknown>;
  actual?: string;
}

type MatrixRoute = RouteInfo & { variant?: string };
const keyOf = (route: MatrixRoute) => `${route.method} ${route.path}${route.variant ? ` [${route.variant}]` : ''}`;
const isRole = (caller: Caller): caller is Role => (ROLES as readonly string[]).includes(caller);

function expectedOutcome(route: MatrixRoute, probe: Probe, caller: Caller, relation?: Relation): Outcome {
  if (route.isPublic) return 'served';
  if (!isRole(caller)) return '401';
  const grants = POLICY[route.permission!]?.[caller];
  if (!grants) return '403';
  const variant = route.variant ? PROBE_VARIANTS.find((v) => v.route === `${route.method} ${route.path}` && v.label === route.variant) : undefined;
  const special = relation ? variant?.outcomes[caller]?.[relation] : undefined;
  if (special) return special as Outcome;
  if (!relation) return 'served';
  if (relation === 'malformed' && probe.malformed) return String(probe.malformed) as Outcome;
  return grants.includes(relation) ? 'served' : '404';
}

const DOC = path.join(__dirname, '..', '..', 'docs', 'authorisation-matrix.md');
const UPDATE_COMMAND = 'UPDATE_MATRIX=1 npx jest --ci test/e2e/authorisation-matrix.e2e-spec.ts';

describe('authorisation matrix: every route × principal × relation', () => {
  let t: TestApp;
  let routes: MatrixRoute[];
  const tokens = {} as Record<Role, string>;
  /** A second session of each principal, for the sign-out cells (a bearer sign-out ends the session). */
  const spareTokens = {} as Record<Role, string>;
  let expiredToken: string;
  let endedSession: string;
  let cookieName: string;
  const ids = {
    case: {} as Record<CaseName, string>,
    report: {} as Record<CaseName, string>,
    user: {} as Record<UserName, string>,
    organisation: {} as Record<OrganisationName, string>,
    formation: {} as Record<FormationName, string>,
  };
  const cells: Cell[] = [];
  let refusedStateBefore: unknown;
  let refusedStateAfter: unknown;
  let elapsedMs = 0;

  /** Every object a route's id can name for a role, with its relation to the role; then a missing and a malformed id. */
  function targetsFor(target: Target, role: Role): { relation: Relation; object?: string; id: string }[] {
    const entries = <K extends string>(relations: Record<K, Relation>) => Object.entries(relations) as [K, Relation][];
    const objects =
      target === 'user'
        ? entries(USER_RELATION[role]).map(([name, relation]) => ({ relation, object: `user ${name}`, id: ids.user[name] }))
        : target === 'organisation'
          ? entries(ORGANISATION_RELATION[role]).map(([name, relation]) => ({ relation, object: name, id: ids.organisation[name] }))
          : target === 'formation'
            ? entries(FORMATION_RELATION[role]).map(([name, relation]) => ({ relation, object: `formation ${name}`, id: ids.formation[name] }))
            : entries(CASE_RELATION[role]).map(([name, relation]) => ({
              relation,
              object: `${target === 'case' ? 'case' : target === 'report' ? 'report of case' : 'code of case'} ${name}`,
              id: target === 'case' ? ids.case[name] : target === 'report' ? ids.report[name] : CODES[name],
            }));
    return [
      ...objects,
      { relation: 'missing', id: target === 'reportCode' ? UNKNOWN_CODE : randomUUID() },
      { relation: 'malformed', id: target === 'reportCode' ? 'geen-code' : 'geen-uuid' },
    ];
  }

  function call(cell: Cell) {
    const { route, probe, caller } = cell;
    const url = route.path.replace(/:(id|reportId|code)\b/, probe.fixedId ?? cell.id ?? randomUUID()).replace(':riskId', randomUUID()).replace(':correctionId', randomUUID()).replace(':deliveryId', randomUUID()).replace(':documentId', randomUUID()).replace(':questionId', randomUUID()) + (probe.query ?? '');
    const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    let req = t.http()[method](url);
    if (isRole(caller)) req = req.set(bearer(probe.endsSession ? spareTokens[caller] : tokens[caller]));
    if (caller === 'expired token') req = req.set(bearer(expiredToken));
    if (caller === 'ended session as bearer') req = req.set(bearer(endedSession));
    if (caller === 'ended session') {
      req = req.set('Cookie', `${cookieName}=${encodeURIComponent(endedSession)}`);
      // As the web application sends it, so a change is refused for the session, not for the header.
      if (!route.isPublic) req = req.set('X-Requested-With', 'basisscan');
    }
    if (probe.raw) return req.set('Content-Type', probe.raw.type).send(probe.raw.bytes());
    return probe.body ? req.send(probe.body()) : req;
  }

  /** Everything a refused request must leave as it was (the audit trail of the refusal aside). */
  const state = async () => ({
    users: await t.dataSource.query('SELECT id, name, roles, active, password_hash FROM users ORDER BY id'),
    cases: await t.dataSource.query('SELECT id, version, content_version, state, snapshot, screener_id, legal_hold, formation_id FROM cases ORDER BY id'),
    formations: await t.dataSource.query('SELECT * FROM formations ORDER BY id'),
    counts: await t.dataSource.query(
      `SELECT ${['case_events', 'case_notes', 'case_invitations', 'questionnaire_answers', 'research_sources', 'interviews', 'risks', 'assessments', 'wederhoor_responses', 'safety_intakes', 'reports', 'outbox_mail', 'processing_log', 'ended_sessions', 'sessions', 'role_grant_requests', 'case_nominations', 'benoembaarheid_checks', 'organisation_questions']
        .map((table) => `(SELECT count(*) FROM ${table})::int AS ${table}`)
        .join(', ')}`,
    ),
    invitationsUsed: await t.dataSource.query('SELECT id, used_at, revoked_at FROM case_invitations ORDER BY id'),
  });

  beforeAll(async () => {
    t = await startTestApp();
    const listed = listRoutes(t.app);
    // Probe variants: a route called a second way, with cells of its own.
    routes = [...listed, ...PROBE_VARIANTS.map((v) => ({ ...listed.find((r) => `${r.method} ${r.path}` === v.route)!, variant: v.label }))];
    cookieName = sessionCookieName(cookiesAreSecure(t.config));
    const accounts: Record<Exclude<Role, 'kandidaat'>, string> = { opdrachtgever: DEMO.burgemeester, screener: DEMO.screener, auditor: DEMO.auditor, beheerder: DEMO.beheerder, griffier: DEMO.griffier };
    for (const [role, email] of Object.entries(accounts)) tokens[role as Role] = await t.login(email);

    // A second opdrachtgever in Voorbeeldstad (through its beheerder) and a second screener at the bureau.
    await t.http().post('/users').set(bearer(tokens.beheerder))
      .send({ email: 'tweede.opdrachtgever@voorbeeldstad.nl', name: 'Tweede opdrachtgever', roles: ['opdrachtgever'], password: DEMO_PASSWORD }).expect(201);
    await t.dataSource.query(
      `INSERT INTO users (organisation_id, email, name, roles, password_hash)
       SELECT organisation_id, 'tweede.screener@integriteitsbureau.nl', 'Tweede screener', '{screener}', password_hash FROM users WHERE email = $1`,
      [DEMO.screener],
    );
    const opdrachtgever2 = await t.login('tweede.opdrachtgever@voorbeeldstad.nl');
    const anderdorp = await t.login(DEMO.burgemeesterAnderdorp);
    const userRows: { email: string; id: string }[] = await t.dataSource.query('SELECT email, id FROM users');
    const userId = (email: string) => userRows.find((u) => u.email === email)!.id;
    ids.user = {
      opdrachtgever: userId(DEMO.burgemeester), opdrachtgever2: userId('tweede.opdrachtgever@voorbeeldstad.nl'), screener: userId(DEMO.screener),
      screener2: userId('tweede.screener@integriteitsbureau.nl'), auditor: userId(DEMO.auditor), beheerder: userId(DEMO.beheerder), anderdorp: userId(DEMO.burgemeesterAnderdorp),
    };
    for (const row of (await t.dataSource.query('SELECT code, id FROM organisations')) as { code: OrganisationName; id: string }[]) ids.organisation[row.code] = row.id;

    const newCase = async (token: string) => (await t.http().post('/cases').set(bearer(token)).send(PROBES['POST /cases'].body!()).expect(201)).body.id as string;
    const event = (token: string, id: string, body: Record<string, unknown>) => t.http().post(`/cases/${id}/events`).set(bearer(token)).send(body).expect(200);
    ids.case = { A: await newCase(tokens.opdrachtgever), B: await newCase(opdrachtgever2), C: await newCase(opdrachtgever2), D: await newCase(anderdorp) };
    const newFormation = async (token: string) => (await t.http().post('/formations').set(bearer(token)).send(PROBES['POST /formations'].body!()).expect(201)).body.id as string;
    ids.formation = { F1: await newFormation(tokens.opdrachtgever), F2: await newFormation(opdrachtgever2), F3: await newFormation(anderdorp) };
    await event(tokens.opdrachtgever, ids.case.A, { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId: ids.user.screener });
    await event(tokens.opdrachtgever, ids.case.A, { type: 'INVITE_CANDIDATE', expectedVersion: 2 });
    await event(opdrachtgever2, ids.case.B, { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId: ids.user.screener2 });
    const code = await invitationCode(t, 'matrix@example.nl');
    tokens.kandidaat = (await t.http().post('/auth/invitation').send({ code }).expect(200)).body.accessToken;
    for (const [role, email] of Object.entries(accounts)) spareTokens[role as Role] = await t.login(email);
    // The candidate's code is single-use: its second session is started as the exchange starts one.
    const candidateClaims = decodeJwt(tokens.kandidaat);
    spareTokens.kandidaat = (await t.app.get(SessionService).start(candidateClaims.sub!, { scope: candidateClaims.scope, case: candidateClaims.case }, 3600)).token;

    // Report rows as destruction leaves them: enough to decide access, no content to serve.
    for (const name of Object.keys(CODES) as CaseName[]) {
      [{ id: ids.report[name] }] = await t.dataSource.query(
        `INSERT INTO reports (id, case_id, organisation_id, version, sha256, content_sha256, size_bytes, case_version, content_version, case_phase, verification_code,
                              template_version, signer, signer_certificate_sha256, test_certificate, timestamped, signed_at, created_by, destroyed_at)
         SELECT gen_random_uuid(), c.id, c.organisation_id, 1, repeat('0', 64), repeat('0', 64), 0, 1, 0, 'vernietigd', $2,
                '1', 'matrix', repeat('0', 64), true, false, now(), c.created_by, now()
           FROM cases c WHERE c.id = $1 RETURNING id`,
        [ids.case[name], CODES[name]],
      );
    }

    // A bearer token past its expiry, signed with the service's own key.
    const key = createPrivateKey(fs.readFileSync(path.join(t.config.dataDir, 'keys', 'jwt-ed25519.pem'), 'utf8'));
    expiredToken = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).setSubject(ids.user.beheerder).setIssuer(t.config.publicUrl)
      .setAudience('basisscan').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(key);
    // A web session, signed out: its cookie is still within its lifetime but ended on the server.
    const session = await t.http().post('/auth/session').set('X-Requested-With', 'basisscan').send({ email: DEMO.beheerder, password: DEMO_PASSWORD }).expect(200);
    const setCookie = ([] as string[]).concat(session.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${cookieName}=`));
    endedSession = decodeURIComponent(setCookie!.slice(cookieName.length + 1).split(';')[0]);
    await t.http().delete('/auth/session').set('Cookie', `${cookieName}=${encodeURIComponent(endedSession)}`).expect(204);

    // The cells: signed-out callers per route (on a real object where the route names one), roles per relation.
    for (const route of routes) {
      const probe = probeOf(route);
      if (!probe) continue; // Fails the first test below (and the access spec): every route needs a probe.
      for (const caller of SIGNED_OUT) {
        // The opdrachtgever's own object: a real one, so the refusal is not just for an unknown id.
        const id = probe.target ? targetsFor(probe.target, 'opdrachtgever')[0].id : undefined;
        cells.push({ route, probe, caller, id, expected: expectedOutcome(route, probe, caller) });
      }
      for (const role of ROLES) {
        if (!probe.target) {
          cells.push({ route, probe, caller: role, expected: expectedOutcome(route, probe, role) });
          continue;
        }
        for (const { relation, object, id } of targetsFor(probe.target, role)) {
          cells.push({ route, probe, caller: role, relation, object, id, expected: expectedOutcome(route, probe, role, relation) });
        }
      }
    }

    // Refused cells first, between two pictures of the data; then the served ones, which may change things.
    const started = Date.now();
    const run = async (cell: Cell) => {
      const res = await call(cell);
      cell.status = res.status;
      cell.body = res.body as Record<string, unknown>;
    };
    refusedStateBefore = await state();
    for (const cell of cells.filter((c) => c.expected !== 'served')) await run(cell);
    refusedStateAfter = await state();
    for (const cell of cells.filter((c) => c.expected === 'served')) await run(cell);
    elapsedMs = Date.now() - started;

    // What each cell got, in the policy's terms; a refused id must be answered as a missing one.
    const missing = new Map(cells.filter((c) => c.relation === 'missing').map((c) => [`${keyOf(c.route)} ${c.caller}`, c]));
    for (const cell of cells) cell.actual = actualOf(cell, missing.get(`${keyOf(cell.route)} ${cell.caller}`));
  }, 180_000);
  afterAll(() => t?.destroy());

  function actualOf(cell: Cell, missing?: Cell): string {
    const status = cell.status!;
    const body = cell.body ?? {};
    const served = cell.probe.served ?? ((s: number) => s >= 200 && s < 300);
    if (cell.expected === 'served' && served(status)) return 'served';
    switch (status) {
      case 401: {
        const expectedCode = isRole(cell.caller) ? undefined : SIGNED_OUT_CODE[cell.caller];
        return body.code === expectedCode ? '401' : `401 (${String(body.code)})`;
      }
      case 403:
        return body.code === 'FORBIDDEN' ? '403' : `403 (${String(body.code)})`;
      case 404:
        if (cell.relation && missing && JSON.stringify(withoutTrace(body)) !== JSON.stringify(withoutTrace(missing.body ?? {}))) {
          return `404 (answer differs from a missing id: ${JSON.stringify(withoutTrace(body))})`;
        }
        return '404';
      case 400:
        return '400';
    }
    return served(status) ? 'served' : `${status} (${String(body.code ?? '')})`;
  }

  it('has a cell for every route, every principal and every relation each role has', () => {
    const keys = new Set(cells.map((c) => keyOf(c.route)));
    expect(routes.map(keyOf).filter((k) => !keys.has(k))).toEqual([]);
    for (const route of routes.filter((r) => probeOf(r)?.target)) {
      for (const role of ROLES) {
        const relations = cells.filter((c) => c.route === route && c.caller === role).map((c) => c.relation);
        // Every role meets a missing and a malformed id, and an object of another organisation.
        expect([keyOf(route), role, relations]).toEqual([keyOf(route), role, expect.arrayContaining(['other-org', 'missing', 'malformed'])]);
      }
    }
    // Every id-naming route gets, somewhere, a granted id (else its relations are untested).
    const neverGranted = routes.filter((r) => probeOf(r)?.target && !r.isPublic && !r.variant && !cells.some((c) => c.route === r && c.relation && c.expected === 'served'));
    expect(neverGranted.map(keyOf)).toEqual([]);
    expect(cells.every((c) => c.status !== undefined)).toBe(true);
  });

  it('answers every cell as the policy table says (a refused id exactly as a missing one)', () => {
    const differing = cells.filter((c) => c.actual !== c.expected);
    const line = (c: Cell) => `  ${keyOf(c.route).padEnd(36)} ${c.caller.padEnd(14)} ${(c.relation ? `${c.relation}${c.object ? ` (${c.object})` : ''}` : '').padEnd(32)} expected ${c.expected.padEnd(7)} actual ${c.actual} [HTTP ${c.status}]`;
    if (differing.length > 0) {
      throw new Error(`${differing.length} of ${cells.length} cells of the authorisation matrix differ from the policy:\n${differing.map(line).join('\n')}`);
    }
    // MATRIX_STATS=1 prints the size and cost of the matrix.
    if (process.env.MATRIX_STATS) console.log(`authorisation matrix: ${cells.length} cells in ${elapsedMs} ms`);
  });

  it('lists exactly the cases the policy lets each role read', async () => {
    const fixtures = new Map(Object.entries(ids.case).map(([name, id]) => [id, name]));
    for (const role of ROLES) {
      const grants = POLICY['case.read'][role];
      const res = await t.http().get('/cases').set(bearer(tokens[role]));
      const listed = res.status === 200 ? (res.body as { id: string }[]).map((c) => fixtures.get(c.id)).filter(Boolean).sort() : res.status;
      const readable = grants ? (Object.keys(CASE_RELATION[role]) as CaseName[]).filter((name) => grants.includes(CASE_RELATION[role][name])).sort() : 403;
      // The candidate's way to its case is its session, not a list.
      expect([role, listed]).toEqual([role, role === 'kandidaat' ? [] : readable]);
    }
  });

  it('changes nothing in any cell it refuses', () => {
    expect(refusedStateAfter).toEqual(refusedStateBefore);
  });

  it(`matches docs/authorisation-matrix.md (regenerate with ${UPDATE_COMMAND})`, () => {
    const markdown = renderMatrix(routes, cells);
    if (process.env.UPDATE_MATRIX === '1') {
      if (cells.some((c) => c.actual !== c.expected)) throw new Error('Not writing the matrix: the service differs from the policy (see the other test).');
      fs.writeFileSync(DOC, markdown);
      return;
    }
    const committed = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
    if (committed !== markdown) {
      const before = new Set(committed.split('\n'));
      const after = new Set(markdown.split('\n'));
      const changes = [...committed.split('\n').filter((l) => !after.has(l)).map((l) => `- ${l}`), ...markdown.split('\n').filter((l) => !before.has(l)).map((l) => `+ ${l}`)];
      throw new Error(
        `docs/authorisation-matrix.md does not match what the service answers. If the change of access is intended, ` +
          `regenerate it with\n  ${UPDATE_COMMAND}\nand have the diff reviewed. Changed lines:\n${changes.slice(0, 60).join('\n')}`,
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The human-readable artefact.
// ---------------------------------------------------------------------------------------------

function display(cell: Cell): string {
  if (cell.actual === 'served') return String(cell.status);
  if (cell.actual === '404') return '404 (=onbekend)';
  return cell.actual ?? '?';
}

/** A role's answers on one route: one status, or the statuses per relation with the unknown id's answer as "else". */
function roleCell(cells: Cell[]): string {
  const labels = cells.map(display);
  if (new Set(labels).size === 1) return labels[0];
  const otherwise = display(cells.find((c) => c.relation === 'missing')!);
  const groups = new Map<string, Set<Relation>>();
  for (const cell of cells) {
    const label = display(cell);
    if (label !== otherwise) groups.set(label, (groups.get(label) ?? new Set()).add(cell.relation!));
  }
  const inOrder = (relations: Set<Relation>) => RELATIONS.filter((r) => relations.has(r)).join(', ');
  return [...[...groups].map(([label, relations]) => `${label}: ${inOrder(relations)}`), `else ${otherwise}`].join('<br>');
}

function renderMatrix(routes: MatrixRoute[], cells: Cell[]): string {
  const header = [
    '# Authorisation matrix',
    '',
    '<!-- Generated by test/e2e/authorisation-matrix.e2e-spec.ts; do not edit by hand. -->',
    '',
    'What the service answers, per route, to each kind of caller. The test that writes this file calls every route',
    'as every caller and compares each answer with the policy table in the test, which is written from the product\'s',
    'rules, not read from the code. A change of who may do what therefore shows up here as a diff to review;',
    `regenerate with \`${UPDATE_COMMAND}\`.`,
    '',
    '**Callers.** *Signed out*: anonymous (no credentials), an expired bearer token, a session cookie after',
    'sign-out, and the token of that signed-out session sent as `Authorization: Bearer`; one cell when all four get',
    'the same answer. Then one signed-in account per role; the screener',
    'belongs to a screening bureau, the candidate (kandidaat) holds the token of its invitation to one case.',
    '',
    '**Relations.** For a route that names an object (`:id`, `:reportId`, `:code`), a role is asked for objects in',
    'each relation to it that exists for the role (a report, and its verification code, follows its case):',
    '',
    ...RELATIONS.map((r) => `- **${r}**: ${RELATION_DOC[r]}`),
    '',
    '**Answers.** `401`: not signed in (or no longer). `403`: the role lacks the permission. `404 (=onbekend)`: the role',
    'has the permission but not for this object; the answer is identical, apart from its trace id, to that for an id',
    'that does not exist, so a caller cannot tell another organisation\'s object from none. Any other status is the',
    'route\'s own answer past the access checks (for example `409`: the workflow does not allow it in the case\'s',
    'phase; `400`: a verification code that cannot be one). In a cell listing relations, *else* is the answer for',
    'every other relation, which is also the answer for an unknown id. Public routes answer the matrix\'s request',
    'the same for every caller: `401` to an unknown invitation code, `403` to a cookie sign-in without the web',
    'application\'s header, `404` for OIDC sign-in while it is not configured.',
    '',
    '**Variants.** A route marked `[roles]` is the same route called another way: `PATCH /users/:id [roles]` asks',
    'for `beheerder`, `opdrachtgever` and `auditor` at once, as a beheerder giving itself case access would; its',
    'own account answers `409 (OWN_ROLES)` (no one changes their own roles) and a colleague\'s `422` (beheerder and',
    'auditor never go to one person). Nothing changes in either case.',
    '',
  ];
  const columns = ['Route', 'Permission', 'Signed out', ...ROLES];
  const rows = routes.map((route) => {
    const mine = cells.filter((c) => c.route === route);
    const signedOut = SIGNED_OUT.map((caller) => display(mine.find((c) => c.caller === caller)!));
    const signedOutCell = new Set(signedOut).size === 1 ? signedOut[0] : SIGNED_OUT.map((caller, i) => `${caller}: ${signedOut[i]}`).join('<br>');
    const permission = route.isPublic ? 'public' : `\`${route.permission}\``;
    return [`\`${keyOf(route)}\``, permission, signedOutCell, ...ROLES.map((role) => roleCell(mine.filter((c) => c.caller === role)))];
  });
  const table = [columns, columns.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  return [...header, ...table, ''].join('\n');
}
