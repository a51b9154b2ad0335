import { QUESTION_ASPECTS, QUESTION_VISIBILITIES, questionnaireTemplate, questionsOf } from '../../src/candidates/questionnaire';
import { QuestionnaireService } from '../../src/candidates/questionnaire.service';
import { restore } from '../../src/cases/cases.service';
import { ReportContentBuilder } from '../../src/reports/report-content';
import { bearer, startTestApp, TestApp } from '../support/test-app';
import { caseFlow, demoRoles, inDays, today } from '../support/cases';
import { completeAnswers } from '../support/questionnaire';

const GRIFFIER_MARKER = 'MARKER-benoembaarheid-9c1e';

describe('questionnaire v2 beside v1', () => {
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
  /** A case invited now; `version` '1' stands for a case that was running when v2 came (its recorded version). */
  async function consented(email: string, version?: '1') {
    const c = await flow().invitedCase({ opdrachtgever: burgemeester, screenerId, email, name: 'Sanne de Boer', plannedAppointmentDate: inDays(40) });
    if (version) await t.dataSource.query('UPDATE cases SET questionnaire_version = $2 WHERE id = $1', [c.id, version]);
    await flow().act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    return c;
  }
  const save = (c: { id: string; candidate: string }, answers: unknown) => t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers });

  it('tags every v2 question with an aspect and a visibility, and asks nothing about memberships, threats or being heard as a suspect', () => {
    const v2 = questionnaireTemplate('2');
    const questions = questionsOf(v2);
    expect(questions.length).toBeGreaterThan(40);
    for (const q of questions) {
      expect(QUESTION_ASPECTS).toContain(q.aspect);
      expect(QUESTION_VISIBILITIES).toContain(q.visibility);
      expect(q.help.length).toBeGreaterThan(0);
      expect(`${q.label} ${q.help} ${(q.fields ?? []).map((f) => f.label).join(' ')}`).not.toMatch(/lidmaatschap|bedreig|intimid|verdachte/i);
    }
    const ids = questions.map((q) => q.id);
    for (const removed of ['uitingen.schadelijk', 'kwetsbaar.bedreigd', 'antecedenten.onderzoek', 'functie.ingangsdatum']) expect(ids).not.toContain(removed);
    for (const added of ['loopbaan.hoofdfunctie', 'nevenfuncties.onverenigbaar', 'gemeente.verboden_handelingen', 'gemeente.procedures', 'gemeente.eigen_woning',
      'giften.ontvangen', 'vertrouwelijk.geheimhouding', 'vertrouwelijk.schending', 'uitingen.sociale_media', 'benoembaarheid.nederlander', 'benoembaarheid.woont_buiten_gemeente']) {
      expect(ids).toContain(added);
    }
    // The benoembaarheid facts go to the griffier only; art. 36b and 41c facts to both.
    expect(questions.filter((q) => q.aspect === 'benoembaarheidsvereisten').every((q) => q.visibility === 'griffier')).toBe(true);
    expect(questions.find((q) => q.id === 'gemeente.verboden_handelingen')).toMatchObject({ aspect: 'verboden_handelingen', visibility: 'both' });
    expect(questions.find((q) => q.id === 'nevenfuncties.lijst')!.fields!.map((f) => f.id)).toEqual(expect.arrayContaining(['qq', 'verwachte_inkomsten']));
    // Sources per theme are in the metadata for maintainers.
    expect(Object.keys(v2.metadata!.sources!).sort()).toEqual(v2.themes.map((th) => th.id).sort());
    expect(v2.themes.every((th) => th.source === undefined)).toBe(true);
  });

  it('runs a v1 case and a v2 case side by side: each validates and completes against its own version', async () => {
    const v1 = await consented('v1@example.nl', '1');
    const v2 = await consented('v2@example.nl');
    const [a, b] = await Promise.all([v1, v2].map((c) => t.http().get(`/cases/${c.id}/questionnaire`).set(bearer(c.candidate)).expect(200)));
    expect(a.body.version).toBe('1');
    expect(b.body.version).toBe('2');
    expect(a.body.themes.map((th: { id: string }) => th.id)).not.toContain('loopbaan');
    expect(b.body.themes.map((th: { id: string }) => th.id)).toContain('loopbaan');
    // The maintainers' sources are never in what the candidate reads, in either version.
    for (const body of [a.body, b.body]) {
      expect(JSON.stringify(body)).not.toMatch(/questionnaire\.md|"source"|"metadata"/);
    }

    // A v1 question is unknown to the v2 case and the other way round.
    expect((await save(v2, { 'kwetsbaar.bedreigd': { value: false } }).expect(422)).body.details[0].field).toBe('answers.kwetsbaar.bedreigd');
    expect((await save(v1, { 'loopbaan.hoofdfunctie': { value: 'Docent' } }).expect(422)).body.details[0].field).toBe('answers.loopbaan.hoofdfunctie');

    // v2's new required text and repeating rows.
    const partial = await save(v2, { 'loopbaan.werkervaring': { value: [{ werkgever: 'Gemeente Elders', functie: 'Beleidsmedewerker', van: '2018-03-01', tot: '2022-06-30' }] } }).expect(200);
    expect(partial.body.missing).toEqual(expect.arrayContaining([{ questionId: 'loopbaan.hoofdfunctie', reason: 'onbeantwoord' }]));
    const incompleteRow = await save(v2, { 'uitingen.sociale_media': { value: [{ platform: 'LinkedIn' }] } }).expect(200);
    expect(incompleteRow.body.missing).toEqual(expect.arrayContaining([{ questionId: 'uitingen.sociale_media', reason: 'lijstregel_onvolledig' }]));
    await save(v2, { 'uitingen.sociale_media': { value: [{ platform: 'LinkedIn', account: 'sanne-de-boer' }] } }).expect(200);

    await save(v1, completeAnswers('1')).expect(200);
    await save(v2, completeAnswers('2')).expect(200);
    for (const c of [v1, v2]) expect((await flow().act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE')).phase).toBe('openbronnenonderzoek');
    expect((await t.http().get(`/cases/${v2.id}/questionnaire`).set(bearer(screener)).expect(200)).body.answers['loopbaan.werkervaring'].value[0].werkgever).toBe('Gemeente Elders');
    expect((await t.http().get(`/cases/${v1.id}/questionnaire`).set(bearer(screener)).expect(200)).body.answers['kwetsbaar.bedreigd']).toEqual({ value: false });
  });

  it("keeps the griffier's benoembaarheid facts out of the screener's view, the risk facts and the report content", async () => {
    const c = await consented('griffier@example.nl');
    await save(c, { ...completeAnswers('2'), 'benoembaarheid.woont_buiten_gemeente': { value: true, explanation: GRIFFIER_MARKER } }).expect(200);
    await flow().act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');

    const own = await t.http().get(`/cases/${c.id}/questionnaire`).set(bearer(c.candidate)).expect(200);
    expect(own.body.answers['benoembaarheid.woont_buiten_gemeente'].explanation).toBe(GRIFFIER_MARKER);

    const seen = await t.http().get(`/cases/${c.id}/questionnaire`).set(bearer(screener)).expect(200);
    expect(JSON.stringify(seen.body)).not.toContain(GRIFFIER_MARKER);
    const shownIds = seen.body.themes.flatMap((th: { questions: { id: string }[] }) => th.questions.map((q) => q.id));
    expect(shownIds.filter((id: string) => id.startsWith('benoembaarheid.'))).toEqual([]);
    expect(shownIds).toEqual(expect.arrayContaining(['functie.portefeuille', 'gemeente.verboden_handelingen', 'nevenfuncties.lijst']));

    // A risk cannot rest on a legal requirement.
    const refused = await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({
      theme: 'overig', description: 'Woont niet in de gemeente', likelihood: 'klein', impact: 'beperkt', facts: { answers: ['benoembaarheid.woont_buiten_gemeente'] }, measures: [],
    }).expect(422);
    expect(refused.body.details[0].field).toBe('facts.answers.0');
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM risks WHERE case_id = $1', [c.id]))[0].n).toBe(0);

    // The service the griffier's checklist (issue 18) reads: the benoembaarheid facts and the 36b/41b/41c ones, nothing else.
    const griffier = await t.app.get(QuestionnaireService).griffierAnswers(t.dataSource.manager, c.id);
    expect(griffier.answers['benoembaarheid.woont_buiten_gemeente'].explanation).toBe(GRIFFIER_MARKER);
    expect(Object.keys(griffier.answers).sort()).toEqual(griffier.questions.filter((q) => griffier.answers[q.id]).map((q) => q.id).sort());
    expect(Object.keys(griffier.answers)).not.toContain('belangen.vastgoed');
    expect(griffier.questions.every((q) => q.visibility === 'griffier' || q.visibility === 'both')).toBe(true);

    // What a report is built from: no benoembaarheid question, no marker; of the risk material only what a risk rests on (report v2).
    await t.http().post(`/cases/${c.id}/sources`).set(bearer(screener)).send({ kind: 'kvk_handelsregister', consultedOn: today(), query: 'Naam', found: 'Niets', isFinding: false }).expect(201);
    const career = shownIds.find((id: string) => id.startsWith('loopbaan.'));
    await t.http().post(`/cases/${c.id}/risks`).set(bearer(screener)).send({
      theme: 'overig', description: 'Loopbaan bij een leverancier van de gemeente', likelihood: 'klein', impact: 'beperkt', facts: { answers: [career] }, measures: [],
    }).expect(201);
    const [row] = await t.dataSource.query(
      `SELECT c.id, c.organisation_id, o.name AS organisation_name, c.machine_id, c.machine_version, c.questionnaire_version, c.created_by, c.screener_id, c.created_at, c.snapshot, c.version
         FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1`,
      [c.id],
    );
    const content = await t.app.get(ReportContentBuilder).build(t.dataSource.manager, row, restore(row));
    expect(JSON.stringify(content)).not.toContain(GRIFFIER_MARKER);
    expect(content.questionnaire.themes.flatMap((th) => th.items.map((i) => JSON.stringify(i))).join(' ')).not.toMatch(/Nederlandse nationaliteit|buiten de gemeente/);
    expect(content.questionnaire.themes.map((th) => th.id)).toContain('loopbaan');
  });
});
