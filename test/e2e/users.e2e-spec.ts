import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

describe('accounts of an organisation, managed by its beheerder', () => {
  let t: TestApp;
  let beheerder: string;

  beforeAll(async () => {
    t = await startTestApp();
    beheerder = await t.login(DEMO.beheerder);
  });
  afterAll(() => t.destroy());

  it('creates a local account that can sign in, in the beheerder’s own organisation', async () => {
    const created = await t.http()
      .post('/users')
      .set(bearer(beheerder))
      .send({ email: ' Integriteit@Voorbeeldstad.nl ', name: ' Integriteitsadviseur ', roles: ['screener'], password: 'lang-genoeg-wachtwoord' })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'integriteit@voorbeeldstad.nl',
      name: 'Integriteitsadviseur',
      roles: ['screener'],
      active: true,
      organisationId: expect.any(String),
      signIn: ['local'],
    });
    const me = await t.http().get('/me').set(bearer(await t.login('integriteit@voorbeeldstad.nl', 'lang-genoeg-wachtwoord'))).expect(200);
    expect(me.body.organisation.code).toBe('voorbeeldstad');
    expect(me.body.roles).toEqual(['screener']);
    expect(JSON.stringify(created.body)).not.toMatch(/argon2|password/i);
  });

  it('refuses short passwords', async () => {
    const res = await t.http().post('/users').set(bearer(beheerder)).send({ email: 'kort@voorbeeldstad.nl', name: 'Kort', roles: ['auditor'], password: 'kort' }).expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'password', problems: [{ constraint: 'minLength', message: 'is te kort' }] });
  });

  it('changes roles, name and password, and deactivates accounts', async () => {
    const { body: user } = await t.http().post('/users').set(bearer(beheerder)).send({ email: 'wisselend@voorbeeldstad.nl', name: 'Wisselend', roles: ['auditor'], password: 'eerste-wachtwoord-1' }).expect(201);
    const updated = await t.http().patch(`/users/${user.id}`).set(bearer(beheerder)).send({ roles: ['auditor', 'opdrachtgever'], name: 'Gewijzigd', password: 'tweede-wachtwoord-2' }).expect(200);
    expect(updated.body).toMatchObject({ roles: ['auditor', 'opdrachtgever'], name: 'Gewijzigd' });
    await t.login('wisselend@voorbeeldstad.nl', 'tweede-wachtwoord-2');
    await t.http().post('/auth/login').send({ email: 'wisselend@voorbeeldstad.nl', password: 'eerste-wachtwoord-1' }).expect(401);
    await t.http().patch(`/users/${user.id}`).set(bearer(beheerder)).send({ active: false }).expect(200);
    await t.http().post('/auth/login').send({ email: 'wisselend@voorbeeldstad.nl', password: 'tweede-wachtwoord-2' }).expect(401);
  });

  it('does not let a beheerder lock themself out', async () => {
    const { body: me } = await t.http().get('/me').set(bearer(beheerder)).expect(200);
    const res = await t.http().patch(`/users/${me.id}`).set(bearer(beheerder)).send({ roles: ['auditor'] }).expect(409);
    expect(res.body.code).toBe('SELF_LOCKOUT');
    await t.http().patch(`/users/${me.id}`).set(bearer(beheerder)).send({ active: false }).expect(409);
    expect((await t.dataSource.query('SELECT roles, active FROM users WHERE id = $1', [me.id]))[0]).toEqual({ roles: ['beheerder'], active: true });
  });

  it('gives a screening bureau no opdrachtgever or auditor roles', async () => {
    const { rows } = { rows: await t.dataSource.query(`SELECT o.id FROM organisations o WHERE o.code = 'integriteitsbureau-noord'`) };
    await t.dataSource.query(
      `INSERT INTO users (organisation_id, email, name, roles, password_hash) SELECT $1, 'beheer@integriteitsbureau.nl', 'Beheer bureau', '{beheerder}', password_hash FROM users WHERE email = $2`,
      [rows[0].id, DEMO.screener],
    );
    const bureauBeheerder = await t.login('beheer@integriteitsbureau.nl');
    const res = await t.http().post('/users').set(bearer(bureauBeheerder)).send({ email: 'nieuw@integriteitsbureau.nl', name: 'Nieuw', roles: ['screener', 'opdrachtgever'] }).expect(422);
    expect(res.body).toMatchObject({ code: 'ROLE_NOT_ALLOWED', details: { roles: ['opdrachtgever'] } });
    await t.http().post('/users').set(bearer(bureauBeheerder)).send({ email: 'nieuw@integriteitsbureau.nl', name: 'Nieuw', roles: ['screener'] }).expect(201);
  });

  it('lets an auditor read but not change accounts', async () => {
    const auditor = await t.login(DEMO.auditor);
    const list = await t.http().get('/users').set(bearer(auditor)).expect(200);
    expect(list.body.length).toBeGreaterThanOrEqual(3);
    await t.http().patch(`/users/${list.body[0].id}`).set(bearer(auditor)).send({ name: 'x' }).expect(403);
  });
});
