import { inDays } from '../support/cases';
import { bearer, DEMO, startTestApp, TestApp, withoutTrace } from '../support/test-app';

describe('cases: commission, events, guide and tasks', () => {
  let t: TestApp;
  let burgemeester: string;
  let screener: string;
  let auditor: string;
  let anderdorp: string;
  let screenerId: string;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    [burgemeester, screener, auditor, anderdorp] = await Promise.all([DEMO.burgemeester, DEMO.screener, DEMO.auditor, DEMO.burgemeesterAnderdorp].map((e) => t.login(e)));
    screenerId = (await t.http().get('/me').set(bearer(screener))).body.id;
  });
  afterAll(() => t.destroy());

  const commission = async () =>
    (
      await t.http()
        .post('/cases')
        .set(bearer(burgemeester))
        .send({ office: 'wethouder', candidate: { name: 'Jan de Vries', email: 'Jan.deVries@example.nl' }, plannedAppointmentDate: inDays(60) })
        .expect(201)
    ).body;
  const send = (token: string, id: string, body: Record<string, unknown>) => t.http().post(`/cases/${id}/events`).set(bearer(token)).send(body);
  const eventCount = async (id: string) => (await t.dataSource.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [id]))[0].n as number;

  it('commissions a case and guides the opdrachtgever to the next step', async () => {
    const view = await commission();
    expect(view).toMatchObject({
      office: 'wethouder',
      machine: { id: 'basisscan', version: '2.0.0' },
      phase: 'opdrachtVerleend',
      version: 1,
      screenerId: null,
      candidate: { name: 'Jan de Vries', email: 'jan.devries@example.nl' },
    });
    expect(view.allowedEvents.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['ASSIGN_SCREENER', 'VOG_REQUESTED', 'STOP_CASE']));
    expect(view.allowedEvents.find((e: { type: string }) => e.type === 'ASSIGN_SCREENER').description).toBe('Screener toewijzen');
    expect(view.guide.phase).toEqual({ number: 1, state: 'opdrachtVerleend', title: 'Opdracht verleend' });
    expect(view.guide.now).toContain('De burgemeester heeft de risicoanalyse integriteit van de kandidaat-wethouder in opdracht gegeven');
    expect(view.guide.waitingFor).toEqual({ actor: 'opdrachtgever', description: 'de burgemeester' });
    expect(view.guide.legalReferences).toContain('Gemeentewet art. 170 lid 2');
    expect(view.guide.vog).toMatchObject({ state: 'nietAangevraagd', validForAppointment: false, maxAgeMonths: 3, legalReference: 'Gemeentewet art. 36a lid 2 (te bevestigen)' });
    // The first deadline: the VOG requested within two working days of the commission.
    expect(view.guide.nextDeadline).toMatchObject({ kind: 'vog_aanvraag' });
    expect(view.guide.positiveAdviceBlockers.map((b: { code: string }) => b.code)).toEqual(['toestemming', 'vragenlijst', 'eindbeoordeling', 'wederhoor']);
  });

  it('keeps names out of the snapshot and the events, and encrypts them at rest', async () => {
    const { id } = await commission();
    const [row] = await t.dataSource.query('SELECT snapshot::text AS snapshot FROM cases WHERE id = $1', [id]);
    const events = await t.dataSource.query('SELECT payload::text AS payload, type, actor, payload_digest FROM case_events WHERE case_id = $1', [id]);
    const [subject] = await t.dataSource.query('SELECT name_encrypted, email_encrypted FROM case_subjects WHERE case_id = $1', [id]);
    for (const text of [row.snapshot, ...events.map((e: { payload: string }) => e.payload), subject.name_encrypted, subject.email_encrypted]) {
      expect(text).not.toMatch(/Jan|Vries|example\.nl/i);
    }
    expect(events).toEqual([{ type: 'COMMISSION', actor: expect.stringMatching(/^user:/), payload: expect.any(String), payload_digest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('applies events with optimistic versions, gives the screener the case, and lists tasks', async () => {
    const { id } = await commission();
    const assigned = await send(burgemeester, id, { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId }).expect(200);
    expect(assigned.body).toMatchObject({ phase: 'screenerToegewezen', version: 2, screenerId });
    expect(assigned.body.guide.phases.slice(0, 3).map((p: { status: string }) => p.status)).toEqual(['afgerond', 'huidig', 'volgend']);

    const seen = await t.http().get(`/cases/${id}`).set(bearer(screener)).expect(200);
    expect(seen.body.candidate).toEqual({ name: 'Jan de Vries', email: 'jan.devries@example.nl' });
    expect(seen.body.allowedEvents).toEqual([]);
    expect((await t.http().get('/cases').set(bearer(screener)).expect(200)).body.map((c: { id: string }) => c.id)).toContain(id);

    const tasks = await t.http().get('/tasks').set(bearer(burgemeester)).expect(200);
    expect(tasks.body).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: id, action: 'INVITE_CANDIDATE', description: 'Kandidaat uitnodigen (of opnieuw uitnodigen)' })]));
    expect(tasks.body.filter((task: { caseId: string }) => task.caseId === id).map((task: { action: string }) => task.action)).toEqual(['INVITE_CANDIDATE', 'VOG_REQUESTED']);

    const invited = await send(burgemeester, id, { type: 'INVITE_CANDIDATE', expectedVersion: 2 }).expect(200);
    expect(invited.body.guide.waitingFor).toEqual({ actor: 'kandidaat', description: 'de kandidaat' });
    // The VOG request reminder (two working days) comes before the consent deadline (seven days).
    expect(invited.body.guide.nextDeadline).toMatchObject({ kind: 'vog_aanvraag' });
    const consentDeadline = await t.dataSource.query(`SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due FROM scheduled_jobs WHERE case_id = $1 AND kind = 'toestemming' AND status = 'pending'`, [id]);
    expect(consentDeadline).toEqual([{ due: inDays(7) }]);
  });

  it('answers an event of the wrong role with 409 and the events the caller may send now', async () => {
    const { id } = await commission();
    await send(burgemeester, id, { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId }).expect(200);
    const before = await eventCount(id);
    const res = await send(screener, id, { type: 'INVITE_CANDIDATE', expectedVersion: 2 }).expect(409);
    expect(res.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { allowedEvents: [] } });
    const wrongPhase = await send(burgemeester, id, { type: 'RECORD_COUNCIL_INFORMED', expectedVersion: 2, date: inDays(0) }).expect(409);
    expect(wrongPhase.body.code).toBe('EVENT_NOT_ALLOWED');
    expect(wrongPhase.body.details.allowedEvents.map((e: { type: string }) => e.type)).toContain('INVITE_CANDIDATE');
    expect(wrongPhase.body.message).toContain('U kunt nu: ');
    const system = await send(burgemeester, id, { type: 'RETENTION_EXPIRED', expectedVersion: 2 }).expect(409);
    expect(system.body.code).toBe('EVENT_NOT_ALLOWED');
    await send(auditor, id, { type: 'STOP_CASE', expectedVersion: 2, reason: 'andere_reden' }).expect(403);
    expect(await eventCount(id)).toBe(before);
  });

  it('hides another organisation’s case exactly like a missing one', async () => {
    const { id } = await commission();
    const other = await t.http().get(`/cases/${id}`).set(bearer(anderdorp)).expect(404);
    const missing = await t.http().get('/cases/7f1f6a54-5a7e-4e43-9c1c-2f5b7f8c9d00').set(bearer(anderdorp)).expect(404);
    expect(withoutTrace(other.body)).toEqual(withoutTrace(missing.body));
    const before = await eventCount(id);
    await send(anderdorp, id, { type: 'STOP_CASE', expectedVersion: 1, reason: 'andere_reden' }).expect(404);
    await send(screener, id, { type: 'COMPLETE_RESEARCH', expectedVersion: 1 }).expect(404); // not assigned
    expect(await eventCount(id)).toBe(before);
    expect((await t.http().get('/cases').set(bearer(anderdorp)).expect(200)).body.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('lets exactly one of two concurrent events with the same expectedVersion win', async () => {
    const { id } = await commission();
    const results = await Promise.all([
      send(burgemeester, id, { type: 'VOG_REQUESTED', expectedVersion: 1, date: inDays(0) }),
      send(burgemeester, id, { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('VERSION_CONFLICT');
    expect(await eventCount(id)).toBe(2);
    const [row] = await t.dataSource.query('SELECT version FROM cases WHERE id = $1', [id]);
    expect(row.version).toBe(2);
  });

  it('refuses a stale version with 409 VERSION_CONFLICT', async () => {
    const { id } = await commission();
    await send(burgemeester, id, { type: 'VOG_REQUESTED', expectedVersion: 1, date: inDays(0) }).expect(200);
    const res = await send(burgemeester, id, { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId }).expect(409);
    expect(res.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
  });

  it.each([
    ['a date that does not exist', { type: 'VOG_REQUESTED', expectedVersion: 1, date: '2026-02-30' }, 'date'],
    ['an unknown field', { type: 'VOG_REQUESTED', expectedVersion: 1, date: '2026-03-01', naam: 'Jan' }, 'naam'],
    ['a missing version', { type: 'VOG_REQUESTED', date: '2026-03-01' }, 'expectedVersion'],
    ['an unknown event', { type: 'BENOEM_MAAR', expectedVersion: 1 }, 'type'],
    ['a malformed screener id', { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId: 'x' }, 'screenerId'],
    ['an unknown screener', { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId: '7f1f6a54-5a7e-4e43-9c1c-2f5b7f8c9d00' }, 'screenerId'],
  ])('refuses %s with 422 and writes nothing', async (_name, body, field) => {
    const { id } = await commission();
    const res = await send(burgemeester, id, body).expect(422);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await eventCount(id)).toBe(1);
    expect((await t.dataSource.query('SELECT version FROM cases WHERE id = $1', [id]))[0].version).toBe(1);
  });

  it('refuses a case for another office, with a past date, or from a non-opdrachtgever', async () => {
    await t.http().post('/cases').set(bearer(burgemeester)).send({ office: 'gedeputeerde', candidate: { name: 'X', email: 'x@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(422);
    await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'X', email: 'x@example.nl' }, plannedAppointmentDate: '2020-01-01' }).expect(422);
    await t.http().post('/cases').set(bearer(screener)).send({ candidate: { name: 'X', email: 'x@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(403);
  });

  it('describes the workflows with their states, events and diagram', async () => {
    expect((await t.http().get('/workflows').set(bearer(auditor)).expect(200)).body).toEqual([
      { id: 'basisscan', version: '1.0.0', title: 'Basisscan integriteit en VOG' },
      { id: 'basisscan', version: '2.0.0', title: 'Basisscan integriteit en VOG bij de benoeming' },
    ]);
    const machine = await t.http().get('/workflows/basisscan').set(bearer(auditor)).expect(200);
    expect(machine.body.mermaid).toMatch(/^stateDiagram-v2/);
    expect(machine.body.states.map((s: { key: string }) => s.key)).toEqual(expect.arrayContaining(['advies', 'hoorEnWederhoor', 'afgegeven']));
    expect(machine.body.events).toEqual(expect.arrayContaining([{ type: 'GIVE_ADVICE', actors: ['opdrachtgever'], description: 'Advies geven' }]));
    await t.http().get('/workflows/onbekend').set(bearer(auditor)).expect(404);
  });
});
