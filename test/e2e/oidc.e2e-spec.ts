import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { bearer, DEMO, DEMO_PASSWORD, PROBLEM, startTestApp, TestApp } from '../support/test-app';

const AUDIENCE = 'basisscan-web';
const KID = 'test-key-1';

interface UserRow {
  id: string;
  email: string;
  name: string;
  roles: string[];
  oidc_issuer: string | null;
  oidc_subject: string | null;
  password_hash: string | null;
}

describe('sign-in through an OIDC provider (bearer tokens from the configured issuer)', () => {
  let t: TestApp;
  let jwks: Server;
  let jwksRequests = 0;
  let issuer: string;
  let providerKey: KeyLike;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    providerKey = privateKey;
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    jwks = createServer((req, res) => {
      if (req.url !== '/jwks') {
        res.writeHead(404).end();
        return;
      }
      jwksRequests++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    issuer = `http://127.0.0.1:${port}/realms/test`;
    t = await startTestApp({
      OIDC_ISSUER: issuer,
      OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_ROLES_CLAIM: 'realm_access.roles',
    });
  });

  afterAll(async () => {
    await t?.destroy();
    if (!jwks) return;
    const closed = new Promise<void>((resolve, reject) => jwks.close((err) => (err ? reject(err) : resolve())));
    jwks.closeAllConnections(); // the app's JWKS fetches keep connections alive
    await closed;
  });

  interface TokenOptions {
    issuer?: string;
    audience?: string;
    key?: KeyLike;
    kid?: string;
    /** Seconds since the epoch. */
    expiresAt?: number;
    issuedAt?: number;
  }

  /** A token as the provider would issue it; `claims` replace the defaults one by one (undefined drops one). */
  const oidcToken = async (sub: string, claims: Record<string, unknown> = {}, options: TokenOptions = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      email: `${sub}@voorbeeldstad.nl`,
      name: `Medewerker ${sub}`,
      organisation: 'voorbeeldstad',
      realm_access: { roles: ['auditor'] },
      ...claims,
    };
    for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? KID, typ: 'JWT' })
      .setSubject(sub)
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt(options.issuedAt ?? now)
      .setExpirationTime(options.expiresAt ?? now + 300)
      .sign(options.key ?? providerKey);
  };

  const rowsFor = (where: 'oidc_subject' | 'email', value: string): Promise<UserRow[]> =>
    t.dataSource.query(
      `SELECT id, email, name, roles, oidc_issuer, oidc_subject, password_hash FROM users WHERE ${where} = $1 ORDER BY created_at`,
      [value],
    );

  /** Asserts the standard 401 body and returns it. */
  const expectRefused = async (token: string, code = 'UNAUTHENTICATED') => {
    const res = await t.http().get('/me').set(bearer(token)).expect(401);
    expect(res.body).toEqual({ ...PROBLEM, statusCode: 401, code, message: expect.any(String), traceId: expect.any(String) });
    expect(res.body.message.length).toBeGreaterThan(0);
    return res.body as { statusCode: number; code: string; message: string; traceId: string };
  };

  it('opens /me for a valid provider token and provisions one password-less account for the subject', async () => {
    const sub = 'kc-7f3a-auditor';
    const token = await oidcToken(sub, { email: 'Jan.Jansen@Voorbeeldstad.nl', name: '  Jan Jansen ' });

    const me = await t.http().get('/me').set(bearer(token)).expect(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      email: 'jan.jansen@voorbeeldstad.nl',
      name: 'Jan Jansen',
      organisation: { id: expect.any(String), code: 'voorbeeldstad', name: 'Gemeente Voorbeeldstad', kind: 'gemeente' },
      roles: ['auditor'],
    });
    expect(jwksRequests).toBeGreaterThan(0);

    const rows = await rowsFor('oidc_subject', sub);
    expect(rows).toEqual([
      {
        id: me.body.id,
        email: 'jan.jansen@voorbeeldstad.nl',
        name: 'Jan Jansen',
        roles: ['auditor'],
        oidc_issuer: issuer,
        oidc_subject: sub,
        password_hash: null,
      },
    ]);

    // A later token of the same subject finds the same account; no second row appears.
    const again = await t.http().get('/me').set(bearer(await oidcToken(sub, { email: 'Jan.Jansen@Voorbeeldstad.nl' }))).expect(200);
    expect(again.body.id).toBe(me.body.id);
    expect(await rowsFor('oidc_subject', sub)).toHaveLength(1);
    expect(await rowsFor('email', 'jan.jansen@voorbeeldstad.nl')).toHaveLength(1);

    // Such an account has no password, so local sign-in with its address is refused.
    const local = await t.http().post('/auth/login').send({ email: 'jan.jansen@voorbeeldstad.nl', password: DEMO_PASSWORD }).expect(401);
    expect(local.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('provisions a subject only once when its first requests arrive together', async () => {
    const sub = 'kc-concurrent-first-sign-in';
    const token = await oidcToken(sub);
    const answers = await Promise.all(Array.from({ length: 8 }, () => t.http().get('/me').set(bearer(token))));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await rowsFor('oidc_subject', sub)).toHaveLength(1);
  });

  it('takes the roles from the token on every request, from the configured dotted claim path', async () => {
    const sub = 'kc-roles-follow-token';

    const asBeheerder = await oidcToken(sub, { realm_access: { roles: ['beheerder'] } });
    const list = await t.http().get('/users').set(bearer(asBeheerder)).expect(200);
    // Only the caller's own organisation is listed.
    const emails = list.body.map((u: { email: string }) => u.email);
    expect(emails).toEqual(expect.arrayContaining([DEMO.burgemeester, DEMO.auditor, DEMO.beheerder, `${sub}@voorbeeldstad.nl`]));
    expect(emails).not.toContain(DEMO.burgemeesterAnderdorp);
    expect(list.body.find((u: { email: string }) => u.email === `${sub}@voorbeeldstad.nl`).signIn).toEqual(['oidc']);

    const asOpdrachtgever = await oidcToken(sub, { realm_access: { roles: ['opdrachtgever'] } });
    const refused = await t.http().get('/users').set(bearer(asOpdrachtgever)).expect(403);
    expect(refused.body).toEqual({ ...PROBLEM, statusCode: 403, code: 'FORBIDDEN', message: expect.any(String), traceId: expect.any(String) });
    expect((await t.http().get('/me').set(bearer(asOpdrachtgever)).expect(200)).body.roles).toEqual(['opdrachtgever']);
    expect((await rowsFor('oidc_subject', sub))[0].roles).toEqual(['opdrachtgever']);

    // The roles claim is read at realm_access.roles only: a top-level `roles` claim grants nothing.
    const topLevel = await oidcToken(sub, { roles: ['beheerder'], realm_access: { roles: ['opdrachtgever'] } });
    await t.http().get('/users').set(bearer(topLevel)).expect(403);

    // Role strings the service does not know are dropped; the known ones still count.
    const withUnknown = await oidcToken(sub, { realm_access: { roles: ['offline_access', 'uma_authorization', 'beheerder', 'admin'] } });
    await t.http().get('/users').set(bearer(withUnknown)).expect(200);
    expect((await t.http().get('/me').set(bearer(withUnknown)).expect(200)).body.roles).toEqual(['beheerder']);
    expect((await rowsFor('oidc_subject', sub))[0].roles).toEqual(['beheerder']);

    expect(await rowsFor('oidc_subject', sub)).toHaveLength(1);
  });

  it('drops roles a screening bureau cannot have, whatever the provider says', async () => {
    const token = await oidcToken('bureau-medewerker', {
      email: 'medewerker@integriteitsbureau.nl',
      organisation: 'integriteitsbureau-noord',
      realm_access: { roles: ['opdrachtgever', 'auditor', 'screener'] },
    });
    const me = await t.http().get('/me').set(bearer(token)).expect(200);
    expect(me.body.organisation.kind).toBe('screeningsbureau');
    expect(me.body.roles).toEqual(['screener']);
  });

  it('refuses a token for another audience', async () => {
    const sub = 'kc-wrong-audience';
    await expectRefused(await oidcToken(sub, {}, { audience: 'account' }));
    expect(await rowsFor('oidc_subject', sub)).toEqual([]);
    // The same token for the right audience is accepted: the audience alone made the difference.
    await t.http().get('/me').set(bearer(await oidcToken(sub))).expect(200);
  });

  it('refuses a token from another issuer, even when signed with the provider key', async () => {
    const sub = 'kc-wrong-issuer';
    await expectRefused(await oidcToken(sub, {}, { issuer: `${issuer}-other` }));
    await expectRefused(await oidcToken(sub, {}, { issuer: t.config.publicUrl, audience: 'basisscan' }));
    expect(await rowsFor('oidc_subject', sub)).toEqual([]);
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const sub = 'kc-expired';
    const now = Math.floor(Date.now() / 1000);
    const res = await t.http().get('/me').set(bearer(await oidcToken(sub, {}, { issuedAt: now - 3600, expiresAt: now - 60 }))).expect(401);
    expect(res.body).toEqual({ ...PROBLEM, statusCode: 401, code: 'TOKEN_EXPIRED', message: expect.any(String), traceId: expect.any(String) });
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(await rowsFor('oidc_subject', sub)).toEqual([]);
  });

  it('refuses a token signed by a key that is not in the JWKS', async () => {
    const sub = 'kc-forged';
    const { privateKey: foreignKey } = await generateKeyPair('RS256');
    // Claiming the provider's key id does not help: the signature does not match that key.
    await expectRefused(await oidcToken(sub, { realm_access: { roles: ['beheerder'] } }, { key: foreignKey }));
    // Nor does a key id the provider never published.
    await expectRefused(await oidcToken(sub, { realm_access: { roles: ['beheerder'] } }, { key: foreignKey, kid: 'attacker-key' }));
    expect(await rowsFor('oidc_subject', sub)).toEqual([]);
  });

  it('refuses a token whose organisation is unknown or missing, and provisions nothing', async () => {
    const unknown = await expectRefused(await oidcToken('kc-unknown-org', { organisation: 'nergenshuizen' }));
    expect(unknown.message).toMatch(/organisatie/i);
    expect(await rowsFor('oidc_subject', 'kc-unknown-org')).toEqual([]);

    const missing = await expectRefused(await oidcToken('kc-no-org', { organisation: undefined }));
    expect(missing.message).toMatch(/organisatie/i);
    expect(await rowsFor('oidc_subject', 'kc-no-org')).toEqual([]);
    expect(await rowsFor('email', 'kc-no-org@voorbeeldstad.nl')).toEqual([]);
  });

  it('refuses a token whose e-mail address belongs to an account of another organisation, and leaves that account alone', async () => {
    const [before] = await rowsFor('email', DEMO.burgemeesterAnderdorp);
    const body = await expectRefused(await oidcToken('kc-email-other-org', { email: DEMO.burgemeesterAnderdorp, realm_access: { roles: ['beheerder'] } }));
    expect(body.message).toMatch(/ander account/);
    expect(await rowsFor('oidc_subject', 'kc-email-other-org')).toEqual([]);
    const [after] = await rowsFor('email', DEMO.burgemeesterAnderdorp);
    expect(after).toEqual(before);
    expect(after.oidc_subject).toBeNull();
    expect(after.roles).toEqual(['opdrachtgever']);
  });

  it('refuses a known subject whose token now names another organisation', async () => {
    const sub = 'kc-moves-organisation';
    const first = await t.http().get('/me').set(bearer(await oidcToken(sub))).expect(200);
    expect(first.body.organisation.code).toBe('voorbeeldstad');
    await expectRefused(await oidcToken(sub, { organisation: 'anderdorp' }));
    const rows = await rowsFor('oidc_subject', sub);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(first.body.id);
  });

  it('links an account the beheerder created to the first OIDC sign-in with its address, without a duplicate', async () => {
    const beheerder = await t.login(DEMO.beheerder);
    const created = await t
      .http()
      .post('/users')
      .set(bearer(beheerder))
      .send({ email: 'p.de.vries@voorbeeldstad.nl', name: 'Petra de Vries', roles: ['auditor'] })
      .expect(201);
    expect(created.body.signIn).toEqual([]);

    const sub = 'kc-petra';
    const token = await oidcToken(sub, { email: 'P.de.Vries@VoorbeeldStad.nl', name: 'P. de Vries', realm_access: { roles: ['auditor'] } });
    const me = await t.http().get('/me').set(bearer(token)).expect(200);
    expect(me.body.id).toBe(created.body.id);
    expect(me.body.email).toBe('p.de.vries@voorbeeldstad.nl');
    expect(me.body.organisation.code).toBe('voorbeeldstad');

    const rows = await rowsFor('email', 'p.de.vries@voorbeeldstad.nl');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: created.body.id, oidc_issuer: issuer, oidc_subject: sub, password_hash: null });

    const view = await t.http().get(`/users/${created.body.id}`).set(bearer(beheerder)).expect(200);
    expect(view.body.signIn).toEqual(['oidc']);

    // Once linked, the address cannot be claimed by another subject of the provider.
    await expectRefused(await oidcToken('kc-petra-impostor', { email: 'p.de.vries@voorbeeldstad.nl' }));
    expect(await rowsFor('oidc_subject', 'kc-petra-impostor')).toEqual([]);
  });

  it('keeps local sign-in working next to OIDC', async () => {
    for (const email of [DEMO.burgemeester, DEMO.screener]) {
      const res = await t.http().post('/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: expect.any(Number) });
      const me = await t.http().get('/me').set(bearer(res.body.accessToken)).expect(200);
      expect(me.body.email).toBe(email);
    }
    const beheerder = await t.login(DEMO.beheerder);
    await t.http().get('/users').set(bearer(beheerder)).expect(200);
    await t.http().post('/auth/login').send({ email: DEMO.burgemeester, password: 'fout-wachtwoord' }).expect(401);
    // Local accounts keep their password and get no OIDC identity from local sign-in.
    const [row] = await rowsFor('email', DEMO.burgemeester);
    expect(row.oidc_subject).toBeNull();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});
