import { invitationCode } from '../support/mail';
import { completeAnswers } from '../support/questionnaire';
import { caseFlow, demoRoles, inDays, today } from '../support/cases';
import { bearer, startTestApp, TestApp } from '../support/test-app';

interface Row {
  caseId: string;
  name: string;
  phase: string;
  waitingFor: string | null;
  vog: { light: string; description: string };
  advice: { given: boolean; conclusion: string | null; description: string };
  openMeasures: number | null;
  outcome: { code: string; description: string } | null;
  attention: { rank: number; reasons: string[] };
  plannedAppointmentDate: string;
  benoembaarheid: { status: string };
  plan: { slipping: { step: string } | null } | null;
  portfolio: string | null;
  fractie: string | null;
}

/**
 * A formation of five candidates from creation to installation (issue 18): one withdraws after the
 * advice, one has no valid VOG on the installation date, the installation date moves once; the
 * board shows the right state at each step.
 */
describe('a formation from creation to installation', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
  });
  afterAll(() => t.destroy());

  const board = async (id: string) => (await t.api().get(`/formations/${id}/board`).set(bearer(roles.burgemeester)).expect(200)).body as { formation: { installationDate: string }; rows: Row[] };
  const rowOf = (rows: Row[], name: string) => rows.find((r) => r.name === name)!;

  /** The screener's file, the candidate's answers and wederhoor, the final assessment: as far as the advice. */
  async function toAdvice(caseId: string, email: string, vog: 'issued' | 'refused') {
    const { act } = caseFlow(t);
    const { burgemeester, screener, screenerId } = roles;
    await act(burgemeester, caseId, 'ASSIGN_SCREENER', { screenerId });
    await act(burgemeester, caseId, 'INVITE_CANDIDATE');
    const code = await invitationCode(t, email);
    const candidate = (await t.http().post('/auth/invitation').send({ code }).expect(200)).body.accessToken as string;
    await act(burgemeester, caseId, 'VOG_REQUESTED', { date: inDays(-2) });
    await act(candidate, caseId, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${caseId}/questionnaire/answers`).set(bearer(candidate)).send({ answers: completeAnswers() }).expect(200);
    await act(candidate, caseId, 'SUBMIT_QUESTIONNAIRE');
    await t.http().post(`/cases/${caseId}/sources`).set(bearer(screener)).send({ kind: 'kvk_handelsregister', consultedOn: today(), query: 'Inschrijvingen', found: 'Eenmanszaak', isFinding: true }).expect(201);
    await act(screener, caseId, 'COMPLETE_RESEARCH');
    await t.http().put(`/cases/${caseId}/interview`).set(bearer(screener)).send({ heldOn: today(), participants: ['screener', 'kandidaat'], summaries: [{ theme: 'nevenfuncties', summary: 'Besproken.' }] }).expect(200);
    await act(screener, caseId, 'RECORD_INTERVIEW', { date: today() });
    await t.http().post(`/cases/${caseId}/risks`).set(bearer(screener)).send({
      theme: 'nevenfuncties', description: 'Schijn van belangenverstrengeling.', likelihood: 'gemiddeld', impact: 'aanzienlijk', facts: {},
      measures: [{ measure: 'Adviespraktijk beëindigen', who: 'kandidaat', byWhen: inDays(20) }],
    }).expect(201);
    await t.http().put(`/cases/${caseId}/assessment/draft`).set(bearer(screener)).send({ conclusion: 'beheersbaar', explanation: 'Beheersbaar als de praktijk stopt.' }).expect(200);
    await act(screener, caseId, 'SUBMIT_DRAFT');
    await t.http().put(`/cases/${caseId}/wederhoor/response`).set(bearer(candidate)).send({ response: 'Ik stop met de praktijk.' }).expect(200);
    await act(candidate, caseId, 'RESPOND_TO_FINDINGS');
    await act(screener, caseId, 'SUBMIT_FINAL', { conclusion: 'beheersbaar' });
    if (vog === 'issued') await act(burgemeester, caseId, 'VOG_ISSUED', { issueDate: today(), reference: 'VOG-2026-000777' });
    else {
      await act(burgemeester, caseId, 'VOG_INTENDED_REFUSAL', { date: inDays(-1) });
      await act(burgemeester, caseId, 'VOG_REFUSED', { date: today() });
    }
    await act(burgemeester, caseId, 'GIVE_ADVICE', { conclusion: 'beheersbaar' });
    return candidate;
  }

  it('shows each step on the board, moves the date once, and ends with the raad’s outcomes', async () => {
    const { act } = caseFlow(t);
    const { body: formation } = await t.api().post('/formations').set(bearer(roles.burgemeester)).send({
      name: 'Collegevorming 2026', electionDate: inDays(-14), installationDate: inDays(60), coalitionParties: ['Partij Groen', 'Partij Rood'], formateur: { name: 'Fenna Formateur', email: 'formateur@example.nl' },
    }).expect(201);
    const names = ['Anna Appel', 'Bram Berk', 'Cor Ceder', 'Dirk Den', 'Eva Eik'];
    const email = (name: string) => `${name.split(' ')[0].toLowerCase()}@example.nl`;
    const { body: added } = await t.api().post(`/formations/${formation.id}/candidates`).set(bearer(roles.burgemeester))
      .send({ candidates: names.map((name, i) => ({ name, email: email(name), fractie: i % 2 ? 'Partij Rood' : 'Partij Groen', portfolio: `Portefeuille ${i + 1}` })) })
      .expect(201);
    const id = Object.fromEntries(added.map((n: { name: string; caseId: string }) => [n.name.split(' ')[0], n.caseId])) as Record<string, string>;

    // Just commissioned: the opdrachtgever acts on every case; the VOG is not in yet; no advice.
    let rows = (await board(formation.id)).rows;
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row).toMatchObject({ phase: 'opdrachtVerleend', vog: { light: 'oranje' }, advice: { given: false, description: 'Nog geen advies' }, openMeasures: null, outcome: null, benoembaarheid: { status: 'niet_gecontroleerd' } });
      expect(row.attention).toEqual({ rank: 1, reasons: ['U bent aan zet'] });
      expect(row.waitingFor).toMatch(/burgemeester/i);
    }
    expect(rowOf(rows, 'Bram Berk')).toMatchObject({ fractie: 'Partij Rood', portfolio: 'Portefeuille 2' });

    // Four reach the advice; Cor's VOG is refused.
    await toAdvice(id.Anna, email('Anna'), 'issued');
    await toAdvice(id.Bram, email('Bram'), 'issued');
    await toAdvice(id.Cor, email('Cor'), 'refused');
    await toAdvice(id.Eva, email('Eva'), 'issued');
    rows = (await board(formation.id)).rows;
    expect(rowOf(rows, 'Anna Appel')).toMatchObject({ phase: 'raadInformeren', vog: { light: 'groen' }, advice: { given: true, conclusion: 'beheersbaar', description: "Advies gegeven: Risico's beheersbaar met maatregelen" }, openMeasures: 1 });
    expect(rowOf(rows, 'Cor Ceder')).toMatchObject({ vog: { light: 'rood' }, attention: { rank: 0 } });
    expect(rowOf(rows, 'Cor Ceder').attention.reasons).toContain('Zonder nieuwe VOG niet benoembaar');
    // What needs attention first: the refused VOG on top.
    expect(rows[0].name).toBe('Cor Ceder');

    // Bram withdraws after the advice: closed, at the bottom, with the outcome.
    await act(roles.burgemeester, id.Bram, 'WITHDRAW_CANDIDACY');
    rows = (await board(formation.id)).rows;
    expect(rows[4]).toMatchObject({ name: 'Bram Berk', outcome: { code: 'kandidaat_teruggetrokken', description: 'Kandidaat teruggetrokken' }, attention: { rank: 3, reasons: [] }, waitingFor: null, vog: { light: 'grijs' } });

    // The installation is brought forward to today, once: the four open cases move, Bram's does not.
    const moved = await t.api().patch(`/formations/${formation.id}`).set(bearer(roles.burgemeester)).send({ expectedVersion: formation.version, installationDate: today() }).expect(200);
    expect(moved.body.installationDateMove.moved.sort()).toEqual([id.Anna, id.Cor, id.Dirk, id.Eva].sort());
    expect(moved.body.installationDateMove.unchanged).toEqual([id.Bram]);
    rows = (await board(formation.id)).rows;
    expect(rows.filter((r) => r.name !== 'Bram Berk').every((r) => r.plannedAppointmentDate === today())).toBe(true);
    expect(rowOf(rows, 'Bram Berk').plannedAppointmentDate).toBe(inDays(60));
    // With the vote today, the summary to formateur and fractievoorzitter (not yet sent) no longer fits: the plan says so.
    expect(rowOf(rows, 'Anna Appel').plan?.slipping).toMatchObject({ step: 'samenvatting' });
    expect(rowOf(rows, 'Anna Appel').attention.reasons).toContainEqual(expect.stringMatching(/^Planning schuift: Samenvatting naar formateur en fractievoorzitter/));
    expect(rowOf(rows, 'Bram Berk').plan).toBeNull();

    // The raad votes: Anna and Eva appointed; Cor cannot be, without a valid VOG; Dirk's case is stopped (formation changed).
    await act(roles.burgemeester, id.Anna, 'RECORD_OUTCOME', { appointed: true, date: today() });
    await act(roles.burgemeester, id.Eva, 'RECORD_OUTCOME', { appointed: true, date: today() });
    const refused = await act(roles.burgemeester, id.Cor, 'RECORD_OUTCOME', { appointed: true, date: today() }, 409);
    expect(refused.code).toBe('VOG_NOT_VALID_FOR_APPOINTMENT');
    await act(roles.burgemeester, id.Cor, 'RECORD_NOT_APPOINTABLE', { date: today() });
    await act(roles.burgemeester, id.Dirk, 'STOP_CASE', { reason: 'formatie_gewijzigd' });

    rows = (await board(formation.id)).rows;
    const outcomes = Object.fromEntries(rows.map((r) => [r.name, r.outcome?.code]));
    expect(outcomes).toEqual({ 'Anna Appel': 'benoemd', 'Bram Berk': 'kandidaat_teruggetrokken', 'Cor Ceder': 'niet_benoembaar_vog', 'Dirk Den': 'gestopt', 'Eva Eik': 'benoemd' });
    expect(rows.every((r) => r.attention.rank === 3)).toBe(true);
    const f = await t.api().get(`/formations/${formation.id}`).set(bearer(roles.burgemeester)).expect(200);
    expect(f.body).toMatchObject({ caseCount: 5, openCaseCount: 0 });

    // Every look at the board is in the processing log of each case.
    const reads = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'read.board' AND object = $1`, [`case:${id.Anna}`]);
    expect(reads[0].n).toBe(5);
  }, 120_000);
});
