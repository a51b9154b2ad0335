import { caseFlow, demoRoles, inDays, today } from '../support/cases';
import { completeAnswers } from '../support/questionnaire';
import { bearer, DEMO, PROBLEM, startTestApp, TestApp } from '../support/test-app';

/**
 * Defects the input fuzzer (test/fuzz, issue 8) found, each answered 500 before its fix. Every
 * one must now be an ordinary 400 in the standard error shape, and change nothing.
 */
describe('inputs found by the fuzzer', () => {
  let t: TestApp;
  let roles: Awaited<ReturnType<typeof demoRoles>>;
  let beheerder: string;
  let spareUser: string;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    beheerder = await t.login(DEMO.beheerder);
    spareUser = (await t.http().post('/users').set(bearer(beheerder)).send({ email: 'reserve@voorbeeldstad.nl', name: 'Reserve', roles: ['auditor'] }).expect(201)).body.id;
    caseId = (await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name: 'Anna Jansen', email: 'anna@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201)).body.id;
  });
  afterAll(() => t.destroy());

  /** The answer is a 400 VALIDATION_FAILED in the standard shape, naming the field (in `details`; the message by its Dutch label). */
  const expectRefused = (res: { status: number; body: Record<string, unknown> }, field: string) => {
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body).toEqual({
      ...PROBLEM,
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^De invoer is ongeldig: /),
      details: expect.any(Array),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(`${String(res.body.message)} ${JSON.stringify(res.body.details)}`).toContain(field);
  };
  const rawJson = (method: 'post' | 'put' | 'patch', url: string, token: string, text: string) =>
    t.http()[method](url).set(bearer(token)).set('Content-Type', 'application/json').send(text);
  const caseState = async (id: string) => (await t.dataSource.query('SELECT version, snapshot FROM cases WHERE id = $1', [id]))[0];
  const userRow = async (id: string) => (await t.dataSource.query('SELECT name, roles, active, password_hash FROM users WHERE id = $1', [id]))[0];

  it('refuses JSON nested 10 000 deep (the validators overflowed the stack)', async () => {
    const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    expectRefused(await rawJson('post', '/cases', roles.burgemeester, `${'['.repeat(10_000)}${']'.repeat(10_000)}`), 'te diep genest');
    expectRefused(await rawJson('post', '/cases', roles.burgemeester, `{"candidate":${deep(10_000)},"plannedAppointmentDate":"${inDays(30)}"}`), 'candidate');
    const before = await caseState(caseId);
    expectRefused(await rawJson('post', `/cases/${caseId}/events`, roles.burgemeester, `{"type":"STOP_CASE","expectedVersion":1,"reason":"andere_reden","x":${deep(10_000)}}`), 'x');
    expect(await caseState(caseId)).toEqual(before);
    // An ordinary body is many levels short of the limit.
    await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: { name: 'Diep Genoeg', email: 'diep@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
  });

  it('refuses a NUL character in text (PostgreSQL text cannot hold it)', async () => {
    expectRefused(await t.http().post('/users').set(bearer(beheerder)).send({ email: 'nul@voorbeeldstad.nl', name: 'a\u0000b', roles: ['auditor'] }), 'name');
    expect(await t.dataSource.query('SELECT 1 FROM users WHERE email = $1', ['nul@voorbeeldstad.nl'])).toEqual([]);
    const before = await userRow(spareUser);
    expectRefused(await t.http().patch(`/users/${spareUser}`).set(bearer(beheerder)).send({ name: 'Naam\u0000' }), 'name');
    expectRefused(await rawJson('patch', `/users/${spareUser}`, beheerder, '{"name":"x","a\\u0000b":1}'), 'a?b');
    expect(await userRow(spareUser)).toEqual(before);
  });

  it('refuses a NUL character in the query string (GET /screeners passed it to the database)', async () => {
    expectRefused(await t.http().get('/screeners?email=a%00@example.nl').set(bearer(roles.burgemeester)), 'email');
    expectRefused(await t.http().get('/audit/entries?action=case%00').set(bearer(roles.auditor)), 'action');
    await t.http().get(`/screeners?email=${encodeURIComponent(DEMO.screener)}`).set(bearer(roles.burgemeester)).expect(200);
  });

  it('refuses lone surrogates (the e-mail validator threw on them)', async () => {
    expectRefused(await rawJson('post', '/auth/login', roles.burgemeester, '{"email":"\\ud800x\\udfff","password":"wachtwoord"}'), 'email');
    expectRefused(await rawJson('post', '/users', beheerder, '{"email":"\\ud800@example.nl","name":"Los","roles":["auditor"]}'), 'email');
    expectRefused(await rawJson('post', '/cases', roles.burgemeester, `{"candidate":{"name":"Anna","email":"a\\udc00@example.nl"},"plannedAppointmentDate":"${inDays(30)}"}`), 'candidate.email');
    // A surrogate pair is a character like any other.
    await t.http().post('/users').set(bearer(beheerder)).send({ email: 'paar@voorbeeldstad.nl', name: 'Emoji 👩‍💼', roles: ['auditor'] }).expect(201);
  });

  it('refuses prototype keys, which were dropped without a word and the rest accepted', async () => {
    const before = await caseState(caseId);
    const res = await rawJson('post', `/cases/${caseId}/events`, roles.burgemeester, `{"type":"STOP_CASE","expectedVersion":${before.version},"reason":"andere_reden","__proto__":{"explanation":"x"}}`);
    expectRefused(res, '__proto__');
    expectRefused(await rawJson('post', '/users', beheerder, '{"email":"proto@voorbeeldstad.nl","name":"P","roles":["auditor"],"constructor":{"prototype":{"x":1}}}'), 'constructor');
    expect(await caseState(caseId)).toEqual(before);
  });

  it('refuses null for an optional user field (the service hashed null, or wrote it into a NOT NULL column)', async () => {
    const before = await userRow(spareUser);
    for (const field of ['name', 'roles', 'active', 'password']) expectRefused(await t.http().patch(`/users/${spareUser}`).set(bearer(beheerder)).send({ [field]: null }), field);
    expect(await userRow(spareUser)).toEqual(before);
    expectRefused(await t.http().post('/users').set(bearer(beheerder)).send({ email: 'null@voorbeeldstad.nl', name: 'N', roles: ['auditor'], password: null }), 'password');
    // Leaving a field out still leaves it alone.
    await t.http().patch(`/users/${spareUser}`).set(bearer(beheerder)).send({ name: 'Andere naam' }).expect(200);
    expect((await userRow(spareUser)).roles).toEqual(before.roles);
  });

  it('accepts every amount with at most two decimals (1.1 and 0.29 were refused: 1.1 * 100 is not 110 in floating point)', async () => {
    const { act, invitedCase } = caseFlow(t);
    const c = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'bedrag@example.nl' });
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    const entry = (hours: number) => ({ organisatie: 'Stichting', rol: 'bestuurslid', uren_per_maand: hours, bezoldigd: false, wil_aanhouden: true });
    const save = (hours: number[]) =>
      t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: { 'nevenfuncties.heeft': { value: true }, 'nevenfuncties.lijst': { value: hours.map(entry) } } });
    const saved = await save([1.1, 0.29, 0.07, 4.35, 999_999_999_999.99, 12]);
    expect(saved.status).toBe(200);
    expect(saved.body.answers['nevenfuncties.lijst'].value.map((e: { uren_per_maand: number }) => e.uren_per_maand)).toEqual([1.1, 0.29, 0.07, 4.35, 999_999_999_999.99, 12]);
    for (const wrong of [0.001, 0.1 + 0.2, -1]) expect([wrong, (await save([wrong])).body.code]).toEqual([wrong, 'INVALID_ANSWERS']);
  });

  it('refuses a list where one object is expected (ValidateNested checked each element and let the list through)', async () => {
    expectRefused(await t.http().post('/cases').set(bearer(roles.burgemeester)).send({ candidate: [{ name: 'Anna', email: 'anna@example.nl' }], plannedAppointmentDate: inDays(30) }), 'candidate');
    const { act, invitedCase } = caseFlow(t);
    const c = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: 'lijst@example.nl' });
    await act(c.candidate, c.id, 'GIVE_CONSENT', { consentTextVersion: '3' });
    await t.http().put(`/cases/${c.id}/questionnaire/answers`).set(bearer(c.candidate)).send({ answers: completeAnswers() }).expect(200);
    await act(c.candidate, c.id, 'SUBMIT_QUESTIONNAIRE');
    const risk = { theme: 'overig', description: 'Een risico.', likelihood: 'klein', impact: 'beperkt', measures: [{ measure: 'Iets doen', who: 'kandidaat', byWhen: today() }] };
    expectRefused(await t.http().post(`/cases/${c.id}/risks`).set(bearer(roles.screener)).send({ ...risk, facts: [{ answers: [] }] }), 'facts');
    expect(await t.dataSource.query('SELECT 1 FROM risks WHERE case_id = $1', [c.id])).toEqual([]);
    await t.http().post(`/cases/${c.id}/risks`).set(bearer(roles.screener)).send({ ...risk, facts: {} }).expect(201);
  });
});
