import { caseFlow, demoRoles, inDays } from '../support/cases';
import { invitationCode } from '../support/mail';
import { bearer, DEMO, DEMO_PASSWORD, startTestApp, TestApp } from '../support/test-app';

const cookieOf = (res: { headers: Record<string, unknown> }) => ((res.headers['set-cookie'] as string[] | undefined) ?? [])[0] ?? '';
const WEB = { 'X-Requested-With': 'basisscan' };

describe('web sessions: the token in an HttpOnly cookie', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.destroy());

  it('signs in without handing the token to the page, and signs out: the session ends on the server too', async () => {
    const res = await t.http().post('/auth/session').set(WEB).send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(200);
    expect(res.body).toEqual({ expiresIn: 3600 });
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^basisscan_sessie=[\w-]+\.[\w-]+\.[\w-]+; Max-Age=3600; Path=\/; Expires=.+; HttpOnly; SameSite=Strict$/);
    const session = await t.http().get('/auth/session').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(session.body).toMatchObject({ kind: 'user', email: DEMO.burgemeester, roles: ['opdrachtgever'], organisation: { name: 'Gemeente Voorbeeldstad', kind: 'gemeente' } });
    expect(Date.parse(session.body.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    expect(session.headers['cache-control']).toBe('no-store');
    const out = await t.http().delete('/auth/session').set('Cookie', cookie.split(';')[0]).expect(204);
    expect(cookieOf(out)).toMatch(/^basisscan_sessie=; Path=\/; Expires=Thu, 01 Jan 1970/);
    // A copy of the cookie kept by someone is worthless after signing out.
    await t.http().get('/auth/session').set('Cookie', cookie.split(';')[0]).expect(401);
    const [entry] = await t.dataSource.query(`SELECT actor FROM audit_log WHERE action = 'auth.logout' ORDER BY seq DESC LIMIT 1`);
    expect(entry.actor).toMatch(/^user:/);
  });

  it('signs in into a cookie only from the application itself (no login CSRF), and refuses a planted second cookie', async () => {
    expect((await t.http().post('/auth/session').send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(403)).body.code).toBe('WEB_CLIENT_HEADER_MISSING');
    const cookie = cookieOf(await t.http().post('/auth/session').set(WEB).send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(200)).split(';')[0];
    await t.http().get('/auth/session').set('Cookie', `${cookie}; basisscan_sessie=geplant`).expect(401);
    await t.http().get('/auth/session').set('Cookie', 'basisscan_sessie=%E0%A4%A').expect(401);
  });

  it('renews a session past half its lifetime when the application checks it, and only then', async () => {
    const t2 = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '60' });
    try {
      const cookie = cookieOf(await t2.http().post('/auth/session').set(WEB).send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(200)).split(';')[0];
      const fresh = await t2.http().get('/auth/session').set('Cookie', cookie).expect(200);
      expect(fresh.headers['set-cookie']).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 31_000));
      // Other requests leave it alone: an idle page must be able to expire.
      expect((await t2.http().get('/cases').set('Cookie', cookie).expect(200)).headers['set-cookie']).toBeUndefined();
      const renewed = await t2.http().get('/auth/session').set('Cookie', cookie).expect(200);
      expect(cookieOf(renewed)).toMatch(/^basisscan_sessie=.+; Max-Age=60;/);
      expect(Date.parse(renewed.body.expiresAt) - Date.parse(fresh.body.expiresAt)).toBeGreaterThan(25_000);
    } finally {
      await t2.destroy();
    }
  }, 90_000);

  it('refuses a wrong password as the API does, and sets no cookie', async () => {
    const res = await t.http().post('/auth/session').set(WEB).send({ email: DEMO.burgemeester, password: 'fout' }).expect(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('accepts changes through the cookie only from the application itself (X-Requested-With)', async () => {
    const cookie = cookieOf(await t.http().post('/auth/session').set(WEB).send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(200)).split(';')[0];
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
    await t.http().post('/auth/invitation/session').send({ code }).expect(403);
    const res = await t.http().post('/auth/invitation/session').set(WEB).send({ code }).expect(200);
    expect(res.body).toEqual({ caseId: created.id, expiresIn: 28800 });
    const cookie = cookieOf(res).split(';')[0];
    expect((await t.http().get('/auth/session').set('Cookie', cookie).expect(200)).body).toEqual({ kind: 'candidate', caseId: created.id, roles: ['kandidaat'], expiresAt: expect.any(String) });
    // The code was single-use.
    await t.http().post('/auth/invitation/session').set(WEB).send({ code }).expect(401);
  });

  it('finds a screener to assign by exact e-mail address, and nothing by a partial one', async () => {
    const burgemeester = await t.login(DEMO.burgemeester);
    const found = await t.http().get(`/screeners?email=${encodeURIComponent(DEMO.screener.toUpperCase())}`).set(bearer(burgemeester)).expect(200);
    expect(found.body).toEqual({ id: expect.any(String), name: expect.any(String), organisation: 'Integriteitsbureau Noord' });
    await t.http().get('/screeners?email=screener%40integriteitsbureau').set(bearer(burgemeester)).expect(404);
    await t.http().get(`/screeners?email=${encodeURIComponent(DEMO.auditor)}`).set(bearer(burgemeester)).expect(404);
    // A screener employed by another municipality is not one this organisation can assign.
    const beheerder = await t.login(DEMO.beheerder);
    await t.http().post('/users').set(bearer(beheerder)).send({ email: 'eigen.screener@voorbeeldstad.nl', name: 'Eigen Screener', roles: ['screener'] }).expect(201);
    await t.http().get('/screeners?email=eigen.screener%40voorbeeldstad.nl').set(bearer(burgemeester)).expect(200);
    await t.http().get('/screeners?email=eigen.screener%40voorbeeldstad.nl').set(bearer(await t.login(DEMO.burgemeesterAnderdorp))).expect(404);
    expect((await t.http().get('/screeners').set(bearer(burgemeester)).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
