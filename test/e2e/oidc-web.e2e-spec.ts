import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { describeInBrowser, ensureWebBuilt, launchBrowser, newPage } from '../support/browser';
import { freePort } from '../support/free-port';
import { startTestApp, TestApp } from '../support/test-app';

const AUDIENCE = 'basisscan-web';
const CLIENT_ID = 'basisscan';

const readBody = (req: IncomingMessage) =>
  new Promise<URLSearchParams>((resolve) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => resolve(new URLSearchParams(data)));
  });

/**
 * The organisation's provider, as far as the code flow needs it: it hands out codes for a given
 * PKCE challenge and exchanges them only with the matching verifier.
 */
describe('browser sign-in with the organisation’s OIDC provider (authorisation code with PKCE)', () => {
  let t: TestApp;
  let provider: Server;
  let issuer: string;
  let key: KeyLike;
  const codes = new Map<string, { challenge: string; sub: string }>();

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    provider = createServer(async (req, res) => {
      if (req.url === '/jwks') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      if (req.url === '/token' && req.method === 'POST') {
        const form = await readBody(req);
        const grant = codes.get(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        if (!grant || form.get('client_id') !== CLIENT_ID || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
          return res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant' }));
        }
        codes.delete(form.get('code')!);
        const token = await new SignJWT({ email: `${grant.sub}@voorbeeldstad.nl`, name: 'Ingrid Inlog', organisation: 'voorbeeldstad', realm_access: { roles: ['auditor'] } })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject(grant.sub)
          .setIssuer(issuer)
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(key);
        return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer' }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const { port } = provider.address() as AddressInfo;
    issuer = `http://127.0.0.1:${port}/realms/test`;
    t = await startTestApp({
      OIDC_ISSUER: issuer,
      OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_AUTHORIZATION_URL: `http://127.0.0.1:${port}/authorize`,
      OIDC_TOKEN_URL: `http://127.0.0.1:${port}/token`,
    });
  });
  afterAll(async () => {
    await t?.destroy();
    provider?.closeAllConnections();
    await new Promise((resolve) => provider?.close(resolve));
  });

  /** What the browser does: start, (the provider authenticates,) and return with the code. */
  async function startFlow() {
    const start = await t.http().get('/auth/oidc/start').expect(302);
    const location = new URL(start.headers.location);
    const flowCookie = (start.headers['set-cookie'] as unknown as string[])[0];
    expect(flowCookie).toMatch(/^basisscan_oidc=[\w-]+\.[\w-]+; Max-Age=600; Path=\/auth\/oidc; Expires=.+; HttpOnly; SameSite=Lax$/);
    return { location, cookie: flowCookie.split(';')[0] };
  }

  it('says the browser sign-in is available', async () => {
    expect((await t.http().get('/auth/methods').expect(200)).body).toEqual({ local: true, oidc: true });
  });

  it('signs in through the provider into a cookie session holding a token of our own', async () => {
    const { location, cookie } = await startFlow();
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${t.config.publicUrl}/auth/oidc/callback`,
      code_challenge_method: 'S256',
    });
    codes.set('code-1', { challenge: location.searchParams.get('code_challenge')!, sub: 'ingrid' });
    const back = await t.http().get(`/auth/oidc/callback?code=code-1&state=${location.searchParams.get('state')}`).set('Cookie', cookie).expect(302);
    expect(back.headers.location).toBe('/');
    const session = (back.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('basisscan_sessie='))!;
    expect(session).toMatch(/HttpOnly; SameSite=Strict$/);
    const me = await t.http().get('/auth/session').set('Cookie', session.split(';')[0]).expect(200);
    expect(me.body).toMatchObject({ kind: 'user', email: 'ingrid@voorbeeldstad.nl', roles: ['auditor'], organisation: { name: 'Gemeente Voorbeeldstad' } });
    const [entry] = await t.dataSource.query(`SELECT result FROM audit_log WHERE action = 'auth.login.oidc' ORDER BY seq DESC LIMIT 1`);
    expect(entry.result).toBe('ok');
  });

  it('refuses a return with another state, a reused code, or no flow cookie, and sends the person back to sign in', async () => {
    const { location, cookie } = await startFlow();
    codes.set('code-2', { challenge: location.searchParams.get('code_challenge')!, sub: 'ingrid' });
    const forged = await t.http().get('/auth/oidc/callback?code=code-2&state=ander').set('Cookie', cookie).expect(302);
    expect(forged.headers.location).toBe('/inloggen?fout=oidc');
    expect(((forged.headers['set-cookie'] as unknown as string[]) ?? []).some((c) => c.startsWith('basisscan_sessie='))).toBe(false);
    await t.http().get(`/auth/oidc/callback?code=code-2&state=${location.searchParams.get('state')}`).expect(302, /inloggen\?fout=oidc/);
    // The code was spent on nothing, but a code with a challenge from another flow fails at the provider.
    const other = await startFlow();
    const replay = await t.http().get(`/auth/oidc/callback?code=code-2&state=${other.location.searchParams.get('state')}`).set('Cookie', other.cookie).expect(302);
    expect(replay.headers.location).toBe('/inloggen?fout=oidc');
  });
});

describeInBrowser('the OIDC button on the sign-in page', () => {
  it('takes the person through the provider and back, signed in', async () => {
    // Its own app and provider, so the redirect URI is the browser's address of the app.
    ensureWebBuilt();
    const pair = await generateKeyPair('RS256');
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const grants = new Map<string, string>();
    let providerIssuer = '';
    const idp = createServer(async (req, res) => {
      if (req.url === '/jwks') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      if (req.url?.startsWith('/authorize')) {
        const query = new URL(req.url, 'http://provider').searchParams;
        grants.set('b1', query.get('code_challenge') ?? '');
        const back = new URL(query.get('redirect_uri') ?? '');
        back.search = new URLSearchParams({ code: 'b1', state: query.get('state') ?? '' }).toString();
        return res.writeHead(302, { Location: back.toString() }).end();
      }
      if (req.url === '/token') {
        const form = await readBody(req);
        if (createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') !== grants.get(form.get('code') ?? '')) return res.writeHead(400).end('{}');
        const token = await new SignJWT({ email: 'bram@voorbeeldstad.nl', name: 'Bram Browser', organisation: 'voorbeeldstad', realm_access: { roles: ['auditor'] } })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setSubject('bram')
          .setIssuer(providerIssuer)
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(pair.privateKey);
        return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: token }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as AddressInfo;
    providerIssuer = `http://127.0.0.1:${port}/realms/test`;
    const appPort = await freePort();
    const t = await startTestApp({
      PUBLIC_URL: `http://127.0.0.1:${appPort}`,
      OIDC_ISSUER: providerIssuer,
      OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_AUTHORIZATION_URL: `http://127.0.0.1:${port}/authorize`,
      OIDC_TOKEN_URL: `http://127.0.0.1:${port}/token`,
    }, undefined, appPort);
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser, t);
      await page.goto('/inloggen');
      await page.getByRole('link', { name: 'Inloggen via uw organisatie' }).click();
      await page.getByRole('button', { name: 'Afmelden' }).waitFor();
      await page.getByText('Bram Browser (auditor)').waitFor();
    } finally {
      await browser.close();
      await t.destroy();
      idp.closeAllConnections();
      await new Promise((resolve) => idp.close(resolve));
    }
  });
});

describe('without a configured OIDC client', () => {
  it('offers local sign-in only, and no OIDC flow', async () => {
    const t = await startTestApp();
    try {
      expect((await t.http().get('/auth/methods').expect(200)).body).toEqual({ local: true, oidc: false });
      await t.http().get('/auth/oidc/start').expect(404);
    } finally {
      await t.destroy();
    }
  });
});
