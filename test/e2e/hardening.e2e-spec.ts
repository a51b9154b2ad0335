import { JobsService } from '../../src/jobs/jobs.service';
import { caseFlow, inDays, today, demoRoles } from '../support/cases';
import { invitationCode } from '../support/mail';
import { completeAnswers } from '../support/questionnaire';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

/** Defects a review found, each pinned by a test. */
describe('hardening', () => {
  let t: TestApp;
  let burgemeester: string;
  let screener: string;
  let auditor: string;
  let screenerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ burgemeester, screener, auditor, screenerId } = await demoRoles(t));
  });
  afterAll(() => t.destroy());

  const started = async (email: string) => {
    const flow = caseFlow(t);
    const c = await flow.invitedCase({ opdrachtgever: burgemeester, screenerId, email });
    await flow.act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
    await flow.act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    return c;
  };

  it('never shows the candidate findings that were not put to them, even after the case closed', async () => {
    const c = await started('gesloten@example.nl');
    await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener)).send({ kind: 'internet', consultedOn: today(), query: 'q', found: 'niet gedeeld', isFinding: true }).expect(201);
    await caseFlow(t).act(burgemeester, c.id, 'STOP_CASE', { reason: 'formatie_gewijzigd' });
    expect((await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(c.candidate)).expect(409)).body.code).toBe('WEDERHOOR_NOT_STARTED');
    const exported = (await t.http().get(`/cases/${c.id}/export`).set(bearer(c.candidate)).expect(200)).body;
    expect(exported.findings).toEqual([]);
    expect(JSON.stringify(exported)).not.toContain('niet gedeeld');
  });

  it("files the screener's reads of a municipality's case under that municipality, for its auditor", async () => {
    const c = await started('bureau@example.nl');
    await t.http().get(`/cases/${c.id}/assessment`).set(bearer(screener)).expect(200);
    const entries = (await t.http().get(`/audit/entries?case=${c.id}`).set(bearer(auditor)).expect(200)).body;
    expect(entries.map((e: { action: string }) => e.action)).toContain('read.assessment');
    expect(entries.find((e: { action: string }) => e.action === 'read.assessment').actor).toBe(`user:${screenerId}`);
  });

  it('keeps the VOG reference out of the events and the snapshot', async () => {
    const { body } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'V', email: 'v@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
    await caseFlow(t).act(burgemeester, body.id, 'VOG_REQUESTED', { date: today() });
    await caseFlow(t).act(burgemeester, body.id, 'VOG_ISSUED', { issueDate: today(), reference: 'JANSEN 1980' });
    const [{ dump }] = await t.dataSource.query(`SELECT (SELECT string_agg(payload::text, '') FROM case_events WHERE case_id = $1) || (SELECT snapshot::text FROM cases WHERE id = $1) AS dump`, [body.id]);
    expect(dump).not.toContain('JANSEN');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM case_notes WHERE case_id = $1 AND kind = 'reference'`, [body.id]))[0].n).toBe(1);
  });

  it('gives a candidate whose session ended a new link after consent, without a new consent deadline', async () => {
    const c = await started('nieuwe-link@example.nl');
    const flow = caseFlow(t);
    await flow.act(burgemeester, c.id, 'INVITE_CANDIDATE');
    await t.http().get(`/cases/${c.id}`).set(bearer(c.candidate)).expect(401);
    const fresh = (await t.http().post('/auth/invitation').send({ code: await invitationCode(t, 'nieuwe-link@example.nl') }).expect(200)).body.accessToken;
    expect((await t.http().get(`/cases/${c.id}`).set(bearer(fresh)).expect(200)).body.phase).toBe('openbronnenonderzoek');
    const pending = await t.dataSource.query(`SELECT kind FROM scheduled_jobs WHERE case_id = $1 AND status = 'pending' ORDER BY kind`, [c.id]);
    expect(pending.map((j: { kind: string }) => j.kind)).not.toContain('toestemming');
    const tasks = (await t.http().get('/tasks').set(bearer(burgemeester)).expect(200)).body.filter((task: { caseId: string }) => task.caseId === c.id);
    expect(tasks.map((task: { action: string }) => task.action)).not.toContain('INVITE_CANDIDATE');
  });

  it('lets one failing due job wait, and runs the others', async () => {
    const { body: broken } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'B', email: 'b@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
    const { body: fine } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'F', email: 'f@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
    await t.dataSource.query(`UPDATE cases SET machine_version = '0.0.0' WHERE id = $1`, [broken.id]);
    await t.dataSource.query(`UPDATE scheduled_jobs SET due_at = now() - interval '2 seconds' WHERE case_id = $1 AND kind = 'vog_waarschuwing'`, [broken.id]);
    await t.dataSource.query(`UPDATE scheduled_jobs SET due_at = now() - interval '1 second' WHERE case_id = $1 AND kind = 'vog_waarschuwing'`, [fine.id]);
    expect(await t.app.get(JobsService).runDue()).toBeGreaterThanOrEqual(1);
    const [failed] = await t.dataSource.query(`SELECT status, attempts, last_error, due_at > now() AS later FROM scheduled_jobs WHERE case_id = $1 AND kind = 'vog_waarschuwing'`, [broken.id]);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, later: true });
    expect(failed.last_error).toBeTruthy();
    expect((await t.dataSource.query(`SELECT status FROM scheduled_jobs WHERE case_id = $1 AND kind = 'vog_waarschuwing'`, [fine.id]))[0].status).toBe('done');
    await t.dataSource.query(`UPDATE cases SET machine_version = '1.0.0' WHERE id = $1`, [broken.id]);
  });

  it('records changes to accounts in the audit trail', async () => {
    const beheerder = await t.login(DEMO.beheerder);
    const { body } = await t.http().post('/users').set(bearer(beheerder)).send({ email: 'audit.account@voorbeeldstad.nl', name: 'A', roles: ['auditor'] }).expect(201);
    await t.http().patch(`/users/${body.id}`).set(bearer(beheerder)).send({ roles: ['auditor', 'opdrachtgever'], password: 'een-nieuw-wachtwoord' }).expect(200);
    const actions = (await t.dataSource.query(`SELECT action FROM audit_log WHERE object = $1 ORDER BY seq`, [`user:${body.id}`])).map((e: { action: string }) => e.action);
    // A role that reads cases, given by the organisation's only beheerder, is flagged for the auditors (#14).
    expect(actions).toEqual(['user.create', 'user.grant.case_access', 'user.grant.case_access', 'user.update.password,roles']);
  });

  it.each([
    ['a case without a candidate', () => t.http().post('/cases').set(bearer(burgemeester)).send({ plannedAppointmentDate: inDays(30) })],
    ['an audit period that does not exist', () => t.http().get('/audit/entries?from=2026-02-30').set(bearer(auditor))],
    ['an audit period in week notation', () => t.http().get('/audit/entries?to=2026-W01-1').set(bearer(auditor))],
  ])('answers %s with 400, not 500', async (_name, send) => {
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('answers a risk without facts with 400, not 500', async () => {
    const c = await started('feiten@example.nl');
    const res = await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({ theme: 'overig', description: 'd', likelihood: 'klein', impact: 'beperkt', measures: [] });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('facts');
  });
});
