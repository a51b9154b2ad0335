import { CasesService } from '../../src/cases/cases.service';
import { invitationCode } from '../support/mail';
import { completeAnswers } from '../support/questionnaire';
import { caseFlow, demoRoles, inDays, today } from '../support/cases';
import { bearer, binaryBody, DEMO, startTestApp, TestApp } from '../support/test-app';

/** Words that stand only in the risk analysis's content: none may reach the griffier. */
const MARKER = 'MARKER-RISICO-ZQ7';

/**
 * The griffier (issue 18): the benoembaarheid checklist per candidate, the VOG status and whether
 * the risk analysis was done — and nothing of the analysis's content, in JSON or in the report PDF.
 */
describe('the griffier and the benoembaarheid checklist', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let griffier: string;
  let formationId: string;
  let caseId: string;
  let reportId: string;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    griffier = await t.login(DEMO.griffier);
    const { act } = caseFlow(t);
    const { burgemeester, screener, screenerId } = roles;
    const { body: formation } = await t.api().post('/formations').set(bearer(burgemeester))
      .send({ name: 'Collegevorming 2026', electionDate: inDays(-14), installationDate: inDays(40), coalitionParties: ['Partij Groen'] }).expect(201);
    formationId = formation.id;
    const { body: [nomination] } = await t.api().post(`/formations/${formationId}/candidates`).set(bearer(burgemeester))
      .send({ candidates: [{ name: 'Gert Griffioen', email: 'gert@example.nl', fractie: 'Partij Groen', portfolio: 'Wonen' }] }).expect(201);
    caseId = nomination.caseId;
    // The whole analysis, with the marker in every piece of its content.
    await act(burgemeester, caseId, 'ASSIGN_SCREENER', { screenerId });
    await act(burgemeester, caseId, 'INVITE_CANDIDATE');
    const candidate = (await t.http().post('/auth/invitation').send({ code: await invitationCode(t, 'gert@example.nl') }).expect(200)).body.accessToken as string;
    await act(burgemeester, caseId, 'VOG_REQUESTED', { date: inDays(-2) });
    await act(candidate, caseId, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${caseId}/questionnaire/answers`).set(bearer(candidate)).send({ answers: completeAnswers() }).expect(200);
    await act(candidate, caseId, 'SUBMIT_QUESTIONNAIRE');
    await t.http().post(`/cases/${caseId}/sources`).set(bearer(screener)).send({ kind: 'kvk_handelsregister', consultedOn: today(), query: `Zoekvraag ${MARKER}`, found: `Gevonden ${MARKER}`, isFinding: true }).expect(201);
    await act(screener, caseId, 'COMPLETE_RESEARCH');
    await t.http().put(`/cases/${caseId}/interview`).set(bearer(screener)).send({ heldOn: today(), participants: ['screener', 'kandidaat'], summaries: [{ theme: 'nevenfuncties', summary: `Besproken ${MARKER}` }] }).expect(200);
    await act(screener, caseId, 'RECORD_INTERVIEW', { date: today() });
    await t.http().post(`/cases/${caseId}/risks`).set(bearer(screener)).send({
      theme: 'nevenfuncties', description: `Risico ${MARKER}`, likelihood: 'gemiddeld', impact: 'aanzienlijk', facts: {}, measures: [{ measure: `Maatregel ${MARKER}`, who: 'kandidaat', byWhen: inDays(20) }],
    }).expect(201);
    await t.http().put(`/cases/${caseId}/assessment/draft`).set(bearer(screener)).send({ conclusion: 'beheersbaar', explanation: `Toelichting ${MARKER}` }).expect(200);
    await act(screener, caseId, 'SUBMIT_DRAFT');
    await t.http().put(`/cases/${caseId}/wederhoor/response`).set(bearer(candidate)).send({ response: `Reactie ${MARKER}` }).expect(200);
    await act(candidate, caseId, 'RESPOND_TO_FINDINGS');
    await act(screener, caseId, 'SUBMIT_FINAL', { conclusion: 'beheersbaar' });
    await act(burgemeester, caseId, 'VOG_ISSUED', { issueDate: today(), reference: 'VOG-2026-000900' });
    await act(burgemeester, caseId, 'GIVE_ADVICE', { conclusion: 'beheersbaar' });
    reportId = (await t.http().post(`/cases/${caseId}/report`).set(bearer(burgemeester)).expect(201)).body.reportId;
    // The marker is in the report itself: the opdrachtgever's PDF carries it.
    const pdf = (await t.http().get(`/reports/${reportId}/pdf`).set(bearer(burgemeester)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
    expect(pdf.length).toBeGreaterThan(1000);
  }, 120_000);
  afterAll(() => t.destroy());

  it('shows the griffier the checklist, the VOG status and that the analysis was done', async () => {
    const { body } = await t.api().get(`/cases/${caseId}/benoembaarheid`).set(bearer(griffier)).expect(200);
    expect(body).toMatchObject({ name: 'Gert Griffioen', officeTitle: 'wethouder', closed: false, riskAnalysisDone: true, status: 'open', vog: { state: 'afgegeven', status: 'voldaan', issueDate: today() } });
    expect(body.requirements.map((r: { code: string; legalReference: string; status: string; source: string }) => [r.code, r.legalReference, r.status, r.source])).toEqual([
      ['vereisten_persoon', 'Gemeentewet art. 36a lid 1 (te bevestigen)', 'open', 'griffier'],
      ['vog', 'Gemeentewet art. 36a lid 2 (te bevestigen)', 'voldaan', 'vog'],
      ['onverenigbare_functies', 'Gemeentewet art. 36b (te bevestigen)', 'open', 'griffier'],
      ['nevenfuncties', 'Gemeentewet art. 41b (te bevestigen)', 'open', 'griffier'],
      ['verboden_handelingen', 'Gemeentewet art. 41c (te bevestigen)', 'open', 'griffier'],
    ]);
    // Nothing of the analysis: no conclusion, no advice, no measures, no portfolio or party.
    expect(JSON.stringify(body)).not.toMatch(new RegExp(`${MARKER}|beheersbaar|advice|conclusion|Partij Groen|Wonen`));
  });

  it('records a requirement with a note, who and when; refuses the VOG requirement, an unknown one and bad input, writing nothing', async () => {
    const put = (code: string, body: unknown) => t.api().put(`/cases/${caseId}/benoembaarheid/${code}`).set(bearer(griffier)).send(body as object);
    const checks = () => t.dataSource.query('SELECT requirement, status, note_encrypted FROM benoembaarheid_checks WHERE case_id = $1 ORDER BY requirement', [caseId]);
    const before = JSON.stringify(await checks());
    expect((await put('vog', { status: 'voldaan' }).expect(422)).body.code).toBe('REQUIREMENT_FROM_VOG_TRACK');
    expect((await put('kleur_ogen', { status: 'voldaan' }).expect(422)).body.code).toBe('REQUIREMENT_UNKNOWN');
    await put('vereisten_persoon', { status: 'misschien' }).expect(400);
    await put('vereisten_persoon', { status: 'voldaan', extra: 1 }).expect(400);
    await t.api().put(`/cases/${caseId}/benoembaarheid/vereisten_persoon`).set(bearer(roles.burgemeester)).send({ status: 'voldaan' }).expect(403);
    expect(JSON.stringify(await checks())).toBe(before);

    const { body } = await put('vereisten_persoon', { status: 'voldaan', note: 'Uittreksel BRP gezien; ingezetene sinds 2012.' }).expect(200);
    expect(body.requirements[0]).toMatchObject({ status: 'voldaan', note: 'Uittreksel BRP gezien; ingezetene sinds 2012.', checkedBy: 'Griffier van Voorbeeldstad', checkedAt: expect.any(String) });
    await put('onverenigbare_functies', { status: 'niet_voldaan', note: 'Lid van de provinciale staten; beëindiging nog niet aangetoond.' }).expect(200);
    const rows = await checks();
    expect(rows.map((r: { requirement: string; status: string }) => [r.requirement, r.status])).toEqual([['onverenigbare_functies', 'niet_voldaan'], ['vereisten_persoon', 'voldaan']]);
    for (const r of rows) expect(r.note_encrypted).not.toMatch(/BRP|provinciale/);
    const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE object = $1 AND action LIKE 'benoembaarheid.%' ORDER BY seq`, [`case:${caseId}`]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['benoembaarheid.voldaan', 'benoembaarheid.niet_voldaan']);

    // The opdrachtgever's board shows the outcome of the check; the formation view lists the candidate.
    const board = await t.api().get(`/formations/${formationId}/board`).set(bearer(roles.burgemeester)).expect(200);
    expect(board.body.rows[0].benoembaarheid).toEqual({ status: 'niet_voldaan', description: 'Niet voldaan: Geen onverenigbare functies (of beëindigd vóór de benoeming)' });
    const list = await t.api().get(`/formations/${formationId}/benoembaarheid`).set(bearer(griffier)).expect(200);
    expect(list.body).toMatchObject({ formation: { id: formationId, name: 'Collegevorming 2026' }, candidates: [{ caseId, status: 'niet_voldaan' }] });
    const formations = await t.api().get('/formations').set(bearer(griffier)).expect(200);
    expect(formations.body.map((f: { id: string }) => f.id)).toEqual([formationId]);
  });

  it('reaches nothing of the risk analysis: every other route of the case refuses, and no answer carries the marker', async () => {
    const refusals: [string, string][] = [
      ['get', `/cases/${caseId}`],
      ['get', '/cases'],
      ['get', `/cases/${caseId}/trail`],
      ['get', `/cases/${caseId}/questionnaire`],
      ['get', `/cases/${caseId}/assessment`],
      ['get', `/cases/${caseId}/wederhoor`],
      ['get', `/cases/${caseId}/reports`],
      ['get', `/reports/${reportId}/pdf`],
      ['get', `/formations/${formationId}`],
      ['get', `/formations/${formationId}/board`],
      ['get', `/formations/${formationId}/calendar`],
      ['get', '/tasks'],
    ];
    for (const [method, path] of refusals) {
      const res = await t.api()[method as 'get'](path).set(bearer(griffier)).buffer(true).parse(binaryBody);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body.toString('latin1')).not.toContain(MARKER);
    }
    const reached = [`/cases/${caseId}/benoembaarheid`, `/formations/${formationId}/benoembaarheid`, '/formations', '/me'];
    for (const path of reached) {
      const res = await t.api().get(path).set(bearer(griffier)).expect(200);
      expect(JSON.stringify(res.body)).not.toContain(MARKER);
    }
  });

  it("answers another organisation's case like a missing one, and makes the check final once the raad has voted", async () => {
    const anderdorp = await t.login(DEMO.burgemeesterAnderdorp);
    const { body: other } = await t.http().post('/cases').set(bearer(anderdorp)).send({ candidate: { name: 'Ander Dorp', email: 'ander@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
    const missing = await t.api().get('/cases/00000000-0000-4000-8000-000000000000/benoembaarheid').set(bearer(griffier)).expect(404);
    const foreign = await t.api().get(`/cases/${other.id}/benoembaarheid`).set(bearer(griffier)).expect(404);
    expect({ ...foreign.body, traceId: 0, instance: 0 }).toEqual({ ...missing.body, traceId: 0, instance: 0 });
    await t.api().put(`/cases/${other.id}/benoembaarheid/vereisten_persoon`).set(bearer(griffier)).send({ status: 'voldaan' }).expect(404);

    const { act } = caseFlow(t);
    await act(roles.burgemeester, caseId, 'RECORD_OUTCOME', { appointed: true, date: today() });
    const closed = await t.api().put(`/cases/${caseId}/benoembaarheid/nevenfuncties`).set(bearer(griffier)).send({ status: 'voldaan' }).expect(409);
    expect(closed.body.code).toBe('CASE_CLOSED');
    const view = await t.api().get(`/cases/${caseId}/benoembaarheid`).set(bearer(griffier)).expect(200);
    expect(view.body).toMatchObject({ closed: true, requirements: expect.arrayContaining([expect.objectContaining({ code: 'nevenfuncties', status: 'open' })]) });

    // Destruction at the end of retention takes the nomination and the checks with the candidate's identity.
    await t.dataSource.transaction((tx) => t.app.get(CasesService).applySystemEvent(tx, caseId, { type: 'RETENTION_EXPIRED', at: new Date().toISOString() } as never, 'test'));
    const left = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM case_nominations WHERE case_id = $1) AS nominations, (SELECT count(*)::int FROM benoembaarheid_checks WHERE case_id = $1) AS checks`,
      [caseId],
    );
    expect(left).toEqual([{ nominations: 0, checks: 0 }]);
    const destroyed = await t.api().get(`/cases/${caseId}/benoembaarheid`).set(bearer(griffier)).expect(200);
    expect(destroyed.body).toMatchObject({ name: null, closed: true });
    expect(destroyed.body.requirements.every((r: { note: string | null }) => r.note === null)).toBe(true);
    const board = await t.api().get(`/formations/${formationId}/board`).set(bearer(roles.burgemeester)).expect(200);
    expect(board.body.rows[0]).toMatchObject({ name: null, fractie: null, portfolio: null, reference: expect.stringMatching(/^BS-/) });
  });
});
