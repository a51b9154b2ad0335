import ICAL from 'ical.js';
import { caseFlow, demoRoles, inDays } from '../support/cases';
import { bearer, DEMO, PROBLEM, startTestApp, TestApp } from '../support/test-app';

/** The collegevorming through HTTP on the real engine: a formation, its candidates in one go, the installation date moving every open case. */
describe('formations', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let anderdorp: string;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    anderdorp = await t.login(DEMO.burgemeesterAnderdorp);
  });
  afterAll(() => t.destroy());

  const formation = (overrides: Record<string, unknown> = {}) => ({
    name: 'Collegevorming 2026',
    electionDate: inDays(-10),
    installationDate: inDays(40),
    coalitionParties: ['Partij Groen', 'Partij Rood', 'Lokaal Belang'],
    formateur: { name: 'Fenna Formateur', email: 'Formateur@Example.nl' },
    ...overrides,
  });
  const candidate = (n: number, overrides: Record<string, unknown> = {}) => ({
    name: `Kandidaat ${n}`,
    email: `kandidaat-${n}@example.nl`,
    portfolio: `Portefeuille ${n}`,
    fractie: 'Partij Groen',
    fractievoorzitter: { name: 'Vera Voorzitter', email: 'fractie@example.nl' },
    partyScreening: { done: true, date: inDays(-3) },
    ...overrides,
  });
  /** Everything a refused request must leave as it was. */
  const footprint = async () =>
    JSON.stringify(
      await t.dataSource.query(
        `SELECT (SELECT json_agg(f ORDER BY f.id) FROM formations f) AS formations, (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_nominations) AS nominations,
                (SELECT count(*) FROM case_events) AS events, (SELECT count(*) FROM case_subjects) AS subjects`,
      ),
    );

  async function newFormation(overrides: Record<string, unknown> = {}) {
    return (await t.api().post('/formations').set(bearer(roles.burgemeester)).send(formation(overrides)).expect(201)).body;
  }

  it('creates a formation, keeps the formateur encrypted, and shows it to the opdrachtgever', async () => {
    const created = await newFormation();
    expect(created).toMatchObject({ name: 'Collegevorming 2026', installationDate: inDays(40), coalitionParties: ['Partij Groen', 'Partij Rood', 'Lokaal Belang'], caseCount: 0, version: 1 });
    expect(created.formateur).toEqual({ name: 'Fenna Formateur', email: 'formateur@example.nl' });
    const [row] = await t.dataSource.query('SELECT row_to_json(f)::text AS json FROM formations f WHERE id = $1', [created.id]);
    expect(row.json).not.toMatch(/Fenna|formateur@/i);
    const got = await t.api().get(`/formations/${created.id}`).set(bearer(roles.burgemeester)).expect(200);
    expect(got.body).toEqual(created);
    const list = await t.api().get('/formations').set(bearer(roles.burgemeester)).expect(200);
    expect(list.body.map((f: { id: string }) => f.id)).toContain(created.id);
    // Reading the formateur's identity is audited.
    const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE object = $1 ORDER BY seq`, [`formation:${created.id}`]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['formation.create', 'read.formation']);
  });

  it.each([
    ['an installation date before the election', { installationDate: inDays(-20) }, 'INSTALLATION_BEFORE_ELECTION', 'installationDate'],
    ['an installation date in the past', { electionDate: inDays(-30), installationDate: inDays(-1) }, 'DATE_IN_PAST', 'installationDate'],
    ['a coalition party twice', { coalitionParties: ['Partij Groen', 'partij groen'] }, 'PARTY_TWICE', 'coalitionParties'],
  ])('refuses %s with a Dutch 422 and writes nothing', async (_label, overrides, code, field) => {
    const before = await footprint();
    const res = await t.api().post('/formations').set(bearer(roles.burgemeester)).send(formation(overrides)).expect(422);
    expect(res.body).toMatchObject({ ...PROBLEM, code, details: [{ field }] });
    expect(res.body.message).toMatch(/ligt|staat/);
    expect(await footprint()).toBe(before);
  });

  it('refuses malformed input with 400 and a screener with 403, writing nothing', async () => {
    const before = await footprint();
    const bad = await t.api().post('/formations').set(bearer(roles.burgemeester)).send(formation({ electionDate: '18-03-2026', formateur: { name: 'X', email: 'geen-adres' } })).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['electionDate', 'formateur.email']);
    await t.api().post('/formations').set(bearer(roles.screener)).send(formation()).expect(403);
    expect(await footprint()).toBe(before);
  });

  it('adds several candidates in one go, each a case of the formation on the installation date', async () => {
    const f = await newFormation();
    const res = await t.api().post(`/formations/${f.id}/candidates`).set(bearer(roles.burgemeester))
      .send({ candidates: [candidate(1), candidate(2, { fractie: 'partij rood', portfolio: undefined, fractievoorzitter: undefined, partyScreening: { done: false } }), candidate(3, { fractie: 'Lokaal Belang', partyScreening: undefined })] })
      .expect(201);
    expect(res.body).toHaveLength(3);
    expect(res.body[0]).toMatchObject({ name: 'Kandidaat 1', office: 'wethouder', portfolio: 'Portefeuille 1', fractie: 'Partij Groen', fractievoorzitter: { name: 'Vera Voorzitter', email: 'fractie@example.nl' }, partyScreeningDone: true, partyScreeningDate: inDays(-3) });
    expect(res.body[1]).toMatchObject({ portfolio: null, fractievoorzitter: null, partyScreeningDone: false, partyScreeningDate: null });
    expect(res.body[2]).toMatchObject({ partyScreeningDone: null });
    for (const n of res.body) {
      const c = await t.api().get(`/cases/${n.caseId}`).set(bearer(roles.burgemeester)).expect(200);
      expect(c.body).toMatchObject({ plannedAppointmentDate: inDays(40), phase: 'opdrachtVerleend', version: 1 });
      expect(n.reference).toMatch(/^BS-\d{4}-[0-9A-F]{6}$/);
    }
    const rows = await t.dataSource.query('SELECT c.formation_id, n.details_encrypted FROM cases c JOIN case_nominations n ON n.case_id = c.id WHERE c.formation_id = $1', [f.id]);
    expect(rows).toHaveLength(3);
    // The party is a political opinion (AVG art. 9): stored only encrypted.
    for (const r of rows) expect(r.details_encrypted).not.toMatch(/Partij|Portefeuille|Vera/i);
    const got = await t.api().get(`/formations/${f.id}`).set(bearer(roles.burgemeester)).expect(200);
    expect(got.body).toMatchObject({ caseCount: 3, openCaseCount: 3 });
  });

  it('refuses a candidate twice, a fractie outside the coalition and bad screening dates, writing nothing', async () => {
    const f = await newFormation();
    await t.api().post(`/formations/${f.id}/candidates`).set(bearer(roles.burgemeester)).send({ candidates: [candidate(10)] }).expect(201);
    const before = await footprint();
    const post = (candidates: unknown[]) => t.api().post(`/formations/${f.id}/candidates`).set(bearer(roles.burgemeester)).send({ candidates });

    const inRequest = await post([candidate(11), candidate(12, { email: 'KANDIDAAT-11@example.nl' })]).expect(422);
    expect(inRequest.body).toMatchObject({ code: 'CANDIDATES_INVALID', details: [{ field: 'candidates.1.email', problems: [{ message: 'is hetzelfde als bij kandidaat 1' }] }] });
    const already = await post([candidate(13), candidate(10)]).expect(422);
    expect(already.body).toMatchObject({ code: 'CANDIDATE_ALREADY_IN_FORMATION', details: [{ field: 'candidates.1.email' }] });
    expect(already.body.message).toBe('Deze kandidaat staat al in de formatie met een lopend dossier.');
    const outside = await post([candidate(14, { fractie: 'Partij Blauw' })]).expect(422);
    expect(outside.body).toMatchObject({ code: 'FRACTIE_NOT_IN_COALITION', details: [{ field: 'candidates.0.fractie' }] });
    const screening = await post([candidate(15, { partyScreening: { done: false, date: inDays(-1) } }), candidate(16, { partyScreening: { done: true, date: inDays(2) } })]).expect(422);
    expect(screening.body.details.map((d: { field: string }) => d.field)).toEqual(['candidates.0.partyScreening.date', 'candidates.1.partyScreening.date']);
    const office = await post([candidate(17, { office: 'gedeputeerde' })]).expect(422);
    expect(office.body.details).toEqual([{ field: 'candidates.0.office', problems: [{ constraint: 'CANDIDATES_INVALID', message: 'moet wethouder zijn' }] }]);
    await post([]).expect(400);
    await post([{ ...candidate(18), extra: 'veld' }]).expect(400);
    expect(await footprint()).toBe(before);
  });

  it("answers another organisation's formation exactly like a missing one, and writes nothing", async () => {
    const f = await newFormation();
    const before = await footprint();
    const missing = await t.api().get('/formations/00000000-0000-4000-8000-000000000000').set(bearer(anderdorp)).expect(404);
    const other = await t.api().get(`/formations/${f.id}`).set(bearer(anderdorp)).expect(404);
    expect(other.body.message).toBe('De formatie bestaat niet.');
    expect({ ...other.body, traceId: 0, instance: 0 }).toEqual({ ...missing.body, traceId: 0, instance: 0 });
    await t.api().post(`/formations/${f.id}/candidates`).set(bearer(anderdorp)).send({ candidates: [candidate(20)] }).expect(404);
    await t.api().patch(`/formations/${f.id}`).set(bearer(anderdorp)).send({ expectedVersion: 1, installationDate: inDays(50) }).expect(404);
    await t.api().get('/formations/geen-uuid').set(bearer(roles.burgemeester)).expect(404);
    expect(await footprint()).toBe(before);
    const list = await t.api().get('/formations').set(bearer(anderdorp)).expect(200);
    expect(list.body.map((x: { id: string }) => x.id)).not.toContain(f.id);
  });

  it('moves every open case to a new installation date, one audited event per case, and leaves closed ones', async () => {
    const f = await newFormation();
    const { body: added } = await t.api().post(`/formations/${f.id}/candidates`).set(bearer(roles.burgemeester)).send({ candidates: [candidate(30), candidate(31), candidate(32)] }).expect(201);
    const [a, b, c] = added.map((n: { caseId: string }) => n.caseId);
    const { act } = caseFlow(t);
    await act(roles.burgemeester, b, 'WITHDRAW_CANDIDACY');

    // A stale version and a date before the election are refused without a trace.
    const before = await footprint();
    await t.api().patch(`/formations/${f.id}`).set(bearer(roles.burgemeester)).send({ expectedVersion: 7, installationDate: inDays(55) }).expect(409);
    const early = await t.api().patch(`/formations/${f.id}`).set(bearer(roles.burgemeester)).send({ expectedVersion: 1, installationDate: inDays(-11) }).expect(422);
    expect(early.body.code).toBe('INSTALLATION_BEFORE_ELECTION');
    expect(await footprint()).toBe(before);

    const res = await t.api().patch(`/formations/${f.id}`).set(bearer(roles.burgemeester)).send({ expectedVersion: 1, installationDate: inDays(55), name: 'Collegevorming 2026 (nieuwe datum)' }).expect(200);
    expect(res.body).toMatchObject({ installationDate: inDays(55), name: 'Collegevorming 2026 (nieuwe datum)', version: 2, openCaseCount: 2, installationDateMove: { moved: expect.arrayContaining([a, c]), unchanged: [b] } });
    expect(res.body.installationDateMove.moved).toHaveLength(2);
    for (const id of [a, c]) {
      const view = await t.api().get(`/cases/${id}`).set(bearer(roles.burgemeester)).expect(200);
      expect(view.body.plannedAppointmentDate).toBe(inDays(55));
      const events = await t.dataSource.query(`SELECT type, actor, payload FROM case_events WHERE case_id = $1 AND type = 'CHANGE_APPOINTMENT_DATE'`, [id]);
      expect(events).toEqual([{ type: 'CHANGE_APPOINTMENT_DATE', actor: expect.stringMatching(/^opdrachtgever:/), payload: { date: inDays(55) } }]);
      const audit = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE object = $1 AND action = 'case.event.CHANGE_APPOINTMENT_DATE'`, [`case:${id}`]);
      expect(audit[0].n).toBe(1);
    }
    const closed = await t.api().get(`/cases/${b}`).set(bearer(roles.burgemeester)).expect(200);
    expect(closed.body.plannedAppointmentDate).toBe(inDays(40));

    // The same date again moves nothing; a name change alone moves nothing.
    const again = await t.api().patch(`/formations/${f.id}`).set(bearer(roles.burgemeester)).send({ expectedVersion: 2, installationDate: inDays(55) }).expect(200);
    expect(again.body.installationDateMove).toBeUndefined();
    // A withdrawn candidate's place is free again: the same person may be proposed anew.
    await t.api().post(`/formations/${f.id}/candidates`).set(bearer(roles.burgemeester)).send({ candidates: [candidate(31)] }).expect(201);
  });

  it('plans back from the installation date, warns naming the step that slips, and offers the milestones as iCalendar', async () => {
    // Installation in ten days: no time left for a VOG (four weeks at Justis) nor for the scan.
    const tight = await newFormation({ name: 'Krappe formatie', installationDate: inDays(10) });
    const { body: [added] } = await t.api().post(`/formations/${tight.id}/candidates`).set(bearer(roles.burgemeester)).send({ candidates: [candidate(40)] }).expect(201);
    const { body: board } = await t.api().get(`/formations/${tight.id}/board`).set(bearer(roles.burgemeester)).expect(200);
    expect(board.plan.map((s: { step: string }) => s.step)).toEqual(['vogAanvraag', 'toestemming', 'vragenlijst', 'onderzoek', 'gesprek', 'concept', 'wederhoor', 'eindrapportage', 'advies', 'samenvatting', 'commissie', 'stemming']);
    expect(board.plan.at(-1)).toEqual({ step: 'stemming', title: 'Stemming in de raad (installatie)', latest: inDays(10) });
    const [row] = board.rows;
    expect(row.plan.slipping).toMatchObject({ step: 'vogAanvraag', title: 'VOG aanvragen', earliest: inDays(0) });
    expect(row.attention.rank).toBe(0);
    expect(row.attention.reasons[0]).toMatch(/^Planning schuift: VOG aanvragen \(uiterlijk .+, op zijn vroegst .+\)$/);

    // The case shows the same plan on its own.
    const own = await t.api().get(`/cases/${added.caseId}/plan`).set(bearer(roles.burgemeester)).expect(200);
    expect(own.body).toMatchObject({ caseId: added.caseId, formationId: tight.id, plannedAppointmentDate: inDays(10), plan: { slipping: { step: 'vogAanvraag' } } });
    expect(own.body.plan.steps).toEqual(row.plan.steps);
    await t.api().get(`/cases/${added.caseId}/plan`).set(bearer(roles.screener)).expect(403);
    await t.api().get(`/cases/${added.caseId}/plan`).set(bearer(anderdorp)).expect(404);

    // With room enough the plan holds, and nothing is done yet.
    const roomy = await newFormation({ name: 'Ruime formatie', installationDate: inDays(70) });
    await t.api().post(`/formations/${roomy.id}/candidates`).set(bearer(roles.burgemeester)).send({ candidates: [candidate(41)] }).expect(201);
    const { body: roomyBoard } = await t.api().get(`/formations/${roomy.id}/board`).set(bearer(roles.burgemeester)).expect(200);
    expect(roomyBoard.rows[0].plan.slipping).toBeNull();
    expect(roomyBoard.rows[0].plan.steps.every((s: { status: string }) => s.status === 'op_schema')).toBe(true);

    // The feed: RFC 5545, CRLF, folded, parsed by a real parser; references only, no names.
    const res = await t.api().get(`/formations/${tight.id}/calendar`).set(bearer(roles.burgemeester)).buffer(true).parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => done(null, text));
    }).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const ics = res.body as string;
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).not.toMatch(/Kandidaat 40|kandidaat-40|Partij|Vera|Fenna/);
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(12);
    const vog = events.find((e) => e.uid === `${tight.id}-vogAanvraag@basisscan`)!;
    expect(vog.summary).toBe('Uiterlijk: VOG aanvragen');
    expect(vog.startDate.toString()).toBe(board.plan[0].latest);
    expect(vog.description).toContain(`Nog open voor: ${added.reference}.`);
    expect(vog.description).toContain(`Schuift voor: ${added.reference}.`);
    expect(events.at(-1)!.summary).toBe('Krappe formatie: Stemming in de raad (installatie)');
    await t.api().get(`/formations/${tight.id}/calendar`).set(bearer(anderdorp)).expect(404);
  });

  it('seeds the demo formation with three candidates on a first start, once', async () => {
    const demo = await startTestApp({ SEED_DEMO_FORMATION: 'true' });
    try {
      const token = await demo.login(DEMO.burgemeester);
      const [f] = (await demo.api().get('/formations').set(bearer(token)).expect(200)).body;
      expect(f).toMatchObject({ name: 'Collegevorming 2026', caseCount: 3, openCaseCount: 3 });
      const board = (await demo.api().get(`/formations/${f.id}/board`).set(bearer(token)).expect(200)).body;
      expect(board.rows.map((r: { name: string }) => r.name).sort()).toEqual(['Anna de Vries', 'Bram Bakker', 'Cor Claassen']);
      expect(board.rows.find((r: { name: string }) => r.name === 'Anna de Vries')).toMatchObject({ fractie: 'Groen Voorbeeldstad', portfolio: 'Klimaat en wonen', phase: 'opdrachtVerleend' });
      await demo.close();
      const again = await startTestApp({}, demo);
      try {
        const list = (await again.api().get('/formations').set(bearer(await again.login(DEMO.burgemeester))).expect(200)).body;
        expect(list).toHaveLength(1);
      } finally {
        await again.destroy();
      }
    } catch (error) {
      await demo.destroy().catch(() => undefined);
      throw error;
    }
  }, 120_000);
});
