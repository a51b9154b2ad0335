import { bearer, startTestApp, TestApp } from '../support/test-app';
import { caseFlow, inDays, demoRoles } from '../support/cases';
import { invitationCode, outbox } from '../support/mail';
import { completeAnswers } from '../support/questionnaire';
import { screenerFile } from '../support/screener';

const CANDIDATE_EMAIL = 'kandidaat@example.nl';

/** A whole case as the four roles would run it, through HTTP only. */
describe('the basisscan from commission to closing, and every exit', () => {
  let t: TestApp;
  let burgemeester: string;
  let screener: string;
  let screenerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ burgemeester, screener, screenerId } = await demoRoles(t));
  });
  afterAll(() => t.destroy());

  const flow = () => caseFlow(t);
  const act = (...args: Parameters<ReturnType<typeof caseFlow>['act']>) => flow().act(...args);
  async function invitedCase(plannedAppointmentDate = inDays(30)) {
    const c = await flow().invitedCase({ opdrachtgever: burgemeester, screenerId, email: CANDIDATE_EMAIL, plannedAppointmentDate });
    expect(c.exchange).toMatchObject({ tokenType: 'Bearer', caseId: c.id, expiresIn: 28800 });
    return c;
  }

  async function untilAdvies(plannedAppointmentDate?: string) {
    const c = await invitedCase(plannedAppointmentDate);
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
    await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    await screenerFile.source(t, screener, c.id);
    await act(screener, c.id, 'COMPLETE_RESEARCH');
    await screenerFile.interview(t, screener, c.id, inDays(0));
    await act(screener, c.id, 'RECORD_INTERVIEW', { date: inDays(0) });
    await screenerFile.draft(t, screener, c.id);
    await act(screener, c.id, 'SUBMIT_DRAFT');
    await screenerFile.response(t, c.candidate, c.id);
    await act(c.candidate, c.id, 'RESPOND_TO_FINDINGS');
    const atAdvies = await act(screener, c.id, 'SUBMIT_FINAL', { conclusion: 'beheersbaar' });
    expect(atAdvies.phase).toBe('advies');
    return c;
  }

  it('runs the happy path, with the VOG rule holding the appointment (not the advice) until a valid VOG is recorded', async () => {
    const c = await invitedCase();
    const [mail] = (await outbox(t)).slice(-1);
    expect(mail.headers).toMatch(/^Subject: .*risicoanalyse integriteit voor de functie van wethouder/m);
    expect(mail.body).toContain('Beste Anna Jansen,');
    expect(mail.body).toMatch(new RegExp(`${t.config.publicUrl}/kandidaat#code=[A-Za-z0-9_-]+`));

    const seen = await t.http().get(`/cases/${c.id}`).set(bearer(c.candidate)).expect(200);
    expect(seen.body.allowedEvents.map((e: { type: string }) => e.type).sort()).toEqual(['GIVE_CONSENT', 'REFUSE_CONSENT', 'WITHDRAW_CANDIDACY']);
    expect(seen.body.guide.waitingFor.actor).toBe('kandidaat');

    await act(burgemeester, c.id, 'VOG_REQUESTED', { date: inDays(0) });
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
    await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    expect((await t.http().get('/tasks').set(bearer(screener)).expect(200)).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: c.id, action: 'COMPLETE_RESEARCH' })]),
    );
    await screenerFile.source(t, screener, c.id);
    await act(screener, c.id, 'COMPLETE_RESEARCH');
    await screenerFile.interview(t, screener, c.id, inDays(0));
    await act(screener, c.id, 'RECORD_INTERVIEW', { date: inDays(0) });
    await screenerFile.draft(t, screener, c.id);
    const draft = await act(screener, c.id, 'SUBMIT_DRAFT');
    expect(draft.guide.nextDeadline.kind).toBe('wederhoor');
    await screenerFile.response(t, c.candidate, c.id);
    await act(c.candidate, c.id, 'RESPOND_TO_FINDINGS');
    await act(screener, c.id, 'SUBMIT_FINAL', { conclusion: 'beheersbaar' });

    // The advice does not wait for Justis; the appointment does.
    const advised = await act(burgemeester, c.id, 'GIVE_ADVICE', { conclusion: 'beheersbaar' });
    expect(advised.phase).toBe('raadInformeren');
    await act(burgemeester, c.id, 'RECORD_COUNCIL_INFORMED', { date: inDays(0) });
    const blocked = await act(burgemeester, c.id, 'RECORD_OUTCOME', { appointed: true, date: inDays(0) }, 409);
    expect(blocked).toMatchObject({ code: 'VOG_NOT_VALID_FOR_APPOINTMENT', details: { reason: 'vog_ontbreekt' } });
    const vog = await act(burgemeester, c.id, 'VOG_ISSUED', { issueDate: inDays(0), reference: 'VOG-2026-001' });
    expect(vog.guide.vog).toMatchObject({ state: 'afgegeven', validForAppointment: true });
    // A future date is refused: the outcome is recorded after the vote.
    await act(burgemeester, c.id, 'RECORD_OUTCOME', { appointed: true, date: inDays(30) }, 422);
    const closed = await act(burgemeester, c.id, 'RECORD_OUTCOME', { appointed: true, date: inDays(0) });
    expect(closed).toMatchObject({ phase: 'afgesloten', allowedEvents: [] });
    expect(closed.guide.nextDeadline.kind).toBe('bewaartermijn');

    const history = await t.dataSource.query('SELECT type, actor FROM case_events WHERE case_id = $1 ORDER BY seq', [c.id]);
    expect(history.map((e: { type: string }) => e.type)).toEqual([
      'COMMISSION', 'ASSIGN_SCREENER', 'INVITE_CANDIDATE', 'VOG_REQUESTED', 'GIVE_CONSENT', 'SUBMIT_QUESTIONNAIRE', 'COMPLETE_RESEARCH',
      'RECORD_INTERVIEW', 'SUBMIT_DRAFT', 'RESPOND_TO_FINDINGS', 'SUBMIT_FINAL', 'GIVE_ADVICE', 'RECORD_COUNCIL_INFORMED', 'VOG_ISSUED', 'RECORD_OUTCOME',
    ]);
    expect(history.find((e: { type: string }) => e.type === 'GIVE_CONSENT').actor).toMatch(/^kandidaat:/);
    expect(history.find((e: { type: string }) => e.type === 'SUBMIT_FINAL').actor).toBe(`screener:${screenerId}`);
  });

  it('warns when the VOG will be too old on the planned appointment date; a deviating advice needs a reason; the date can still move', async () => {
    const c = await untilAdvies(inDays(150));
    await act(burgemeester, c.id, 'VOG_REQUESTED', { date: inDays(-1) });
    const issued = await act(burgemeester, c.id, 'VOG_ISSUED', { issueDate: inDays(0), reference: 'VOG-OUD' }); // 150 days > 3 months
    expect(issued.guide.warnings.map((w: { code: string }) => w.code)).toEqual(['vog_te_oud_op_datum']);
    expect(issued.guide.appointability.status).toBe('nee');
    const deviation = await act(burgemeester, c.id, 'GIVE_ADVICE', { conclusion: 'ernstige_risicos' }, 422);
    expect(deviation.code).toBe('DEVIATION_REASON_REQUIRED');
    const advised = await act(burgemeester, c.id, 'GIVE_ADVICE', { conclusion: 'ernstige_risicos', deviationReason: 'Het dossier laat een onbeheersbaar belang zien.' });
    expect(advised.phase).toBe('raadInformeren');
    // After the advice the date can still move (formations change until the vote), and the VOG is judged anew.
    const moved = await act(burgemeester, c.id, 'CHANGE_APPOINTMENT_DATE', { date: inDays(40) });
    expect(moved.guide.appointability.status).toBe('ja');
  });

  it('sends the case back to the screener for an aanvullend onderzoek and through wederhoor again', async () => {
    const c = await untilAdvies();
    const back = await act(burgemeester, c.id, 'REQUEST_FURTHER_INVESTIGATION', { scope: 'Nader onderzoek naar de aandelen in de bouwonderneming.' });
    expect(back.phase).toBe('aanvullendOnderzoekToestemming');
    expect(back.guide.positiveAdviceBlockers.map((b: { code: string }) => b.code)).toEqual(expect.arrayContaining(['eindbeoordeling', 'wederhoor']));
    expect((await act(c.candidate, c.id, 'CONSENT_TO_FURTHER_INVESTIGATION')).phase).toBe('aanvullendOnderzoek');
    await screenerFile.source(t, screener, c.id);
    await act(screener, c.id, 'COMPLETE_RESEARCH');
    await screenerFile.interview(t, screener, c.id, inDays(0));
    await act(screener, c.id, 'RECORD_INTERVIEW', { date: inDays(0) });
    await screenerFile.draft(t, screener, c.id);
    await act(screener, c.id, 'SUBMIT_DRAFT');
    await act(c.candidate, c.id, 'DECLINE_RESPONSE');
    expect((await act(screener, c.id, 'SUBMIT_FINAL', { conclusion: 'geen_risicos' })).phase).toBe('advies');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM case_notes WHERE case_id = $1 AND kind = 'scope'`, [c.id]);
    expect(n).toBe(1);
  });

  it.each([
    ['the candidate refuses consent', 'kandidaat', 'REFUSE_CONSENT', false, 'toestemming_geweigerd'],
    ['the candidate withdraws consent', 'kandidaat', 'WITHDRAW_CONSENT', true, 'toestemming_ingetrokken'],
    ['the candidate withdraws', 'kandidaat', 'WITHDRAW_CANDIDACY', true, 'kandidaat_teruggetrokken'],
    ['the opdrachtgever withdraws the candidacy', 'opdrachtgever', 'WITHDRAW_CANDIDACY', false, 'kandidaat_teruggetrokken'],
    ['the opdrachtgever stops the case', 'opdrachtgever', 'STOP_CASE', true, 'gestopt'],
  ])('closes the case when %s', async (_name, who, type, afterConsent, outcome) => {
    const c = await invitedCase();
    if (afterConsent) await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    const closed = await act(who === 'kandidaat' ? c.candidate : burgemeester, c.id, type, type === 'STOP_CASE' ? { reason: 'formatie_gewijzigd' } : {});
    expect(closed.phase).toBe('afgesloten');
    const [{ snapshot }] = await t.dataSource.query('SELECT snapshot FROM cases WHERE id = $1', [c.id]);
    expect(snapshot.context.outcome.outcome).toBe(outcome);
    const [retention] = await t.dataSource.query(`SELECT to_char(due_at, 'YYYY-MM-DD') AS due FROM scheduled_jobs WHERE case_id = $1 AND status = 'pending'`, [c.id]);
    expect(retention.due).toBe(inDays(28));
    expect((await t.http().get(`/cases/${c.id}`).set(bearer(burgemeester))).body.allowedEvents).toEqual([]);
  });

  it('keeps a candidate to their own case and their own events', async () => {
    const a = await invitedCase();
    const b = await invitedCase();
    await t.http().get(`/cases/${b.id}`).set(bearer(a.candidate)).expect(404);
    await t.http().post(`/cases/${b.id}/events`).set(bearer(a.candidate)).send({ type: 'GIVE_CONSENT', expectedVersion: 3, consentTextVersion: '3' }).expect(404);
    for (const path of ['/me', '/users', '/tasks']) await t.http().get(path).set(bearer(a.candidate)).expect(403);
    await t.http().post('/cases').set(bearer(a.candidate)).send({ candidate: { name: 'X', email: 'x@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(403);
    const res = await act(a.candidate, a.id, 'STOP_CASE', { reason: 'andere_reden' }, 409);
    expect(res.details.allowedEvents.map((e: { type: string }) => e.type).sort()).toEqual(['GIVE_CONSENT', 'REFUSE_CONSENT', 'WITHDRAW_CANDIDACY']);
  });

  it('accepts an invitation code once, not after it expired, and not after a new invitation replaced it', async () => {
    const c = await invitedCase();
    const reused = await t.http().post('/auth/invitation').send({ code: c.code }).expect(401);
    expect(reused.body).toMatchObject({ code: 'INVALID_INVITATION', message: expect.stringContaining('onbekend, verlopen of al gebruikt') });
    await t.http().post('/auth/invitation').send({ code: 'x'.repeat(32) }).expect(401);
    await t.http().post('/auth/invitation').send({ code: 'kort' }).expect(400);

    await act(burgemeester, c.id, 'INVITE_CANDIDATE');
    await t.http().get(`/cases/${c.id}`).set(bearer(c.candidate)).expect(401); // the old token went with the old invitation
    const fresh = await invitationCode(t, CANDIDATE_EMAIL);
    expect(fresh).not.toBe(c.code);
    await t.dataSource.query(`UPDATE case_invitations SET expires_at = now() - interval '1 minute' WHERE case_id = $1 AND revoked_at IS NULL`, [c.id]);
    await t.http().post('/auth/invitation').send({ code: fresh }).expect(401);
    const [stored] = await t.dataSource.query(`SELECT code_hash FROM case_invitations WHERE case_id = $1 AND revoked_at IS NULL`, [c.id]);
    expect(stored.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.code_hash).not.toContain(fresh);
  });
});
