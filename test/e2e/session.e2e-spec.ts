import { caseFlow, demoRoles, inDays } from '../support/cases';
import { invitationCode } from '../support/mail';
import { bearer, DEMO, DEMO_PASSWORD, startTestApp, TestApp } from '../support/test-app';

const cookieOf = (res: { headers: Record<string, unknown> }) => ((res.headers['set-cookie'] as string[] | undefined) ?? [])[0] ?? '';

describe('web sessions: the token in an HttpOnly cookie', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.destroy());

  it('signs in without handing the token to the page, and signs out', async () => {
    const res = await t.http().post('/auth/session').send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(200);
    expect(res.body).toEqual({ expiresIn: 3600 });
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^basisscan_sessie=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=3600; Path=\/; Expires=.+; HttpOnly; SameSite=Strict$/);
    const session = await t.http().get('/auth/session').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(session.body).toMatchObject({ kind: 'user', email: DEMO.burgemeester, roles: ['opdrachtgever'], organisation: { name: 'Gemeente Voorbeeldstad', kind: 'gemeente' } });
    const out = await t.http().delete('/auth/session').expect(204);
    expect(cookieOf(out)).toMatch(/^basisscan_sessie=; Path=\/; Expires=Thu, 01 Jan 1970/);
  });

  it('refuses a wrong password as the API does, and sets no cookie', async () => {
    const res = await t.http().post('/auth/session').send({ email: DEMO.burgemeester, password: 'fout' }).expect(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('accepts changes through the cookie only from the application itself (X-Requested-With)', async () => {
    const cookie = cookieOf(await t.http().post('/auth/session').send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(200)).split(';')[0];
    const body = { candidate: { name: 'Cookie Kandidaat', email: 'cookie@example.nl' }, plannedAppointmentDate: inDays(40) };
    const forged = await t.http().post('/cases').set('Cookie', cookie).send(body).expect(403);
    expect(forged.body.code).toBe('WEB_CLIENT_HEADER_MISSING');
    await t.http().post('/cases').set('Cookie', cookie).set('X-Requested-With', 'basisscan').send(body).expect(201);
    // A bearer token needs no such header: API clients are not browsers.
    await t.http().post('/cases').set(bearer(await t.login(DEMO.burgemeester))).send(body).expect(201);
  });

  it('signs the candidate in with the invitation code into a cookie scoped to the case', async () => {
    const { burgemeester, screenerId } = await demoRoles(t);
    const { act } = caseFlow(t);
    const { body: created } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'Cees Cookie', email: 'cees@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
    await act(burgemeester, created.id, 'ASSIGN_SCREENER', { screenerId });
    await act(burgemeester, created.id, 'INVITE_CANDIDATE');
    const code = await invitationCode(t, 'cees@example.nl');
    const res = await t.http().post('/auth/invitation/session').send({ code }).expect(200);
    expect(res.body).toEqual({ caseId: created.id, expiresIn: 28800 });
    const cookie = cookieOf(res).split(';')[0];
    expect((await t.http().get('/auth/session').set('Cookie', cookie).expect(200)).body).toEqual({ kind: 'candidate', caseId: created.id, roles: ['kandidaat'] });
    // The code was single-use.
    await t.http().post('/auth/invitation/session').send({ code }).expect(401);
  });

  it('finds a screener to assign by exact e-mail address, and nothing by a partial one', async () => {
    const burgemeester = await t.login(DEMO.burgemeester);
    const found = await t.http().get(`/screeners?email=${encodeURIComponent(DEMO.screener.toUpperCase())}`).set(bearer(burgemeester)).expect(200);
    expect(found.body).toEqual({ id: expect.any(String), name: expect.any(String), organisation: 'Integriteitsbureau Noord' });
    await t.http().get('/screeners?email=screener%40integriteitsbureau').set(bearer(burgemeester)).expect(404);
    await t.http().get(`/screeners?email=${encodeURIComponent(DEMO.auditor)}`).set(bearer(burgemeester)).expect(404);
    expect((await t.http().get('/screeners').set(bearer(burgemeester)).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
