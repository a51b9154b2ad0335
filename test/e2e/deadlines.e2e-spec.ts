import { JobsService } from '../../src/jobs/jobs.service';
import { inDays } from '../support/cases';
import { bearer, DEMO, sameKeysAs, startTestApp, TestApp } from '../support/test-app';

describe('durable deadlines', () => {
  let first: TestApp;
  let second: TestApp;
  let burgemeester: string;
  let screenerId: string;

  beforeAll(async () => {
    first = await startTestApp({ JOB_POLL_SECONDS: '1' });
    // A second instance of the service on the same database, as when scaled out.
    second = await startTestApp({ ...sameKeysAs(first), SEED_DEMO: 'false', JOB_POLL_SECONDS: '120' });
    burgemeester = await first.login(DEMO.burgemeester);
    [{ id: screenerId }] = await first.dataSource.query('SELECT id FROM users WHERE email = $1', [DEMO.screener]);
  });
  afterAll(async () => {
    await second.destroy();
    await first.destroy();
  });

  const send = (id: string, body: Record<string, unknown>) => first.http().post(`/cases/${id}/events`).set(bearer(burgemeester)).send(body).expect(200);
  const invitedCase = async () => {
    const { body } = await first.http()
      .post('/cases')
      .set(bearer(burgemeester))
      .send({ candidate: { name: 'Kandidaat Termijn', email: 'termijn@example.nl' }, plannedAppointmentDate: inDays(60) })
      .expect(201);
    await send(body.id, { type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId });
    await send(body.id, { type: 'INVITE_CANDIDATE', expectedVersion: 2 });
    return body.id as string;
  };
  const makeDue = (caseId: string, kind: string) =>
    first.dataSource.query(`UPDATE scheduled_jobs SET due_at = now() - interval '1 second' WHERE case_id = $1 AND kind = $2 AND status = 'pending'`, [caseId, kind]);
  const events = (caseId: string, type: string) =>
    first.dataSource.query(`SELECT actor, payload FROM case_events WHERE case_id = $1 AND type = $2`, [caseId, type]);

  it('schedules deadlines as rows, replacing a pending one of the same kind on a resend', async () => {
    const id = await invitedCase();
    await send(id, { type: 'INVITE_CANDIDATE', expectedVersion: 3 });
    const jobs = await first.dataSource.query(`SELECT kind, status FROM scheduled_jobs WHERE case_id = $1 ORDER BY id`, [id]);
    expect(jobs).toEqual([
      { kind: 'vog_waarschuwing', status: 'pending' },
      { kind: 'vog_aanvraag', status: 'pending' },
      { kind: 'toestemming', status: 'cancelled' },
      // Its reminder (issue 17) comes and goes with it.
      { kind: 'herinnering:toestemming', status: 'cancelled' },
      { kind: 'toestemming', status: 'pending' },
      { kind: 'herinnering:toestemming', status: 'pending' },
    ]);
  });

  it('fires a due deadline exactly once when two instances race for it', async () => {
    const id = await invitedCase();
    await makeDue(id, 'toestemming');
    const fired = await Promise.all([first, second, first, second].map((app) => app.app.get(JobsService).runDue()));
    // The first instance's own poller (every second) may win the race too: at most one of all of them fires.
    expect(fired.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    // Waits for the poller when it held the job (on a loaded machine that transaction, with its mail and notices, can take a while).
    const until = Date.now() + 20_000;
    while ((await events(id, 'DEADLINE_PASSED')).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const deadlineEvents = await events(id, 'DEADLINE_PASSED');
    expect(deadlineEvents).toEqual([{ actor: 'system:deadline:toestemming', payload: { deadline: 'toestemming' } }]);
    const view = await first.http().get(`/cases/${id}`).set(bearer(burgemeester)).expect(200);
    expect(view.body.version).toBe(4);
    expect(view.body.phase).toBe('toestemmingGevraagd');
  });

  it('fires from the poller without anyone asking', async () => {
    const id = await invitedCase();
    await makeDue(id, 'vog_waarschuwing');
    const deadline = Date.now() + 15_000;
    while ((await events(id, 'DEADLINE_PASSED')).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await events(id, 'DEADLINE_PASSED')).toEqual([{ actor: 'system:deadline:vog_waarschuwing', payload: { deadline: 'vog_waarschuwing' } }]);
  });

  it('skips a deadline the case has moved past, without an event', async () => {
    const id = await invitedCase();
    await first.dataSource.query(`INSERT INTO scheduled_jobs (case_id, kind, event, due_at) VALUES ($1, 'wederhoor', '{"type":"DEADLINE_PASSED","deadline":"wederhoor"}', now() - interval '1 minute')`, [id]);
    await first.app.get(JobsService).runDue();
    expect((await first.dataSource.query(`SELECT status FROM scheduled_jobs WHERE case_id = $1 AND kind = 'wederhoor'`, [id]))[0].status).toBe('skipped');
    expect(await events(id, 'DEADLINE_PASSED')).toEqual([]);
  });

  it('destroys personal content when the retention period of a closed case ends, keeping the history', async () => {
    const id = await invitedCase();
    await send(id, { type: 'STOP_CASE', expectedVersion: 3, reason: 'formatie_gewijzigd', explanation: 'De coalitie is anders samengesteld.' });
    const [retention] = await first.dataSource.query(`SELECT kind, to_char(due_at, 'YYYY-MM-DD') AS due FROM scheduled_jobs WHERE case_id = $1 AND status = 'pending'`, [id]);
    expect(retention).toEqual({ kind: 'bewaartermijn', due: inDays(28) });
    expect((await first.dataSource.query('SELECT count(*)::int AS n FROM case_notes WHERE case_id = $1', [id]))[0].n).toBe(1);

    await makeDue(id, 'bewaartermijn');
    expect(await first.app.get(JobsService).runDue()).toBeGreaterThanOrEqual(1);
    const view = await first.http().get(`/cases/${id}`).set(bearer(burgemeester)).expect(200);
    expect(view.body).toMatchObject({ phase: 'vernietigd', candidate: null, allowedEvents: [] });
    expect(view.body.guide.phase.title).toBe('Vernietigd');
    for (const table of ['case_subjects', 'case_notes', 'case_keys', 'case_invitations', 'outbox_mail']) {
      expect((await first.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE case_id = $1`, [id]))[0].n).toBe(0);
    }
    const history = await first.dataSource.query('SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq', [id]);
    expect(history.map((e: { type: string }) => e.type)).toEqual(['COMMISSION', 'ASSIGN_SCREENER', 'INVITE_CANDIDATE', 'STOP_CASE', 'RETENTION_EXPIRED']);
  });

  it('refuses to change or delete recorded events', async () => {
    const id = await invitedCase();
    await expect(first.dataSource.query(`UPDATE case_events SET type = 'X' WHERE case_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(first.dataSource.query(`DELETE FROM case_events WHERE case_id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('fails closed on a snapshot of an unknown machine version', async () => {
    const id = await invitedCase();
    await first.dataSource.query(`UPDATE cases SET machine_version = '9.9.9' WHERE id = $1`, [id]);
    const res = await first.http().get(`/cases/${id}`).set(bearer(burgemeester)).expect(500);
    expect(res.body).toMatchObject({ code: 'WORKFLOW_VERSION_UNKNOWN', message: expect.stringContaining('onbekende versie') });
    await first.dataSource.query(`UPDATE cases SET machine_version = '1.0.0', snapshot = jsonb_set(snapshot, '{value,scan}', '"bestaatNiet"') WHERE id = $1`, [id]);
    expect((await first.http().get(`/cases/${id}`).set(bearer(burgemeester)).expect(500)).body.code).toBe('WORKFLOW_STATE_INVALID');
  });
});

describe('retention per organisation and outcome, and the legal hold', () => {
  let t: TestApp;
  let burgemeester: string;
  let beheerder: string;
  let screenerId: string;

  beforeAll(async () => {
    t = await startTestApp({ RETENTION_NOT_APPOINTED_DAYS: '14' });
    burgemeester = await t.login(DEMO.burgemeester);
    beheerder = await t.login(DEMO.beheerder);
    [{ id: screenerId }] = await t.dataSource.query('SELECT id FROM users WHERE email = $1', [DEMO.screener]);
  });
  afterAll(() => t.destroy());

  const closedCase = async (reason = 'formatie_gewijzigd') => {
    const { body } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'Bewaar Termijn', email: 'bewaar@example.nl' }, plannedAppointmentDate: inDays(60) }).expect(201);
    await t.http().post(`/cases/${body.id}/events`).set(bearer(burgemeester)).send({ type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId }).expect(200);
    await t.http().post(`/cases/${body.id}/events`).set(bearer(burgemeester)).send({ type: 'STOP_CASE', expectedVersion: 2, reason }).expect(200);
    return body.id as string;
  };
  const retentionDue = async (id: string) =>
    (await t.dataSource.query(`SELECT to_char(due_at, 'YYYY-MM-DD') AS due FROM scheduled_jobs WHERE case_id = $1 AND kind = 'bewaartermijn' AND status = 'pending'`, [id]))[0]?.due;

  it('takes the retention from configuration, and an organisation’s own setting over it', async () => {
    expect(await retentionDue(await closedCase())).toBe(inDays(14));
    await t.dataSource.query(`UPDATE organisations SET retention_not_appointed_days = 3 WHERE code = 'voorbeeldstad'`);
    try {
      expect(await retentionDue(await closedCase())).toBe(inDays(3));
    } finally {
      await t.dataSource.query(`UPDATE organisations SET retention_not_appointed_days = NULL WHERE code = 'voorbeeldstad'`);
    }
  });

  it('keeps a case under legal hold past its retention, and destroys it once the hold is lifted', async () => {
    const id = await closedCase();
    await t.http().put(`/cases/${id}/legal-hold`).set(bearer(burgemeester)).send({ hold: true }).expect(403);
    expect((await t.http().put(`/cases/${id}/legal-hold`).set(bearer(beheerder)).send({ hold: true }).expect(200)).body).toEqual({ legalHold: true });
    await t.dataSource.query(`UPDATE scheduled_jobs SET due_at = now() - interval '1 second' WHERE case_id = $1 AND kind = 'bewaartermijn'`, [id]);
    await t.app.get(JobsService).runDue();
    expect((await t.http().get(`/cases/${id}`).set(bearer(burgemeester)).expect(200)).body.phase).toBe('afgesloten');
    expect(await retentionDue(id)).toBe(inDays(1));

    await t.http().put(`/cases/${id}/legal-hold`).set(bearer(beheerder)).send({ hold: false }).expect(200);
    await t.dataSource.query(`UPDATE scheduled_jobs SET due_at = now() - interval '1 second' WHERE case_id = $1 AND kind = 'bewaartermijn'`, [id]);
    await t.app.get(JobsService).runDue();
    expect((await t.http().get(`/cases/${id}`).set(bearer(burgemeester)).expect(200)).body.phase).toBe('vernietigd');
    const trail = await t.dataSource.query(`SELECT action FROM audit_log WHERE object = $1 ORDER BY seq`, [`case:${id}`]);
    expect(trail.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['case.legal_hold.set', 'case.legal_hold.lift', 'case.event.RETENTION_EXPIRED']));
    const [line] = await t.dataSource.query(`SELECT activity_id FROM processing_log WHERE case_id = $1 AND operation = 'case.event.RETENTION_EXPIRED'`, [id]);
    expect(line.activity_id).toBe('destruction');
  });
});
