import { caseAtAdvies, caseFlow, demoRoles, inDays } from '../support/cases';
import { addTimestampAfterSigning } from '../support/forged-timestamp';
import { invitationCode } from '../support/mail';
import { startTestTsa } from '../support/test-tsa';
import { bearer, binaryBody, DEMO, DEMO_PASSWORD, startTestApp, TestApp } from '../support/test-app';

/**
 * Regression tests for the security issue (#14), each written as the attack. The app runs behind
 * one proxy (TRUST_PROXY=1): the right-most X-Forwarded-For entry is the client's address as the
 * proxy saw it, everything left of it is what the client wrote.
 */
const WEB = { 'X-Requested-With': 'basisscan' };
const cookieOf = (res: { headers: Record<string, unknown> }) => (((res.headers['set-cookie'] as string[] | undefined) ?? [])[0] ?? '').split(';')[0];
const tokenOf = (cookie: string) => decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
const from = (address: string) => ({ 'X-Forwarded-For': address });

describe('security (#14): sessions, throttling, roles, addresses, verification', () => {
  let t: TestApp;
  let beheerder: string;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1' });
    beheerder = await t.login(DEMO.beheerder);
  });
  afterAll(() => t.destroy());

  const newAccount = async (email: string, roles: string[] = ['screener']) => {
    const { body } = await t.http().post('/users').set(bearer(beheerder)).send({ email, name: 'Doelwit', roles, password: DEMO_PASSWORD }).expect(201);
    return body.id as string;
  };

  describe('1. signing out ends the token, however it is carried', () => {
    it('refuses the token of a signed-out cookie session when sent as Authorization: Bearer (GET /me, POST /cases)', async () => {
      const cookie = cookieOf(await t.http().post('/auth/session').set(WEB).send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(200));
      const token = tokenOf(cookie);
      await t.http().get('/me').set(bearer(token)).expect(200);
      await t.http().delete('/auth/session').set('Cookie', cookie).expect(204);
      expect((await t.http().get('/me').set(bearer(token)).expect(401)).body.code).toBe('TOKEN_EXPIRED');
      const body = { candidate: { name: 'Na Afmelden', email: 'na.afmelden@example.nl' }, plannedAppointmentDate: inDays(40) };
      await t.http().post('/cases').set(bearer(token)).send(body).expect(401);
      await t.http().get('/me').set('Cookie', cookie).expect(401);
    });

    it('ends a bearer session with DELETE /auth/session and Authorization: Bearer', async () => {
      const token = await t.login(DEMO.burgemeester);
      await t.http().delete('/auth/session').set(bearer(token)).expect(204);
      await t.http().get('/me').set(bearer(token)).expect(401);
      // Other sessions of the same account go on.
      await t.http().get('/me').set(bearer(await t.login(DEMO.burgemeester))).expect(200);
    });

    it("refuses the candidate's signed-out session as Bearer too", async () => {
      const { burgemeester, screenerId } = await demoRoles(t);
      const { act } = caseFlow(t);
      const { body: created } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'Sanne Sessie', email: 'sanne.sessie@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
      await act(burgemeester, created.id, 'ASSIGN_SCREENER', { screenerId });
      await act(burgemeester, created.id, 'INVITE_CANDIDATE');
      const code = await invitationCode(t, 'sanne.sessie@example.nl');
      const cookie = cookieOf(await t.http().post('/auth/invitation/session').set(WEB).send({ code }).expect(200));
      await t.http().get(`/cases/${created.id}`).set(bearer(tokenOf(cookie))).expect(200);
      await t.http().delete('/auth/session').set('Cookie', cookie).expect(204);
      await t.http().get(`/cases/${created.id}`).set(bearer(tokenOf(cookie))).expect(401);
      await t.http().get(`/cases/${created.id}`).set('Cookie', cookie).expect(401);
    });
  });

  describe('3. TRUST_PROXY: the client cannot choose its address', () => {
    it('throttles sign-in per address although the client rotates the left-most X-Forwarded-For entry', async () => {
      // 5 × 4 failures per address (LOGIN_MAX_FAILURES × 4), each for another account.
      for (let i = 0; i < 20; i++) {
        await t.http().post('/auth/login').set(from(`10.9.${i}.1, 203.0.113.7`)).send({ email: `niemand-${i}@example.nl`, password: 'fout-wachtwoord' }).expect(401);
      }
      const res = await t.http().post('/auth/login').set(from('10.9.99.1, 203.0.113.7')).send({ email: 'niemand-99@example.nl', password: 'fout-wachtwoord' });
      expect(res.status).toBe(429);
      // Another client behind the same proxy is not affected.
      await t.http().post('/auth/login').set(from('203.0.113.8')).send({ email: DEMO.auditor, password: DEMO_PASSWORD }).expect(200);
    });
  });

  describe('4. nobody can lock out an account', () => {
    it("five wrong passwords from one address do not lock the owner out at another address", async () => {
      const email = 'doelwit.een@voorbeeldstad.nl';
      await newAccount(email);
      for (let i = 0; i < 5; i++) await t.http().post('/auth/login').set(from('198.51.100.1')).send({ email, password: `fout-${i}-wachtwoord` }).expect(401);
      // The attacker's address is held back for this account (the right password included)…
      expect((await t.http().post('/auth/login').set(from('198.51.100.1')).send({ email, password: DEMO_PASSWORD }).expect(429)).body.code).toBe('LOGIN_THROTTLED');
      // …the owner is not.
      await t.http().post('/auth/login').set(from('198.51.100.2')).send({ email, password: DEMO_PASSWORD }).expect(200);
    });

    it('an account guessed at from many addresses stays open from where its owner signed in before', async () => {
      const email = 'doelwit.twee@voorbeeldstad.nl';
      await newAccount(email);
      await t.http().post('/auth/login').set(from('198.51.100.20')).send({ email, password: DEMO_PASSWORD }).expect(200);
      for (let a = 0; a < 4; a++) {
        for (let i = 0; i < 5; i++) await t.http().post('/auth/login').set(from(`198.51.100.${30 + a}`)).send({ email, password: `fout-${i}-wachtwoord` }).expect(401);
      }
      // Under attack: a new address is held back, however many it has…
      await t.http().post('/auth/login').set(from('198.51.100.40')).send({ email, password: 'fout-wachtwoord-x' }).expect(429);
      await t.http().post('/auth/login').set(from('198.51.100.41')).send({ email, password: DEMO_PASSWORD }).expect(429);
      // …the owner's own network is not.
      await t.http().post('/auth/login').set(from('198.51.100.20')).send({ email, password: DEMO_PASSWORD }).expect(200);
    });
  });

  describe('5. a beheerder cannot give itself case access', () => {
    it('refuses changes to its own roles (opdrachtgever, auditor), and it reads no cases', async () => {
      const me = (await t.http().get('/me').set(bearer(beheerder)).expect(200)).body;
      for (const roles of [['beheerder', 'opdrachtgever', 'auditor'], ['beheerder', 'opdrachtgever'], ['beheerder', 'auditor']]) {
        expect((await t.http().patch(`/users/${me.id}`).set(bearer(beheerder)).send({ roles }).expect(409)).body.code).toBe('OWN_ROLES');
      }
      expect((await t.dataSource.query('SELECT roles FROM users WHERE id = $1', [me.id]))[0].roles).toEqual(['beheerder']);
      await t.http().get('/cases').set(bearer(beheerder)).expect(403);
      // Its name it may change.
      await t.http().patch(`/users/${me.id}`).set(bearer(beheerder)).send({ name: 'Beheerder Voorbeeldstad' }).expect(200);
    });

    it('never gives beheerder and auditor to one person', async () => {
      const res = await t.http().post('/users').set(bearer(beheerder)).send({ email: 'dubbel@voorbeeldstad.nl', name: 'Dubbel', roles: ['beheerder', 'auditor'] }).expect(422);
      expect(res.body.code).toBe('ROLE_COMBINATION_NOT_ALLOWED');
      const id = await newAccount('enkel@voorbeeldstad.nl', ['auditor']);
      await t.http().patch(`/users/${id}`).set(bearer(beheerder)).send({ roles: ['auditor', 'beheerder'] }).expect(422);
    });

    it('a role that reads cases needs a second beheerder where there is one (four eyes)', async () => {
      // Anderdorp gets two beheerders.
      await t.dataSource.query(
        `INSERT INTO users (organisation_id, email, name, roles, password_hash)
         SELECT organisation_id, x.email, x.name, '{beheerder}', password_hash FROM users, (VALUES ('beheerder.a@anderdorp.nl', 'Beheerder A'), ('beheerder.b@anderdorp.nl', 'Beheerder B')) AS x(email, name)
          WHERE users.email = $1`,
        [DEMO.burgemeesterAnderdorp],
      );
      const [a, b] = [await t.login('beheerder.a@anderdorp.nl'), await t.login('beheerder.b@anderdorp.nl')];
      // A sock puppet: an account of A's own making, with a role that reads cases.
      const created = await t.http().post('/users').set(bearer(a)).send({ email: 'stroman@anderdorp.nl', name: 'Stroman', roles: ['opdrachtgever'], password: DEMO_PASSWORD }).expect(201);
      expect(created.body).toMatchObject({ roles: [], pendingRoles: ['opdrachtgever'] });
      await t.http().get('/cases').set(bearer(await t.login('stroman@anderdorp.nl'))).expect(403);
      // Asking again does not approve it; the second beheerder does.
      await t.http().patch(`/users/${created.body.id}`).set(bearer(a)).send({ roles: ['opdrachtgever'] }).expect(200);
      expect((await t.dataSource.query('SELECT roles FROM users WHERE id = $1', [created.body.id]))[0].roles).toEqual([]);
      const approved = await t.http().patch(`/users/${created.body.id}`).set(bearer(b)).send({ roles: ['opdrachtgever'] }).expect(200);
      expect(approved.body.roles).toEqual(['opdrachtgever']);
      expect(approved.body.pendingRoles).toBeUndefined();
      const actions = (await t.dataSource.query(`SELECT action FROM audit_log WHERE object = $1 ORDER BY seq`, [`user:${created.body.id}`])).map((r: { action: string }) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['user.grant.requested', 'user.grant.approved', 'user.update.roles']));
    });

    it("the only beheerder's grant takes effect and is flagged in the auditors' trail", async () => {
      const id = await newAccount('nieuwe.opdrachtgever@voorbeeldstad.nl', ['opdrachtgever']);
      const auditor = await t.login(DEMO.auditor);
      const entries = (await t.http().get(`/audit/entries?action=user.grant`).set(bearer(auditor)).expect(200)).body;
      expect(entries.map((e: { action: string; object: string }) => `${e.action} ${e.object}`)).toContain(`user.grant.case_access user:${id}`);
    });
  });

  describe('6. a new password or a role taken away ends running sessions', () => {
    it('refuses the bearer token and the cookie session from before a password reset', async () => {
      const email = 'wachtwoord.kwijt@voorbeeldstad.nl';
      const id = await newAccount(email);
      const token = await t.login(email);
      const cookie = cookieOf(await t.http().post('/auth/session').set(WEB).send({ email, password: DEMO_PASSWORD }).expect(200));
      await t.http().patch(`/users/${id}`).set(bearer(beheerder)).send({ password: 'een-heel-nieuw-wachtwoord' }).expect(200);
      await t.http().get('/me').set(bearer(token)).expect(401);
      await t.http().get('/auth/session').set('Cookie', cookie).expect(401);
      await t.http().get('/me').set(bearer(await t.login(email, 'een-heel-nieuw-wachtwoord'))).expect(200);
    });

    it("one's own new password ends one's other sessions, not the one that set it", async () => {
      // A beheerder of the screening bureau (a second one in Voorbeeldstad would change the grants above).
      const email = 'beheer@integriteitsbureau.nl';
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO users (organisation_id, email, name, roles, password_hash)
         SELECT organisation_id, $2, 'Beheer bureau', '{beheerder}', password_hash FROM users WHERE email = $1 RETURNING id`,
        [DEMO.screener, email],
      );
      const [here, elsewhere] = [await t.login(email), await t.login(email)];
      await t.http().patch(`/users/${id}`).set(bearer(here)).send({ password: 'mijn-eigen-nieuwe-wachtwoord' }).expect(200);
      await t.http().get('/me').set(bearer(here)).expect(200);
      await t.http().get('/me').set(bearer(elsewhere)).expect(401);
    });

    it('refuses sessions from before a role was taken away', async () => {
      const email = 'rol.kwijt@voorbeeldstad.nl';
      const id = await newAccount(email, ['screener', 'auditor']);
      const token = await t.login(email);
      await t.http().patch(`/users/${id}`).set(bearer(beheerder)).send({ roles: ['screener'] }).expect(200);
      await t.http().get('/me').set(bearer(token)).expect(401);
      await t.http().get('/me').set(bearer(await t.login(email))).expect(200);
    });
  });

  describe('10. look-alike e-mail addresses', () => {
    it('refuses an address that mixes scripts (a Cyrillic "е" in burgemeеster), with a clear message', async () => {
      const res = await t.http().post('/users').set(bearer(beheerder)).send({ email: 'burgemee\u0435ster@voorbeeldstad.nl', name: 'Nep', roles: ['screener'] }).expect(422);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'email', problems: [{ constraint: 'singleScript' }] }] });
      expect(res.body.message).toMatch(/schriften/);
      await t.http().post('/users').set(bearer(beheerder)).send({ email: 'info@voorbee\u0435ldstad.nl', name: 'Nep', roles: ['screener'] }).expect(422);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE '%\u0435%'`))[0].n).toBe(0);
    });

    it('normalises NFKC: a full-width copy of an existing address is the same address', async () => {
      const fullWidth = 'ｂｕｒｇｅｍｅｅｓｔｅｒ@voorbeeldstad.nl';
      expect((await t.http().post('/users').set(bearer(beheerder)).send({ email: fullWidth, name: 'Nep', roles: ['screener'] }).expect(409)).body.code).toBe('EMAIL_TAKEN');
      const created = await t.http().post('/users').set(bearer(beheerder)).send({ email: 'ｖｏｌｌｅ.ｂｒｅｅｄｔｅ@voorbeeldstad.nl', name: 'Breed', roles: ['screener'] }).expect(201);
      expect(created.body.email).toBe('volle.breedte@voorbeeldstad.nl');
    });
  });

  describe('also noted: invitation codes behind a shared address', () => {
    it("twenty wrong codes from one address do not block the real candidate's code from that address", async () => {
      const { burgemeester, screenerId } = await demoRoles(t);
      const { act } = caseFlow(t);
      const { body: created } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'Nanda Nat', email: 'nanda.nat@example.nl' }, plannedAppointmentDate: inDays(30) }).expect(201);
      await act(burgemeester, created.id, 'ASSIGN_SCREENER', { screenerId });
      await act(burgemeester, created.id, 'INVITE_CANDIDATE');
      const code = await invitationCode(t, 'nanda.nat@example.nl');
      for (let i = 0; i < 20; i++) await t.http().post('/auth/invitation').set(from('192.0.2.50')).send({ code: `geraden-code-${i}-0123456789` }).expect(401);
      await t.http().post('/auth/invitation').set(from('192.0.2.50')).send({ code: 'geraden-code-x-0123456789' }).expect(429);
      const res = await t.http().post('/auth/invitation').set(from('192.0.2.50')).send({ code }).expect(200);
      expect(res.body.caseId).toBe(created.id);
      // Nor do they use up the address's password attempts.
      await t.http().post('/auth/login').set(from('192.0.2.50')).send({ email: DEMO.auditor, password: DEMO_PASSWORD }).expect(200);
    });
  });

  describe("also noted: an auditor learns nothing of other organisations from the audit chain", () => {
    it('GET /audit/verify and /audit/head give the organisation its own entries, not the global length and head', async () => {
      await t.dataSource.query(
        `INSERT INTO users (organisation_id, email, name, roles, password_hash)
         SELECT organisation_id, 'auditor@anderdorp.nl', 'Auditor Anderdorp', '{auditor}', password_hash FROM users WHERE email = $1`,
        [DEMO.burgemeesterAnderdorp],
      );
      const auditor = await t.login('auditor@anderdorp.nl');
      // The chain goes on elsewhere: Voorbeeldstad signs in.
      await t.login(DEMO.burgemeester);
      const verify = (await t.http().get('/audit/verify').set(bearer(auditor)).expect(200)).body;
      const head = (await t.http().get('/audit/head').set(bearer(auditor)).expect(200)).body;
      const [own] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE organisation_id = (SELECT organisation_id FROM users WHERE email = 'auditor@anderdorp.nl')`);
      const [global] = await t.dataSource.query('SELECT max(seq)::int AS seq, (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS hash FROM audit_log');
      expect(verify).toEqual({ valid: true, length: own.n, head: head.hash });
      expect(head.seq).toBe(own.n);
      expect(own.n).toBeLessThan(global.seq);
      expect(JSON.stringify([verify, head])).not.toContain(global.hash);
      // A head exported earlier still anchors: a different hash for that entry is a break.
      const anchored = await t.http().get(`/audit/verify?anchorSeq=${head.seq}&anchorHash=${'0'.repeat(64)}`).set(bearer(auditor)).expect(200);
      expect(anchored.body).toMatchObject({ valid: false, firstBrokenEntry: head.seq });
      expect((await t.http().get(`/audit/verify?anchorSeq=${head.seq}&anchorHash=${head.hash}`).set(bearer(auditor)).expect(200)).body.valid).toBe(true);
    });
  });

  describe('9. a timestamp added to a signed report after signing', () => {
    it('makes POST /reports/verify answer valid: false, the same for every organisation', async () => {
      const roles = await demoRoles(t);
      const { id } = await caseAtAdvies(t, roles, { email: 'tijdstempel.achteraf@example.nl', name: 'Tim Achteraf' });
      const { body: report } = await t.http().post(`/cases/${id}/report`).set(bearer(roles.burgemeester)).expect(201);
      const pdf = (await t.http().get(`/reports/${report.reportId}/pdf`).set(bearer(roles.burgemeester)).buffer(true).parse(binaryBody).expect(200)).body as Buffer;
      const attackerTsa = await startTestTsa({ commonName: 'Tijdstempeldienst van de aanvaller' });
      let forged: Buffer;
      try {
        forged = await addTimestampAfterSigning(pdf, attackerTsa.url);
      } finally {
        await attackerTsa.close();
      }
      const verifyAs = async (token: string, bytes: Buffer) => (await t.http().post('/reports/verify').set(bearer(token)).set('Content-Type', 'application/pdf').send(bytes).expect(200)).body;
      const anderdorp = await t.login(DEMO.burgemeesterAnderdorp);
      expect(await verifyAs(anderdorp, pdf)).toMatchObject({ valid: true });
      const own = await verifyAs(roles.auditor, forged);
      const other = await verifyAs(anderdorp, forged);
      expect(own).toMatchObject({ valid: false, timestamp: { valid: true, trusted: false } });
      expect(other).toMatchObject({ valid: false, timestamp: { valid: true, trusted: false }, matchesStoredReport: false });
      expect(other.problems).toContain('Dit bestand wijkt af van het rapport dat deze dienst met dit rapport-id ondertekende (bijvoorbeeld een tijdstempel die later is toegevoegd).');
    });
  });
});

describe('security (#14): one rate-limit budget per client address, behind a proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1', RATE_LIMIT_PER_MINUTE: '10' });
  });
  afterAll(() => t.destroy());

  it('8. counts every route against one budget per address', async () => {
    const statuses: number[] = [];
    for (const path of ['/auth/methods', '/auth/oidc/start', '/me', '/auth/methods', '/auth/oidc/start', '/me', '/auth/methods', '/auth/oidc/start', '/me', '/auth/methods', '/auth/oidc/start', '/me']) {
      statuses.push((await t.http().get(path).set(from('203.0.113.60'))).status);
    }
    // Four requests per route, twelve in all: the budget of ten is shared.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  });

  it('3. cannot be escaped by rotating the left-most X-Forwarded-For entry', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await t.http().get('/auth/methods').set(from(`10.1.${i}.1, 203.0.113.61`))).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    // A different client behind the proxy has its own budget.
    await t.http().get('/auth/methods').set(from('203.0.113.62')).expect(200);
  });
});

describe('security (#14): 2. a renewed session ends as a whole', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '60' });
  });
  afterAll(() => t.destroy());

  it('refuses the earlier tokens of a renewed session after signing out with the newest', async () => {
    const first = cookieOf(await t.http().post('/auth/session').set(WEB).send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(200));
    // Past half its lifetime the application's check of the session renews it.
    await new Promise((resolve) => setTimeout(resolve, 31_000));
    const renewed = cookieOf(await t.http().get('/auth/session').set('Cookie', first).expect(200));
    expect(renewed).not.toBe('');
    expect(tokenOf(renewed)).not.toBe(tokenOf(first));
    await t.http().get('/me').set(bearer(tokenOf(first))).expect(200);
    await t.http().delete('/auth/session').set('Cookie', renewed).expect(204);
    for (const token of [tokenOf(first), tokenOf(renewed)]) {
      await t.http().get('/me').set(bearer(token)).expect(401);
      await t.http().get('/auth/session').set('Cookie', `basisscan_sessie=${encodeURIComponent(token)}`).expect(401);
    }
  }, 90_000);
});
