import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';
import { caseFlow, inDays, today, demoRoles } from '../support/cases';
import { completeAnswers } from '../support/questionnaire';

const MARKER = 'MARKER-9c2d-bouwbedrijf-van-de-zwager';

describe("the screener's file and hoor en wederhoor", () => {
  let t: TestApp;
  let burgemeester: string;
  let screener: string;
  let otherScreener: string;
  let screenerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ burgemeester, screener, screenerId } = await demoRoles(t));
    await t.dataSource.query(
      `INSERT INTO users (organisation_id, email, name, roles, password_hash)
       SELECT organisation_id, 'tweede.screener@integriteitsbureau.nl', 'Tweede screener', '{screener}', password_hash FROM users WHERE email = $1`,
      [DEMO.screener],
    );
    otherScreener = await t.login('tweede.screener@integriteitsbureau.nl');
  });
  afterAll(() => t.destroy());

  const act = (...args: Parameters<ReturnType<typeof caseFlow>['act']>) => caseFlow(t).act(...args);
  async function atResearch(email: string) {
    const c = await caseFlow(t).invitedCase({ opdrachtgever: burgemeester, screenerId, email, name: 'Karin Kok', plannedAppointmentDate: inDays(40) });
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
    await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    return c;
  }

  it('runs research, interview, risks and measures, wederhoor and the final assessment, with each step guarded', async () => {
    const c = await atResearch('karin@example.nl');
    expect((await act(screener, c.id, 'COMPLETE_RESEARCH', {}, 422)).code).toBe('RESEARCH_EMPTY');
    const finding = (await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener)).send({ kind: 'kvk_handelsregister', consultedOn: today(), query: 'zoekterm-van-de-screener', found: MARKER, isFinding: true }).expect(201)).body;
    await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener)).send({ kind: 'nieuwsarchief', consultedOn: today(), query: 'naam kandidaat', found: '', isFinding: false }).expect(201);
    await act(screener, c.id, 'COMPLETE_RESEARCH');

    expect((await act(screener, c.id, 'RECORD_INTERVIEW', { date: today() }, 422)).code).toBe('INTERVIEW_NOT_RECORDED');
    await t.http().put(`/cases/${c.id}/interview`).set(bearer(screener)).send({ heldOn: today(), participants: ['screener', 'kandidaat', 'burgemeester'], summaries: [{ theme: 'relaties', summary: 'Zwager heeft een bouwbedrijf.' }] }).expect(200);
    await act(screener, c.id, 'RECORD_INTERVIEW', { date: today() });

    const high = (await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({
      theme: 'relaties', description: `Belang via ${MARKER}`, likelihood: 'groot', impact: 'ernstig', facts: { answers: ['relaties.belangen_in_gemeente'], sources: [finding.id] }, measures: [],
    }).expect(201)).body;
    expect(high).toMatchObject({ level: 'hoog', facts: { sources: [finding.id] } });
    const medium = (await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({
      theme: 'nevenfuncties', description: 'Adviespraktijk', likelihood: 'gemiddeld', impact: 'aanzienlijk', facts: {}, measures: [{ measure: 'Praktijk beëindigen', who: 'kandidaat', byWhen: inDays(30) }],
    }).expect(201)).body;
    expect(medium.level).toBe('midden');
    const badFacts = await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({ theme: 'overig', description: 'x', likelihood: 'klein', impact: 'beperkt', facts: { answers: ['geen.vraag'], sources: ['7f1f6a54-5a7e-4e43-9c1c-2f5b7f8c9d00'] }, measures: [] }).expect(422);
    expect(badFacts.body.details.map((d: { field: string }) => d.field)).toEqual(['facts.answers.0', 'facts.sources.0']);

    expect((await act(screener, c.id, 'SUBMIT_DRAFT', {}, 422)).code).toBe('DRAFT_CONCLUSION_MISSING');
    await t.http().put(`/cases/${c.id}/assessment/draft`).set(bearer(screener)).send({ conclusion: 'beheersbaar', explanation: 'Beheersbaar met maatregelen.' }).expect(200);
    await act(screener, c.id, 'SUBMIT_DRAFT');
    const locked = await t.http().put(`/cases/${c.id}/risks/${high.id}`).set(bearer(screener)).send({ ...high, facts: high.facts, id: undefined, level: undefined, agreements: undefined }).expect(409);
    expect(locked.body.code).toBe('ASSESSMENT_LOCKED');

    // The candidate sees findings and risks, not the screener's search terms or the facts behind them.
    const shared = await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(c.candidate)).expect(200);
    expect(shared.body).toMatchObject({ findings: [{ kind: 'kvk_handelsregister', consultedOn: today(), found: MARKER }], draftConclusion: 'beheersbaar', response: null, open: true });
    expect(shared.body.risks).toHaveLength(2);
    expect(JSON.stringify(shared.body)).not.toContain('zoekterm-van-de-screener');
    expect(shared.body.risks[0].facts).toBeUndefined();
    await t.http().get(`/cases/${c.id}/assessment`).set(bearer(c.candidate)).expect(403);

    expect((await act(c.candidate, c.id, 'RESPOND_TO_FINDINGS', {}, 422)).code).toBe('RESPONSE_MISSING');
    const words = `Mijn zwager werkt niet in de gemeente. ${MARKER} — "letterlijk" overgenomen.`;
    await t.http().put(`/cases/${c.id}/wederhoor/response`).set(bearer(c.candidate)).send({ response: words }).expect(200);
    await act(c.candidate, c.id, 'RESPOND_TO_FINDINGS');
    await t.http().put(`/cases/${c.id}/wederhoor/response`).set(bearer(c.candidate)).send({ response: 'later' }).expect(409);
    expect((await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(screener)).expect(200)).body.response).toBe(words);

    const unmeasured = await act(screener, c.id, 'SUBMIT_FINAL', { conclusion: 'beheersbaar' }, 422);
    expect(unmeasured).toMatchObject({ code: 'HIGH_RISK_WITHOUT_MEASURE', details: { highRisksWithoutMeasure: 1 } });
    await t.http().put(`/cases/${c.id}/risks/${high.id}`).set(bearer(screener)).send({
      theme: 'relaties', description: `Belang via ${MARKER}`, likelihood: 'groot', impact: 'ernstig', facts: { sources: [finding.id] }, measures: [{ measure: 'Portefeuilleverdeling: geen bouwdossiers', who: 'college', byWhen: inDays(40) }],
    }).expect(200);
    expect((await act(screener, c.id, 'SUBMIT_FINAL', { conclusion: 'beheersbaar' })).phase).toBe('advies');

    const file = await t.http().get(`/cases/${c.id}/assessment`).set(bearer(screener)).expect(200);
    expect(file.body.sources).toHaveLength(2);
    expect(file.body.interview).toMatchObject({ heldOn: today(), participants: ['screener', 'kandidaat', 'burgemeester'] });
    expect(file.body.risks.map((r: { level: string; measures: unknown[] }) => [r.level, r.measures.length])).toEqual([['hoog', 1], ['midden', 1]]);
    expect(file.body.draft).toEqual({ conclusion: 'beheersbaar', explanation: 'Beheersbaar met maatregelen.' });

    for (const table of ['research_sources', 'risks', 'interviews', 'assessments', 'wederhoor_responses']) {
      const [{ dump }] = await t.dataSource.query(`SELECT coalesce(string_agg(x::text, ''), '') AS dump FROM ${table} x WHERE case_id = $1`, [c.id]);
      expect([table, dump.includes(MARKER) || dump.includes('zwager')]).toEqual([table, false]);
    }
  });

  it('accepts a hoog risk without a measure when the screener concludes ernstige risico’s or gives the reason', async () => {
    const c = await atResearch('reden@example.nl');
    await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener)).send({ kind: 'internet', consultedOn: today(), query: 'q', found: 'f', isFinding: true }).expect(201);
    await act(screener, c.id, 'COMPLETE_RESEARCH');
    await t.http().put(`/cases/${c.id}/interview`).set(bearer(screener)).send({ heldOn: today(), participants: ['screener'], summaries: [] }).expect(200);
    await act(screener, c.id, 'RECORD_INTERVIEW', { date: today() });
    await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({ theme: 'kwetsbaarheid', description: 'Schuld', likelihood: 'groot', impact: 'aanzienlijk', facts: {}, measures: [] }).expect(201);
    await t.http().put(`/cases/${c.id}/assessment/draft`).set(bearer(screener)).send({ conclusion: 'beheersbaar', explanation: 'x' }).expect(200);
    await act(screener, c.id, 'SUBMIT_DRAFT');
    await act(c.candidate, c.id, 'DECLINE_RESPONSE');
    const final = await act(screener, c.id, 'SUBMIT_FINAL', { conclusion: 'beheersbaar', justification: 'De schuld is na het gesprek aantoonbaar afgelost.' });
    expect(final.phase).toBe('advies');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM case_notes WHERE case_id = $1 AND kind = 'justification'`, [c.id]);
    expect(n).toBe(1);
  });

  it('keeps the file to the assigned screener, and refuses malformed input without storing it', async () => {
    const c = await atResearch('denials@example.nl');
    await t.http().get(`/cases/${c.id}/assessment`).set(bearer(otherScreener)).expect(404);
    await t.http().post(`/cases/${c.id}/sources`).set(bearer(otherScreener)).send({ kind: 'internet', consultedOn: today(), query: 'q', found: 'f', isFinding: false }).expect(404);
    await t.http().get(`/cases/${c.id}/assessment`).set(bearer(burgemeester)).expect(403);
    await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(otherScreener)).expect(404);
    const bad = await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener)).send({ kind: 'telefoonboek', consultedOn: '2026-13-01', query: '', found: 'f', isFinding: 'ja', extra: 1 }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['consultedOn', 'extra', 'isFinding', 'kind', 'query']);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM research_sources WHERE case_id = $1', [c.id]))[0].n).toBe(0);
    const early = await t.http().get(`/cases/${c.id}/wederhoor`).set(bearer(c.candidate)).expect(409);
    expect(early.body.code).toBe('WEDERHOOR_NOT_STARTED');
  });
});
