import { createPrivateKey, KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { decodeJwt } from 'jose';
import { SessionService } from '../../src/auth/session.service';
import { OutboxService } from '../../src/candidates/outbox.service';
import { caseAtAdvies, caseFlow, inDays, today } from '../support/cases';
import { completeAnswers } from '../support/questionnaire';
import { bearer, binaryBody, DEMO, startTestApp, TestApp } from '../support/test-app';

/** Who calls: nobody, the four official roles, and a candidate (through an invitation). */
export const PRINCIPALS = ['anoniem', 'opdrachtgever', 'screener', 'auditor', 'beheerder', 'griffier', 'kandidaat'] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/** Cases in the phases where the routes do something, and one of another organisation. */
export const CASES = ['nieuw', 'uitgenodigd', 'vragenlijst', 'onderzoek', 'wederhoor', 'advies', 'anderdorp'] as const;
export type CaseName = (typeof CASES)[number];

export interface World {
  t: TestApp;
  port: number;
  /** Bearer tokens; `kandidaat` is the candidate of the `vragenlijst` case. */
  tokens: Record<Exclude<PrincipalName, 'anoniem'>, string>;
  /** The candidate's token per case that has one. */
  candidateOf: Partial<Record<CaseName, string>>;
  cases: Record<CaseName, string>;
  users: { screener: string; beheerder: string; opdrachtgever: string; spare: string[]; otherOrganisation: string };
  organisations: { own: string; screeningsbureau: string; other: string };
  report: { id: string; code: string; pdf: Buffer; otherId: string };
  /** A formation of the demo gemeente (with one candidate) and one of the other gemeente. */
  formations: { own: string; other: string };
  /** The service's token key, to make tokens the service would sign (expired, odd claims). */
  tokenKey: KeyObject;
  oidcIssuer: string;
  /** A session of its own for DELETE /auth/session to end, so the principals' tokens stay usable. */
  sessionToken: string;
  /** A second session per principal, for the route that ends the caller's session (DELETE /auth/session). */
  spareTokens: Record<Exclude<PrincipalName, 'anoniem'>, string>;
}

/** A port nothing listens on: the configured OIDC provider is unreachable, as in an outage. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Lets the mail an accepted request queued go out, so that background work cannot change state later. */
export async function settleOutbox(t: TestApp): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await t.app.get(OutboxService).deliverPending();
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_mail WHERE status IN ('pending', 'sending')`);
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The service with the demo organisation, every role signed in, and real targets: a case in each
 * phase the routes care about (with its candidate signed in through the invitation), spare users
 * to change, a signed report with its PDF and verification code.
 */
export async function buildWorld(): Promise<World> {
  const oidcPort = await closedPort();
  const oidcIssuer = `http://127.0.0.1:${oidcPort}/realms/fuzz`;
  const t = await startTestApp({
    // No deadline or mail job runs by itself during the run: only requests change state.
    JOB_POLL_SECONDS: '120',
    // Failed sign-ins are part of the input; the throttle must not lock the fuzzer out too early.
    LOGIN_MAX_FAILURES: '100',
    // A configured but unreachable provider: the OIDC routes and foreign tokens take their real paths.
    OIDC_ISSUER: oidcIssuer,
    OIDC_JWKS_URL: `http://127.0.0.1:${oidcPort}/jwks`,
    OIDC_AUDIENCE: 'basisscan-fuzz',
    OIDC_CLIENT_ID: 'basisscan-fuzz',
    OIDC_AUTHORIZATION_URL: `http://127.0.0.1:${oidcPort}/authorize`,
    OIDC_TOKEN_URL: `http://127.0.0.1:${oidcPort}/token`,
  });
  const port = (t.app.getHttpServer().address() as net.AddressInfo).port;
  const [opdrachtgever, screener, auditor, beheerder, anderdorp, griffier] = await Promise.all(
    [DEMO.burgemeester, DEMO.screener, DEMO.auditor, DEMO.beheerder, DEMO.burgemeesterAnderdorp, DEMO.griffier].map((email) => t.login(email)),
  );
  const idOf = async (email: string) => ((await t.dataSource.query('SELECT id, organisation_id FROM users WHERE email = $1', [email])) as { id: string; organisation_id: string }[])[0];
  const [screenerRow, beheerderRow, opdrachtgeverRow, anderdorpRow] = await Promise.all([DEMO.screener, DEMO.beheerder, DEMO.burgemeester, DEMO.burgemeesterAnderdorp].map(idOf));
  const spare: string[] = [];
  for (const n of [1, 2, 3]) {
    const res = await t.http().post('/users').set(bearer(beheerder)).send({ email: `reserve-${n}@voorbeeldstad.nl`, name: `Reserve ${n}`, roles: ['auditor'] }).expect(201);
    spare.push(res.body.id);
  }

  const { act, invitedCase } = caseFlow(t);
  const roles = { burgemeester: opdrachtgever, screener, screenerId: screenerRow.id };
  const commission = async (token: string) =>
    (await t.http().post('/cases').set(bearer(token)).send({ candidate: { name: 'Fuzz Kandidaat', email: 'fuzz-nieuw@example.nl' }, plannedAppointmentDate: inDays(60) }).expect(201)).body.id as string;
  const invite = (email: string) => invitedCase({ opdrachtgever, screenerId: screenerRow.id, email, name: 'Fuzz Kandidaat' });

  const nieuw = await commission(opdrachtgever);
  const other = await commission(anderdorp);
  const uitgenodigd = await invite('fuzz-uitgenodigd@example.nl');
  const vragenlijst = await invite('fuzz-vragenlijst@example.nl');
  await act(vragenlijst.candidate, vragenlijst.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
  const onderzoek = await invite('fuzz-onderzoek@example.nl');
  await act(onderzoek.candidate, onderzoek.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
  await t.http().put(`/cases/${onderzoek.id}/questionnaire/answers`).set(bearer(onderzoek.candidate)).send({ answers: completeAnswers() }).expect(200);
  await act(onderzoek.candidate, onderzoek.id, 'SUBMIT_QUESTIONNAIRE');
  await t.http().post(`/cases/${onderzoek.id}/sources`).set(bearer(screener)).send({ kind: 'internet', consultedOn: today(), query: 'Naam in het nieuws', found: 'Niets bijzonders', isFinding: false }).expect(201);
  await t.http().post(`/cases/${onderzoek.id}/risks`).set(bearer(screener))
    .send({ theme: 'overig', description: 'Een klein risico.', likelihood: 'klein', impact: 'beperkt', facts: {}, measures: [] }).expect(201);
  const wederhoor = await caseAtWederhoor(t, { opdrachtgever, screener, screenerId: screenerRow.id });
  const advies = await caseAtAdvies(t, roles, { email: 'fuzz-advies@example.nl', name: 'Fuzz Kandidaat' });
  const report = (await t.http().post(`/cases/${advies.id}/report`).set(bearer(opdrachtgever)).expect(201)).body as { reportId: string };
  const [summary] = (await t.http().get(`/cases/${advies.id}/reports`).set(bearer(opdrachtgever)).expect(200)).body as { verificationCode: string }[];
  const pdf = (await t.http().get(`/reports/${report.reportId}/pdf`).set(bearer(opdrachtgever)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
  // A report row of the other organisation, as destruction leaves it: enough to be a target.
  const [{ id: otherReport }] = await t.dataSource.query(
    `INSERT INTO reports (id, case_id, organisation_id, version, sha256, content_sha256, size_bytes, case_version, content_version, case_phase, verification_code,
                          template_version, signer, signer_certificate_sha256, test_certificate, timestamped, signed_at, created_by, destroyed_at)
     SELECT gen_random_uuid(), c.id, c.organisation_id, 1, repeat('0', 64), repeat('0', 64), 0, 1, 0, 'vernietigd', 'ANDR-DORP-0001',
            '1', 'fuzz', repeat('0', 64), true, false, now(), c.created_by, now()
       FROM cases c WHERE c.id = $1 RETURNING id`,
    [other],
  );
  const formation = async (token: string) =>
    (await t.http().post('/formations').set(bearer(token)).send({ name: 'Fuzz formatie', electionDate: inDays(-10), installationDate: inDays(60), coalitionParties: ['Partij Fuzz'] }).expect(201)).body.id as string;
  const formations = { own: await formation(opdrachtgever), other: await formation(anderdorp) };
  await t.http().post(`/formations/${formations.own}/candidates`).set(bearer(opdrachtgever))
    .send({ candidates: [{ name: 'Fuzz Formatiekandidaat', email: 'fuzz-formatie@example.nl', fractie: 'Partij Fuzz' }] }).expect(201);
  await settleOutbox(t);
  const [own] = await t.dataSource.query(`SELECT o.id FROM organisations o WHERE o.code = 'voorbeeldstad'`);
  const [bureau] = await t.dataSource.query(`SELECT o.id FROM organisations o WHERE o.code = 'integriteitsbureau-noord'`);
  return {
    t,
    port,
    tokens: { opdrachtgever, screener, auditor, beheerder, griffier, kandidaat: vragenlijst.candidate },
    candidateOf: { uitgenodigd: uitgenodigd.candidate, vragenlijst: vragenlijst.candidate, onderzoek: onderzoek.candidate, wederhoor: wederhoor.candidate, advies: advies.candidate },
    cases: { nieuw, uitgenodigd: uitgenodigd.id, vragenlijst: vragenlijst.id, onderzoek: onderzoek.id, wederhoor: wederhoor.id, advies: advies.id, anderdorp: other },
    users: { screener: screenerRow.id, beheerder: beheerderRow.id, opdrachtgever: opdrachtgeverRow.id, spare, otherOrganisation: anderdorpRow.id },
    organisations: { own: own.id, screeningsbureau: bureau.id, other: anderdorpRow.organisation_id },
    report: { id: report.reportId, code: summary.verificationCode, pdf, otherId: otherReport },
    formations,
    tokenKey: createPrivateKey(fs.readFileSync(path.join(t.config.dataDir, 'keys', 'jwt-ed25519.pem'), 'utf8')),
    oidcIssuer,
    sessionToken: (await t.app.get(SessionService).start(opdrachtgeverRow.id)).token,
    spareTokens: await spareSessions(t, { opdrachtgever: opdrachtgeverRow.id, screener: screenerRow.id, auditor: (await idOf(DEMO.auditor)).id, beheerder: beheerderRow.id, griffier: (await idOf(DEMO.griffier)).id }, vragenlijst.candidate),
  };
}

/** A second session of each principal; the candidate's started as its code's exchange starts one. */
async function spareSessions(t: TestApp, userIds: Record<'opdrachtgever' | 'screener' | 'auditor' | 'beheerder' | 'griffier', string>, candidateToken: string): Promise<World['spareTokens']> {
  const sessions = t.app.get(SessionService);
  const start = async (id: string) => (await sessions.start(id)).token;
  const claims = decodeJwt(candidateToken);
  return {
    opdrachtgever: await start(userIds.opdrachtgever),
    screener: await start(userIds.screener),
    auditor: await start(userIds.auditor),
    beheerder: await start(userIds.beheerder),
    griffier: await start(userIds.griffier),
    kandidaat: (await sessions.start(claims.sub!, { scope: claims.scope, case: claims.case }, 3600)).token,
  };
}

/** A case in hoor en wederhoor: the draft submitted, the candidate's response still awaited. */
async function caseAtWederhoor(t: TestApp, { opdrachtgever, screener, screenerId }: { opdrachtgever: string; screener: string; screenerId: string }): Promise<{ id: string; candidate: string }> {
  const { act, invitedCase } = caseFlow(t);
  const c = await invitedCase({ opdrachtgever, screenerId, email: 'fuzz-wederhoor@example.nl', name: 'Fuzz Kandidaat' });
  await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
  await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
  await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
  await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener)).send({ kind: 'kadaster', consultedOn: today(), query: 'Eigendom', found: 'Woning', isFinding: true }).expect(201);
  await act(screener, c.id, 'COMPLETE_RESEARCH');
  await t.http().put(`/cases/${c.id}/interview`).set(bearer(screener)).send({ heldOn: today(), participants: ['screener', 'kandidaat'], summaries: [] }).expect(200);
  await act(screener, c.id, 'RECORD_INTERVIEW', { date: today() });
  await t.http().put(`/cases/${c.id}/assessment/draft`).set(bearer(screener)).send({ conclusion: 'geen_risicos', explanation: 'Geen bijzonderheden.' }).expect(200);
  await act(screener, c.id, 'SUBMIT_DRAFT');
  return c;
}
