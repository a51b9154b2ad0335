import { bearer, binaryBody, DEMO, startTestApp, TestApp } from '../support/test-app';
import { caseAtAdvies, caseFlow, demoRoles } from '../support/cases';
import { runOnPdf } from '../support/tools';

const MARKER = 'MARKER-veiligheid-4d2b-bedreigd';

/** Issue 19: threats asked apart, only on opt-in, for the opdrachtgever's eyes alone, gone with the case. */
describe('the voluntary safety intake', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let beheerder: string;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    beheerder = await t.login(DEMO.beheerder);
  });
  afterAll(() => t.destroy());

  const intake = (token: string, id: string) => t.http().get(`/cases/${id}/safety-intake`).set(bearer(token));
  const save = (token: string, id: string, answers: unknown) => t.http().put(`/cases/${id}/safety-intake`).set(bearer(token)).send({ answers });

  it('is asked only on opt-in, read by the opdrachtgever alone, and appears in no other role\'s JSON, the report, the export, the logs or the tables', async () => {
    const c = await caseAtAdvies(t, roles, { email: 'veilig@example.nl', name: 'Vera Veilig', until: 'eindrapportage' });

    const empty = await intake(c.candidate, c.id).expect(200);
    expect(empty.body).toMatchObject({ optedIn: false, answers: {}, open: true, title: 'Veiligheidsgesprek (vrijwillig)' });
    expect(empty.body.themes[0].questions.map((q: { id: string }) => q.id)).toContain('veiligheid.bedreigd');
    expect(JSON.stringify(empty.body)).not.toContain('metadata');
    // Nothing is kept until the candidate chooses to answer.
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM safety_intakes'))[0].n).toBe(0);

    // Bad input: a Dutch 422 naming the field, nothing written.
    const bad = await save(c.candidate, c.id, { 'veiligheid.bedreigd': { value: 'ja' }, 'kwetsbaar.bedreigd': { value: true } }).expect(422);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['answers.kwetsbaar.bedreigd', 'answers.veiligheid.bedreigd.value']);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM safety_intakes'))[0].n).toBe(0);

    const saved = await save(c.candidate, c.id, { 'veiligheid.bedreigd': { value: true, explanation: MARKER }, 'veiligheid.gesprek': { value: true } }).expect(200);
    expect(saved.body).toMatchObject({ optedIn: true, answers: { 'veiligheid.bedreigd': { value: true, explanation: MARKER } } });

    // The opdrachtgever reads it; the screener, the auditor and the beheerder do not.
    expect((await intake(roles.burgemeester, c.id).expect(200)).body.answers['veiligheid.bedreigd'].explanation).toBe(MARKER);
    for (const token of [roles.screener, roles.auditor, beheerder]) await intake(token, c.id).expect(403);
    await save(roles.burgemeester, c.id, {}).expect(403);

    // A report made now, and every other view of every role: no trace.
    const { act } = caseFlow(t);
    await act(roles.screener, c.id, 'SUBMIT_FINAL', { conclusion: 'beheersbaar' });
    const report = (await t.http().post(`/cases/${c.id}/report`).set(bearer(roles.burgemeester)).expect(201)).body;
    const pdf: Buffer = (await t.http().get(`/reports/${report.reportId}/pdf`).set(bearer(roles.burgemeester)).buffer(true).parse(binaryBody).expect(200)).body;
    const text = runOnPdf('pdftotext', pdf).output;
    expect(text).toContain('Vera Veilig');
    expect(text).not.toContain(MARKER);
    expect(text).not.toMatch(/bedreig|intimid|Veiligheidsgesprek/i);

    const views: [string, string][] = [
      [roles.burgemeester, `/cases/${c.id}`], [roles.burgemeester, `/cases/${c.id}/trail`], [roles.burgemeester, '/cases'], [roles.burgemeester, '/tasks'],
      [roles.burgemeester, `/cases/${c.id}/reports`],
      [roles.screener, `/cases/${c.id}`], [roles.screener, `/cases/${c.id}/questionnaire`], [roles.screener, `/cases/${c.id}/assessment`], [roles.screener, `/cases/${c.id}/wederhoor`],
      [roles.screener, '/tasks'],
      [roles.auditor, `/cases/${c.id}`], [roles.auditor, `/cases/${c.id}/processing-log`], [roles.auditor, '/audit/entries'],
      [beheerder, '/audit/entries'],
      [c.candidate, `/cases/${c.id}/questionnaire`], [c.candidate, `/cases/${c.id}/wederhoor`], [c.candidate, `/cases/${c.id}/export`],
    ];
    for (const [token, url] of views) {
      const res = await t.http().get(url).set(bearer(token));
      expect([url, res.status]).toEqual([url, 200]);
      expect([url, JSON.stringify(res.body).includes(MARKER)]).toEqual([url, false]);
    }
    // Every table, every row, as text: the answers only exist encrypted.
    const tables: { table_name: string }[] = await t.dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    for (const { table_name } of tables) {
      const [{ dump }] = await t.dataSource.query(`SELECT coalesce(string_agg(x::text, ''), '') AS dump FROM "${table_name}" x`);
      expect([table_name, dump.includes(MARKER)]).toEqual([table_name, false]);
    }
    // Its processing is logged as the voluntary activity, without content.
    const log = (await t.http().get(`/cases/${c.id}/processing-log`).set(bearer(roles.auditor)).expect(200)).body;
    expect(log.find((l: { operation: string }) => l.operation === 'safety_intake.save').activity).toMatchObject({ id: 'voluntary', legalBasis: expect.stringContaining('Toestemming') });
    expect(log.find((l: { operation: string }) => l.operation === 'read.safety_intake').activity.id).toBe('voluntary');

    // Withdrawing deletes it at once.
    await t.http().delete(`/cases/${c.id}/safety-intake`).set(bearer(c.candidate)).expect(204);
    expect((await intake(roles.burgemeester, c.id).expect(200)).body).toMatchObject({ optedIn: false, answers: {} });
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM safety_intakes WHERE case_id = $1', [c.id]))[0].n).toBe(0);
    expect(await t.dataSource.query(`SELECT 1 FROM audit_log WHERE action = 'safety_intake.delete' AND object = $1`, [`case:${c.id}`])).toHaveLength(1);
  });

  it('keeps other cases out, and closes with the case', async () => {
    const { act, invitedCase } = caseFlow(t);
    const a = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'veilig-a@example.nl' });
    const b = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'veilig-b@example.nl' });
    await save(a.candidate, b.id, { 'veiligheid.gesprek': { value: true } }).expect(404);
    await intake(a.candidate, b.id).expect(404);
    await save(b.candidate, b.id, { 'veiligheid.gesprek': { value: true } }).expect(200);
    await act(roles.burgemeester, b.id, 'STOP_CASE', { reason: 'formatie_gewijzigd', explanation: 'De coalitie is anders samengesteld.' });
    const closed = await save(b.candidate, b.id, { 'veiligheid.gesprek': { value: false } }).expect(409);
    expect(closed.body.code).toBe('CASE_CLOSED');
    expect((await intake(b.candidate, b.id).expect(200)).body).toMatchObject({ open: false, answers: { 'veiligheid.gesprek': { value: true } } });
  });
});
