import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { bearer, DEMO, DEMO_PASSWORD, PROBLEM, startTestApp, TestApp } from '../support/test-app';

describe('local sign-in (POST /auth/login) and bearer tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', ACCESS_TOKEN_TTL_SECONDS: '120' });
  });
  afterAll(() => t.destroy());

  const signingKey = () => fs.readFileSync(path.join(t.config.dataDir, 'keys', 'jwt-ed25519.pem'), 'utf8');
  const userId = async (email: string) => (await t.dataSource.query('SELECT id FROM users WHERE email = $1', [email]))[0].id as string;

  it('returns a bearer token for the right password, which opens /me', async () => {
    const res = await t.http().post('/auth/login').send({ email: DEMO.burgemeester, password: DEMO_PASSWORD }).expect(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 120 });
    const me = await t.http().get('/me').set(bearer(res.body.accessToken)).expect(200);
    expect(me.body).toEqual({
      id: expect.any(String),
      email: DEMO.burgemeester,
      name: 'Burgemeester van Voorbeeldstad',
      organisation: { id: expect.any(String), code: 'voorbeeldstad', name: 'Gemeente Voorbeeldstad', kind: 'gemeente' },
      roles: ['opdrachtgever'],
    });
  });

  it('accepts the e-mail address in any letter case', async () => {
    await t.http().post('/auth/login').send({ email: 'Auditor@VoorbeeldStad.nl', password: DEMO_PASSWORD }).expect(200);
  });

  it('stores passwords as argon2id hashes', async () => {
    const [{ password_hash }] = await t.dataSource.query('SELECT password_hash FROM users WHERE email = $1', [DEMO.auditor]);
    expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a wrong password and an unknown account with the same answer', async () => {
    const wrong = await t.http().post('/auth/login').send({ email: DEMO.screener, password: 'fout' }).expect(401);
    const unknown = await t.http().post('/auth/login').send({ email: 'niemand@voorbeeldstad.nl', password: 'fout' }).expect(401);
    expect(wrong.body).toEqual({ ...PROBLEM, statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Het e-mailadres of het wachtwoord is onjuist.', traceId: expect.any(String) });
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('validates the login body', async () => {
    const res = await t.http().post('/auth/login').send({ email: 'geen-adres', extra: 1 }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'extra', 'password']);
  });

  it('throttles an account after repeated failures, even for the right password, and says when to retry', async () => {
    const email = DEMO.burgemeesterAnderdorp;
    for (let i = 0; i < 3; i++) await t.http().post('/auth/login').send({ email, password: `fout-${i}` }).expect(401);
    const res = await t.http().post('/auth/login').send({ email, password: DEMO_PASSWORD }).expect(429);
    expect(res.body.code).toBe('LOGIN_THROTTLED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Other accounts are not affected by one account's failures.
    await t.http().post('/auth/login').send({ email: DEMO.beheerder, password: DEMO_PASSWORD }).expect(200);
    // Throttling keys are pseudonyms: no e-mail address is stored with the failures.
    const keys: { key_hash: string }[] = await t.dataSource.query('SELECT key_hash FROM login_failures');
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const { key_hash } of keys) expect(key_hash).toMatch(/^[0-9a-f]{64}$/);
    // Once the window has passed the account may try again.
    await t.dataSource.query(`UPDATE login_failures SET failed_at = failed_at - interval '1 hour'`);
    await t.http().post('/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200);
  });

  it('refuses requests without a token, with a malformed header, or with garbage', async () => {
    const none = await t.http().get('/me').expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    await t.http().get('/me').set('Authorization', 'Basic abc').expect(401);
    await t.http().get('/me').set(bearer('not.a.jwt')).expect(401);
  });

  it('refuses an expired token with TOKEN_EXPIRED', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(await userId(DEMO.burgemeester))
      .setIssuer(t.config.publicUrl)
      .setAudience('basisscan')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(await importKey(signingKey()));
    const res = await t.http().get('/me').set(bearer(token)).expect(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token signed with another key, a tampered payload, and alg none', async () => {
    const sub = await userId(DEMO.burgemeester);
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'EdDSA' }).setSubject(sub).setIssuer(t.config.publicUrl).setAudience('basisscan').setExpirationTime('1h').sign(privateKey);
    expect((await t.http().get('/me').set(bearer(forged)).expect(401)).body.code).toBe('UNAUTHENTICATED');

    const genuine = await t.login(DEMO.burgemeester);
    const [header, payload, signature] = genuine.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, sub: await userId(DEMO.beheerder) })).toString('base64url'), signature].join('.');
    await t.http().get('/me').set(bearer(tampered)).expect(401);

    const none = [Buffer.from('{"alg":"none"}').toString('base64url'), payload, ''].join('.');
    await t.http().get('/me').set(bearer(none)).expect(401);
  });

  it('refuses a valid token of an account that was deactivated since', async () => {
    const token = await t.login(DEMO.auditor);
    await t.dataSource.query('UPDATE users SET active = false WHERE email = $1', [DEMO.auditor]);
    try {
      await t.http().get('/me').set(bearer(token)).expect(401);
      await t.http().post('/auth/login').send({ email: DEMO.auditor, password: DEMO_PASSWORD }).expect(401);
    } finally {
      await t.dataSource.query('UPDATE users SET active = true WHERE email = $1', [DEMO.auditor]);
    }
  });
});

async function importKey(pem: string) {
  const { createPrivateKey } = await import('node:crypto');
  return createPrivateKey(pem);
}
