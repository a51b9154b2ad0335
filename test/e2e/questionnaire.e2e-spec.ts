import { bearer, startTestApp, TestApp } from '../support/test-app';
import { caseFlow, inDays, demoRoles } from '../support/cases';
import { completeAnswers } from '../support/questionnaire';

const MARKER = 'MARKER-7f3a-geheime-nevenfunctie';

describe('consent and the self-disclosure questionnaire', () => {
  let t: TestApp;
  let burgemeester: string;
  let screener: string;
  let screenerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ burgemeester, screener, screenerId } = await demoRoles(t));
  });
  afterAll(() => t.destroy());

  async function version(id: string, token: string) {
    return (await t.http().get(`/cases/${id}`).set(bearer(token)).expect(200)).body.version as number;
  }
  async function invited(email: string, assign = true) {
    if (assign) return caseFlow(t).invitedCase({ opdrachtgever: burgemeester, screenerId, email, name: 'Piet Pieters', plannedAppointmentDate: inDays(45) });
    const { body } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'Piet Pieters', email }, plannedAppointmentDate: inDays(45) }).expect(201);
    return { id: body.id as string, candidate: '' };
  }
  const consent = async (c: { id: string; candidate: string }) =>
    t.http().post(`/cases/${c.id}/events`).set(bearer(c.candidate)).send({ type: 'GIVE_CONSENT', expectedVersion: await version(c.id, c.candidate), consentTextVersion: '3' }).expect(200);
  const save = (c: { id: string; candidate: string }, answers: unknown) => t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers });
  const submit = async (c: { id: string; candidate: string }, status: number) =>
    t.http().post(`/cases/${c.id}/events`).set(bearer(c.candidate)).send({ type: 'SUBMIT_QUESTIONNAIRE', expectedVersion: await version(c.id, c.candidate) }).expect(status);

  it('shows the candidate the consent text, and records the version and time consent was given to', async () => {
    const c = await invited('consent@example.nl');
    const text = await t.http().get(`/cases/${c.id}/consent`).set(bearer(c.candidate)).expect(200);
    expect(text.body).toMatchObject({ version: '3', title: 'Informatie over de risicoanalyse integriteit en uw toestemming', given: null });
    const all = text.body.sections.map((s: { heading: string; text: string }) => `${s.heading}: ${s.text}`).join('\n');
    for (const expected of [
      'Wie is verantwoordelijk', 'Integriteitsbureau Noord (verwerkersovereenkomst VWO-2026-014)', 'verwerker', 'verwerkersovereenkomst', 'Op welke grond', 'Gemeentewet art. 170 lid 2', 'AVG art. 10',
      'Wat wordt onderzocht', 'Welke bronnen', 'Wie ziet wat', 'griffier', 'Hoe lang', 'Gemeente Voorbeeldstad', 'wethouder', 'Kadaster', '28 dagen',
      'einde van de zittingsperiode van de gemeenteraad', 'rectificatie', 'bezwaar', 'op elk moment intrekken', 'Autoriteit Persoonsgegevens',
    ]) {
      expect(all).toContain(expected);
    }
    expect(all).not.toMatch(/\{\w+\}|48 maanden|tot de gemeenteraad over uw benoeming heeft gestemd/);

    const outdated = await t.http().post(`/cases/${c.id}/events`).set(bearer(c.candidate)).send({ type: 'GIVE_CONSENT', expectedVersion: 3, consentTextVersion: '0' }).expect(422);
    expect(outdated.body).toMatchObject({ code: 'CONSENT_VERSION_OUTDATED', details: { currentVersion: '3' } });
    await consent(c);
    const after = await t.http().get(`/cases/${c.id}/consent`).set(bearer(c.candidate)).expect(200);
    expect(after.body.given).toEqual({ textVersion: '3', at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
  });

  it('saves answers in parts, refuses an incomplete submit with the missing answers, then accepts a complete one', async () => {
    const c = await invited('vragen@example.nl');
    await save(c, { 'nevenfuncties.heeft': { value: true } }).expect(409); // no consent yet
    await consent(c);

    const empty = await t.http().get(`/cases/${c.id}/questionnaire`).set(bearer(c.candidate)).expect(200);
    expect(empty.body).toMatchObject({ version: '2', open: true, answers: {} });
    expect(empty.body.themes.map((th: { title: string }) => th.title)).toEqual([
      'Beoogde functie', 'Loopbaan', 'Nevenfuncties', 'Zaken met de gemeente', 'Financiële belangen', 'Giften en gastvrijheid', 'Financiële positie', 'Fiscale zaken',
      'Justitiële en bestuursrechtelijke antecedenten', 'Relaties en netwerk', 'Omgaan met vertrouwelijke informatie', 'Eerdere integriteitskwesties', 'Publieke uitingen',
      'Kwetsbaarheid en ondermijning', 'Overig', 'Verklaring',
    ]);

    const first = await save(c, {
      'nevenfuncties.heeft': { value: true },
      'nevenfuncties.lijst': { value: [{ organisatie: MARKER, rol: 'Bestuurslid', bezoldigd: false, wil_aanhouden: true }] },
      'belangen.vastgoed': { value: true },
    }).expect(200);
    expect(first.body.answers['nevenfuncties.lijst'].value[0].organisatie).toBe(MARKER);
    expect(first.body.missing).toEqual(expect.arrayContaining([{ questionId: 'belangen.vastgoed', reason: 'toelichting_ontbreekt' }, { questionId: 'verklaring.naar_waarheid', reason: 'onbeantwoord' }]));

    const incomplete = await submit(c, 422);
    expect(incomplete.body.code).toBe('QUESTIONNAIRE_INCOMPLETE');
    expect(incomplete.body.details.missing).toEqual(first.body.missing);
    expect((await t.http().get(`/cases/${c.id}`).set(bearer(c.candidate))).body.phase).toBe('vragenlijst');

    const rest = { ...completeAnswers(), 'nevenfuncties.heeft': { value: true }, 'belangen.vastgoed': { value: true, explanation: 'Een vakantiewoning buiten de gemeente.' } };
    delete (rest as Record<string, unknown>)['nevenfuncties.lijst'];
    const complete = await save(c, rest).expect(200);
    expect(complete.body.missing).toEqual([]);
    const submitted = await submit(c, 200);
    expect(submitted.body.phase).toBe('openbronnenonderzoek');
    const closed = await save(c, { 'overig.toelichting': { value: 'nog iets' } }).expect(409);
    expect(closed.body.code).toBe('QUESTIONNAIRE_CLOSED');

    // The assigned screener reads the disclosure; the opdrachtgever and the auditor do not.
    const read = await t.http().get(`/cases/${c.id}/questionnaire`).set(bearer(screener)).expect(200);
    expect(read.body.answers['belangen.vastgoed'].explanation).toBe('Een vakantiewoning buiten de gemeente.');
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(screener)).send({ answers: {} }).expect(403);
    await t.http().get(`/cases/${c.id}/questionnaire`).set(bearer(burgemeester)).expect(403);
  });

  it('stores answers encrypted with the case key: the marker is nowhere in the rows', async () => {
    const c = await invited('marker@example.nl');
    await consent(c);
    await save(c, { 'overig.toelichting': { value: MARKER }, 'nevenfuncties.lijst': { value: [{ organisatie: MARKER }] } }).expect(200);
    const rows = await t.dataSource.query('SELECT question_id, answer_encrypted FROM questionnaire_answers WHERE case_id = $1', [c.id]);
    expect(rows).toHaveLength(2);
    for (const table of ['questionnaire_answers', 'cases', 'case_events', 'case_keys']) {
      const [{ dump }] = await t.dataSource.query(`SELECT coalesce(string_agg(t::text, ''), '') AS dump FROM ${table} t`);
      expect(dump).not.toContain(MARKER);
    }
  });

  it.each([
    ['an unknown question', { 'bestaat.niet': { value: true } }, 'answers.bestaat.niet'],
    ['a wrong type', { 'nevenfuncties.heeft': { value: 'ja' } }, 'answers.nevenfuncties.heeft.value'],
    ['an extra field', { 'nevenfuncties.heeft': { value: true, bijlage: 'x' } }, 'answers.nevenfuncties.heeft.bijlage'],
    ['a bad date', { 'loopbaan.werkervaring': { value: [{ werkgever: 'A', functie: 'B', van: '2026-02-30' }] } }, 'answers.loopbaan.werkervaring.value.0.van'],
    ['an unknown list field', { 'nevenfuncties.lijst': { value: [{ organisatie: 'A', salaris: 5 }] } }, 'answers.nevenfuncties.lijst.value.0.salaris'],
    ['a negative amount', { 'nevenfuncties.lijst': { value: [{ organisatie: 'A', uren_per_maand: -4 }] } }, 'answers.nevenfuncties.lijst.value.0.uren_per_maand'],
    ['an explanation on a text question', { 'overig.toelichting': { value: 'x', explanation: 'y' } }, 'answers.overig.toelichting.explanation'],
  ])('refuses %s with 422 naming the field, and stores nothing of the request', async (_name, answers, field) => {
    const c = await invited(`fout-${field.length}-${Date.now()}@example.nl`);
    await consent(c);
    const res = await save(c, { 'overig.toelichting': { value: 'geldig' }, ...answers }).expect(422);
    expect(res.body.code).toBe('INVALID_ANSWERS');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM questionnaire_answers WHERE case_id = $1', [c.id]))[0].n).toBe(0);
  });

  it('keeps a candidate out of other cases and an unassigned screener out of the questionnaire', async () => {
    const a = await invited('a@example.nl');
    const b = await invited('b@example.nl');
    await t.http().get(`/cases/${b.id}/questionnaire`).set(bearer(a.candidate)).expect(404);
    await t.http().put(`/cases/${b.id}/questionnaire/answers`).set(bearer(a.candidate)).send({ answers: {} }).expect(404);
    await t.http().get(`/cases/${b.id}/consent`).set(bearer(a.candidate)).expect(404);
    const unassigned = await invited('c@example.nl', false);
    await t.http().get(`/cases/${unassigned.id}/questionnaire`).set(bearer(screener)).expect(404);
  });
});
