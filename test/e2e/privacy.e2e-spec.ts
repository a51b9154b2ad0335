import { caseFlow, inDays, demoRoles } from '../support/cases';
import { completeAnswers } from '../support/questionnaire';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

describe("the candidate's rights, the processing log and the auditor's view of the trail", () => {
  let t: TestApp;
  let burgemeester: string;
  let auditor: string;
  let screenerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ burgemeester, auditor, screenerId } = await demoRoles(t));
  });
  afterAll(() => t.destroy());

  it('gives the candidate all data held about them as JSON, and logs each processing per subject', async () => {
    const { act, invitedCase } = caseFlow(t);
    const c = await invitedCase({ opdrachtgever: burgemeester, screenerId, email: 'inzage@example.nl', name: 'Ingrid Inzage', plannedAppointmentDate: inDays(30) });
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: { ...completeAnswers(), 'overig.toelichting': { value: 'Mijn eigen antwoord' } } }).expect(200);
    await act(burgemeester, c.id, 'VOG_REQUESTED', { date: inDays(0) });

    const exported = await t.http().get(`/cases/${c.id}/export`).set(bearer(c.candidate)).expect(200);
    expect(exported.body).toMatchObject({
      case: { id: c.id, organisation: 'Gemeente Voorbeeldstad', office: 'wethouder', phase: 'vragenlijst' },
      you: { name: 'Ingrid Inzage', email: 'inzage@example.nl' },
      consent: { textVersion: '3' },
      vog: { requestedDate: inDays(0) },
      findings: [],
      wederhoorResponse: null,
    });
    expect(exported.body.questionnaire['overig.toelichting']).toEqual({ value: 'Mijn eigen antwoord' });
    expect(exported.body.processingLog.length).toBeGreaterThan(3);
    await t.http().get(`/cases/${c.id}/export`).set(bearer(burgemeester)).expect(403);
    await t.http().get(`/cases/${c.id}/export`).set(bearer(auditor)).expect(403);

    const log = (await t.http().get(`/cases/${c.id}/processing-log`).set(bearer(auditor)).expect(200)).body;
    const activities = new Set(log.map((l: { activity: { id: string } }) => l.activity.id));
    expect(activities).toEqual(new Set(['screening', 'vog_check']));
    const subjects = new Set(log.map((l: { subject: string }) => l.subject));
    expect(subjects.size).toBe(1);
    const [subject] = subjects as Set<string>;
    expect(subject).toMatch(/^[0-9a-f]{32}$/);
    expect(subject).not.toContain(c.id.replace(/-/g, '').slice(0, 8));
    expect(log.find((l: { operation: string }) => l.operation === 'case.event.VOG_REQUESTED')).toMatchObject({
      activity: { id: 'vog_check', version: 1, name: 'Controle VOG' },
      status: 'ok',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    // The candidate sees their own log; an opdrachtgever's role does not include it (other
    // organisations' auditors get 404: the access matrix covers that).
    expect((await t.http().get(`/cases/${c.id}/processing-log`).set(bearer(c.candidate)).expect(200)).body.length).toBeGreaterThanOrEqual(log.length);
    await t.http().get(`/cases/${c.id}/processing-log`).set(bearer(burgemeester)).expect(403);
  });

  it('passes a W3C trace id on into the processing log', async () => {
    const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const { body } = await t.http().post('/cases').set(bearer(burgemeester)).set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`).send({ candidate: { name: 'T', email: 't@example.nl' }, plannedAppointmentDate: inDays(20) }).expect(201);
    const log = (await t.http().get(`/cases/${body.id}/processing-log`).set(bearer(auditor)).expect(200)).body;
    expect(log[0]).toMatchObject({ operation: 'case.create', traceId });
  });

  it("filters the organisation's audit entries and exports them as CSV", async () => {
    const { body } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'C', email: 'c@example.nl' }, plannedAppointmentDate: inDays(20) }).expect(201);
    const json = await t.http().get(`/audit/entries?case=${body.id}`).set(bearer(auditor)).expect(200);
    expect(json.body.map((e: { action: string }) => e.action)).toEqual(['case.create']);
    const byAction = await t.http().get('/audit/entries?action=auth.login').set(bearer(auditor)).expect(200);
    expect(byAction.body.length).toBeGreaterThan(0);
    expect(byAction.body.every((e: { action: string; organisationId: string }) => e.action === 'auth.login')).toBe(true);
    const csv = await t.http().get(`/audit/entries?case=${body.id}&format=csv`).set(bearer(auditor)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('seq,at,actor,organisationId,action,object,result,traceId,prevHash,hash');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`case:${body.id}`);
    const beheerder = await t.http().get(`/audit/entries?case=${body.id}`).set(bearer(await t.login(DEMO.beheerder))).expect(200);
    expect(beheerder.body).toHaveLength(1);
    // Another organisation's entries exist, and stay out of this auditor's view.
    await t.login(DEMO.burgemeesterAnderdorp);
    const [other] = await t.dataSource.query(`SELECT id FROM organisations WHERE code = 'anderdorp'`);
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM audit_log WHERE organisation_id = $1', [other.id]))[0].n).toBeGreaterThan(0);
    const all = (await t.http().get('/audit/entries').set(bearer(auditor)).expect(200)).body;
    expect(all.filter((e: { organisationId: string }) => e.organisationId === other.id)).toEqual([]);
    await t.http().get('/audit/entries?from=gisteren').set(bearer(auditor)).expect(400);
  });
});
