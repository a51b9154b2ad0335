import { restore } from '../../src/cases/cases.service';
import { ReportContentBuilder } from '../../src/reports/report-content';
import { caseFlow, demoRoles, inDays } from '../support/cases';
import { completeAnswers } from '../support/questionnaire';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

const ANSWER_MARKER = 'MARKER-eigen-vraag-71f3';

interface ViewQuestion { id: string; label: string; ownQuestion?: string; aspect?: string; visibility?: string; seenBy?: string }
const questionsIn = (body: { themes: { id: string; questions: ViewQuestion[] }[] }) => body.themes.flatMap((th) => th.questions.map((q) => ({ ...q, themeId: th.id })));

describe('organisation questions (issue 19): the organisation’s own questions in a theme, kept per case', () => {
  let t: TestApp;
  let beheerder: string;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let organisationId: string;
  let otherOrganisationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    beheerder = await t.login(DEMO.beheerder);
    organisationId = (await t.api().get('/me').set(bearer(beheerder)).expect(200)).body.organisation.id;
    [{ id: otherOrganisationId }] = await t.dataSource.query(`SELECT id FROM organisations WHERE code = 'anderdorp'`);
  });
  afterAll(() => t.destroy());

  const question = {
    themeId: 'nevenfuncties',
    type: 'yes_no',
    label: 'Bent u bestuurslid van een vereniging die subsidie krijgt van de gemeente?',
    help: 'Wij vragen dit omdat de gemeente veel verenigingen subsidie geeft. Zeg ja als u nu in het bestuur zit.',
    required: true,
    explanationOnYes: true,
  };
  const add = (body: unknown, token = beheerder, org = organisationId) => t.api().post(`/organisations/${org}/questions`).set(bearer(token)).send(body as object);

  it('is the beheerder’s own: validated in Dutch, audited, another organisation’s ids answer 404, other roles are refused', async () => {
    const before = (await t.api().get(`/organisations/${organisationId}/questions`).set(bearer(beheerder)).expect(200)).body;
    expect(before.marking).toBe('Vraag van de gemeente zelf');
    expect(before.themes.map((th: { id: string }) => th.id)).toContain('nevenfuncties');

    // The shape is checked first (400, as every DTO in the house), then the meaning (422).
    for (const [body, status, code, pattern] of [
      [{ ...question, themeId: 'bestaat_niet' }, 422, 'THEME_UNKNOWN', /Thema is geen thema van de huidige vragenlijst/],
      [{ ...question, type: 'text' }, 422, 'EXPLANATION_ONLY_YES_NO', /Toelichting bij ja kan alleen bij een ja\/nee-vraag/],
      [{ ...question, type: 'list' }, 400, undefined, /Soort antwoord heeft geen toegestane waarde; kies ja\/nee \(yes_no\), tekst \(text\), datum \(date\) of bedrag \(amount\)/],
      [{ ...question, label: 'Ja?' }, 400, undefined, /Vraag is te kort/],
      [{ ...question, extra: 1 }, 400, undefined, /extra/],
    ] as const) {
      const res = await add(body).expect(status);
      if (code) expect(res.body.code).toBe(code);
      expect(res.body.detail ?? JSON.stringify(res.body.details)).toMatch(pattern);
    }
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM organisation_questions'))[0].n).toBe(0);

    await add(question, beheerder, otherOrganisationId).expect(404);
    await t.api().get(`/organisations/${otherOrganisationId}/questions`).set(bearer(beheerder)).expect(404);
    await add(question, roles.burgemeester).expect(403);

    const created = (await add(question).expect(201)).body;
    expect(created).toMatchObject({ ...question, themeTitle: expect.any(String) });
    const [audit] = await t.dataSource.query(`SELECT action FROM audit_log WHERE object = $1`, [`organisation_question:${created.id}`]);
    expect(audit.action).toBe('organisation.question.create');

    // Another organisation's beheerder-less path: its id with our question id answers 404, as does a missing one.
    await t.api().put(`/organisations/${otherOrganisationId}/questions/${created.id}`).set(bearer(beheerder)).send(question).expect(404);
    await t.api().delete(`/organisations/${organisationId}/questions/00000000-0000-4000-8000-000000000000`).set(bearer(beheerder)).expect(404);
    await t.api().delete(`/organisations/${organisationId}/questions/${created.id}`).set(bearer(beheerder)).expect(204);
    expect((await t.api().get(`/organisations/${organisationId}/questions`).set(bearer(beheerder)).expect(200)).body.questions).toEqual([]);
  });

  it('reaches only its own organisation’s candidates, survives later changes for running cases, and its encrypted answer reaches the screener', async () => {
    const own = (await add(question).expect(201)).body;
    const flow = caseFlow(t);
    const c = await flow.invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'eigen-vraag@example.nl', plannedAppointmentDate: inDays(40) });

    // Another organisation's case is commissioned at the same time, without our question.
    const burgemeesterAnderdorp = await t.login(DEMO.burgemeesterAnderdorp);
    const other = (await t.http().post('/cases').set(bearer(burgemeesterAnderdorp)).send({ candidate: { name: 'Piet Anders', email: 'anders@example.nl' }, plannedAppointmentDate: inDays(40) }).expect(201)).body;
    const [otherRow] = await t.dataSource.query('SELECT organisation_questions FROM cases WHERE id = $1', [other.id]);
    expect(otherRow.organisation_questions).toEqual([]);

    // The beheerder changes and removes the question after commissioning, and adds another one.
    await t.api().put(`/organisations/${organisationId}/questions/${own.id}`).set(bearer(beheerder)).send({ ...question, label: 'Een heel andere vraag, later gesteld?' }).expect(200);
    await t.api().delete(`/organisations/${organisationId}/questions/${own.id}`).set(bearer(beheerder)).expect(204);
    await add({ ...question, label: 'Een nieuwe vraag na de opdracht?' }).expect(201);

    await flow.act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    const seen = (await t.http().get(`/cases/${c.id}/questionnaire`).set(bearer(c.candidate)).expect(200)).body;
    const ownQuestions = questionsIn(seen).filter((q) => q.ownQuestion);
    expect(ownQuestions).toHaveLength(1);
    expect(ownQuestions[0]).toMatchObject({ label: question.label, themeId: 'nevenfuncties', ownQuestion: 'Vraag van de gemeente zelf', aspect: 'eigen_keuze_organisatie', visibility: 'screener', seenBy: expect.any(String) });
    const id = ownQuestions[0].id;
    expect(seen.missing).toEqual(expect.arrayContaining([{ questionId: id, reason: 'onbeantwoord' }]));

    // Validated like a template answer.
    const save = (answers: unknown) => t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers });
    expect((await save({ [id]: { value: 'ja' } }).expect(422)).body.details[0].field).toBe(`answers.${id}.value`);
    const saved = (await save({ ...completeAnswers('2'), [id]: { value: true } }).expect(200)).body;
    expect(saved.missing).toEqual([{ questionId: id, reason: 'toelichting_ontbreekt' }]);
    await save({ [id]: { value: true, explanation: ANSWER_MARKER } }).expect(200);

    // Encrypted like the others.
    const [stored] = await t.dataSource.query('SELECT answer_encrypted FROM questionnaire_answers WHERE case_id = $1 AND question_id = $2', [c.id, id]);
    expect(String(stored.answer_encrypted)).not.toContain(ANSWER_MARKER);

    await flow.act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    const screenerView = (await t.http().get(`/cases/${c.id}/questionnaire`).set(bearer(roles.screener)).expect(200)).body;
    expect(screenerView.answers[id].explanation).toBe(ANSWER_MARKER);
    expect(questionsIn(screenerView).find((q) => q.id === id)!.ownQuestion).toBe('Vraag van de gemeente zelf');

    // A risk can rest on it, and the report shows it.
    await t.http().post(`/cases/${c.id}/risks`).set(bearer(roles.screener)).send({
      theme: 'nevenfuncties', description: 'Bestuurslid van een vereniging met subsidie van de gemeente', likelihood: 'klein', impact: 'beperkt', facts: { answers: [id] }, measures: [],
    }).expect(201);
    const [row] = await t.dataSource.query(
      `SELECT c.id, c.organisation_id, o.name AS organisation_name, c.machine_id, c.machine_version, c.questionnaire_version, c.created_by, c.screener_id, c.created_at, c.snapshot, c.version
         FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1`,
      [c.id],
    );
    const content = await t.app.get(ReportContentBuilder).build(t.dataSource.manager, row, restore(row));
    expect(JSON.stringify(content)).toContain(question.label);

    // A case commissioned now gets the organisation's questions as they stand now.
    const later = await flow.invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'later@example.nl', plannedAppointmentDate: inDays(40) });
    const [laterRow] = await t.dataSource.query('SELECT organisation_questions FROM cases WHERE id = $1', [later.id]);
    expect(laterRow.organisation_questions.map((q: { label: string }) => q.label)).toEqual(['Een nieuwe vraag na de opdracht?']);
  });
});
