import { createHash } from 'node:crypto';
import { describeInBrowser, ensureWebBuilt, launchBrowser, newPage } from '../support/browser';
import { freePort } from '../support/free-port';
import { RunningProvider, startOidcProvider } from '../support/oidc-provider';
import { bearer, startTestApp, TestApp } from '../support/test-app';

const AUDIENCE = 'basisscan-web';
const CLIENT_ID = 'basisscan';
const CLIENT_SECRET = 'een-lang-geheim-van-de-client';
const ACCOUNTS = {
  ingrid: { email: 'ingrid@voorbeeldstad.nl', name: 'Ingrid Inlog', organisation: 'voorbeeldstad', roles: ['auditor'] },
};

/** What a browser keeps for one site: its cookies. Enough to walk the provider's pages with fetch. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const split = pair.indexOf('=');
      this.cookies.set(pair.slice(0, split), pair.slice(split + 1));
    }
  }
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), Cookie: this.header() } });
    this.store(response);
    return response;
  }
}

const formOf = (html: string) => ({
  action: /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&'),
  hidden: Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]])),
});

/**
 * The person at the provider: follows redirects within the provider, signs in on its login form
 * when asked, and stops at the first redirect that leaves the provider (back to us).
 */
async function atProvider(jar: CookieJar, provider: RunningProvider, start: string, login?: string): Promise<{ leftTo: URL; signInShown: boolean }> {
  let url = new URL(start, provider.issuer);
  let signInShown = false;
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin !== provider.issuer) return { leftTo: url, signInShown };
    const response = await jar.fetch(url.toString());
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url);
      continue;
    }
    const html = await response.text();
    if (!/name="login"/.test(html) || !login) throw new Error(`unexpected page at the provider: ${response.status} ${html.slice(0, 200)}`);
    signInShown = true;
    const form = formOf(html);
    const submitted = await jar.fetch(new URL(form.action!, url).toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, login, password: 'om-het-even' }).toString(),
    });
    url = new URL(submitted.headers.get('location')!, url);
  }
  throw new Error('too many redirects at the provider');
}

describe('sign-in through the organisation’s provider, found by discovery (oidc-provider, authorisation code with PKCE)', () => {
  let t: TestApp;
  let provider: RunningProvider;
  let appUrl: string;

  beforeAll(async () => {
    const appPort = await freePort();
    appUrl = `http://127.0.0.1:${appPort}`;
    provider = await startOidcProvider({
      client: {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${appUrl}/api/v1/auth/oidc/callback`],
        post_logout_redirect_uris: [`${appUrl}/inloggen?afgemeld=1`],
      },
      audience: AUDIENCE,
      accounts: ACCOUNTS,
    });
    // Only the issuer, the client and the audience: every endpoint comes from discovery.
    t = await startTestApp(
      { PUBLIC_URL: appUrl, OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET },
      undefined,
      appPort,
    );
  });
  afterAll(async () => {
    await t?.destroy();
    await provider?.stop();
  });

  /** Start at the service, sign in at the provider, and return to the service's callback. */
  async function signInFlow(providerJar: CookieJar, login?: string) {
    const start = await t.http().get('/api/v1/auth/oidc/start').expect(302);
    const flowCookie = (start.headers['set-cookie'] as unknown as string[])[0];
    expect(flowCookie).toMatch(/^basisscan_oidc=[\w-]+\.[\w-]+; Max-Age=600; Path=\/api\/v1\/auth\/oidc; Expires=.+; HttpOnly; SameSite=Lax$/);
    expect(start.headers.location.startsWith(`${provider.issuer}/`)).toBe(true);
    const { leftTo, signInShown } = await atProvider(providerJar, provider, start.headers.location, login);
    return { leftTo, signInShown, flowCookie: flowCookie.split(';')[0] };
  }

  it('says the browser sign-in is available', async () => {
    expect((await t.http().get('/api/v1/auth/methods').expect(200)).body).toEqual({ local: true, oidc: true });
  });

  it('signs in with only issuer, client and audience configured, into a cookie session holding a token of our own', async () => {
    const jar = new CookieJar();
    const { leftTo, signInShown, flowCookie } = await signInFlow(jar, 'ingrid');
    expect(signInShown).toBe(true);
    expect(`${leftTo.origin}${leftTo.pathname}`).toBe(`${appUrl}/api/v1/auth/oidc/callback`);
    const back = await t.http().get(`${leftTo.pathname}${leftTo.search}`).set('Cookie', flowCookie).expect(302);
    expect(back.headers.location).toBe('/');
    const session = (back.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('basisscan_sessie='))!;
    expect(session).toMatch(/HttpOnly; SameSite=Strict$/);
    const me = await t.http().get('/api/v1/auth/session').set('Cookie', session.split(';')[0]).expect(200);
    expect(me.body).toMatchObject({ kind: 'user', email: 'ingrid@voorbeeldstad.nl', name: 'Ingrid Inlog', roles: ['auditor'], organisation: { name: 'Gemeente Voorbeeldstad' }, viaProvider: true });
    const [entry] = await t.dataSource.query(`SELECT result FROM audit_log WHERE action = 'auth.login.oidc' ORDER BY seq DESC LIMIT 1`);
    expect(entry.result).toBe('ok');
    // The endpoints came from the discovery document, fetched once and cached.
    expect(provider.requests.filter((r) => r === 'GET /.well-known/openid-configuration')).toHaveLength(1);
    expect(provider.requests).toContain('GET /jwks');
  });

  it('accepts the provider’s access token as a bearer token, as an integrator’s client would use it', async () => {
    const jar = new CookieJar();
    const { leftTo } = await signInFlow(jar, 'ingrid');
    // The code was made for the service's PKCE challenge: exchanged without its verifier, the provider refuses it.
    const stolen = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: leftTo.searchParams.get('code')!, redirect_uri: `${appUrl}/api/v1/auth/oidc/callback`, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code_verifier: 'x'.repeat(43) }),
    });
    expect(stolen.status).toBe(400);
    // A client of its own that does the flow itself gets a JWT access token the API accepts.
    const verifier = 'v'.repeat(43);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = new URL(`${provider.issuer}/auth`);
    authorize.search = new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: `${appUrl}/api/v1/auth/oidc/callback`, scope: 'openid email profile', code_challenge: challenge, code_challenge_method: 'S256', state: 'integrator' }).toString();
    const own = await atProvider(jar, provider, authorize.toString());
    const tokens = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: own.leftTo.searchParams.get('code')!, redirect_uri: `${appUrl}/api/v1/auth/oidc/callback`, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code_verifier: verifier }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const me = await t.http().get('/api/v1/auth/session').set(bearer(tokens.access_token)).expect(200);
    expect(me.body).toMatchObject({ kind: 'user', email: 'ingrid@voorbeeldstad.nl', roles: ['auditor'], viaProvider: false });
  });

  it('refuses a return with another state, or without the flow cookie, and sends the person back to sign in', async () => {
    const jar = new CookieJar();
    const { leftTo, flowCookie } = await signInFlow(jar, 'ingrid');
    const code = leftTo.searchParams.get('code')!;
    const forged = await t.http().get(`/api/v1/auth/oidc/callback?code=${code}&state=ander`).set('Cookie', flowCookie).expect(302);
    expect(forged.headers.location).toBe('/inloggen?fout=oidc');
    expect(((forged.headers['set-cookie'] as unknown as string[]) ?? []).some((c) => c.startsWith('basisscan_sessie='))).toBe(false);
    await t.http().get(`/api/v1/auth/oidc/callback?code=${code}&state=${leftTo.searchParams.get('state')}`).expect(302, /inloggen\?fout=oidc/);
  });

  it('signs out at the provider too: afterwards the provider asks to sign in again', async () => {
    const jar = new CookieJar();
    await signInFlow(jar, 'ingrid');
    // Still signed in at the provider: a second flow passes without the sign-in form.
    expect((await signInFlow(jar)).signInShown).toBe(false);
    const logout = await t.http().get('/api/v1/auth/oidc/logout').expect(302);
    const endSession = new URL(logout.headers.location);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(Object.fromEntries(endSession.searchParams)).toEqual({ client_id: CLIENT_ID, post_logout_redirect_uri: `${appUrl}/inloggen?afgemeld=1` });
    // The provider asks to confirm (no id_token_hint); the person confirms.
    const page = await jar.fetch(endSession.toString());
    const form = formOf(await page.text());
    const confirmed = await jar.fetch(new URL(form.action!, provider.issuer).toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, logout: 'yes' }).toString(),
    });
    const { leftTo } = await atProvider(jar, provider, confirmed.headers.get('location')!);
    expect(leftTo.toString()).toBe(`${appUrl}/inloggen?afgemeld=1`);
    expect((await signInFlow(jar, 'ingrid')).signInShown).toBe(true);
  });
});

describe('when the provider cannot be reached', () => {
  it('sends the person back to the sign-in page with a reason, and refuses the provider’s tokens without a server error', async () => {
    const port = await freePort(); // nothing listens there
    const t = await startTestApp({ OIDC_ISSUER: `http://127.0.0.1:${port}`, OIDC_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: CLIENT_ID });
    try {
      const start = await t.http().get('/api/v1/auth/oidc/start').expect(302);
      expect(start.headers.location).toBe('/inloggen?fout=oidc-onbereikbaar');
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'x' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ iss: `http://127.0.0.1:${port}`, sub: 'x', aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
      await t.http().get('/api/v1/auth/session').set(bearer(`${header}.${payload}.c2ln`)).expect(401);
      // Without an end-session endpoint to go to, signing out goes straight back to the sign-in page.
      expect((await t.http().get('/api/v1/auth/oidc/logout').expect(302)).headers.location).toBe('/inloggen?afgemeld=1');
    } finally {
      await t.destroy();
    }
  });
});

describeInBrowser('the OIDC button on the sign-in page', () => {
  it('takes the person through the provider and back, signed in, and signs out at the provider as well', async () => {
    ensureWebBuilt();
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    const provider = await startOidcProvider({
      client: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${appUrl}/api/v1/auth/oidc/callback`], post_logout_redirect_uris: [`${appUrl}/inloggen?afgemeld=1`] },
      audience: AUDIENCE,
      accounts: { bram: { email: 'bram@voorbeeldstad.nl', name: 'Bram Browser', organisation: 'voorbeeldstad', roles: ['auditor'] } },
    });
    const t = await startTestApp({ PUBLIC_URL: appUrl, OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET }, undefined, appPort);
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser, t);
      await page.goto('/inloggen');
      await page.getByRole('link', { name: 'Inloggen via uw organisatie' }).click();
      await page.locator('input[name="login"]').fill('bram');
      await page.locator('input[name="password"]').fill('om-het-even');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Afmelden' }).waitFor();
      await page.getByText('Bram Browser').first().waitFor();
      await page.getByRole('button', { name: 'Afmelden' }).click();
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.getByText('U bent afgemeld.').waitFor();
      expect(new URL(page.url()).pathname).toBe('/inloggen');
      // Signed out at the provider: the next sign-in asks for the password again.
      await page.getByRole('link', { name: 'Inloggen via uw organisatie' }).click();
      await page.locator('input[name="login"]').waitFor();
    } finally {
      await browser.close();
      await t.destroy();
      await provider.stop();
    }
  });
});

describe('without a configured OIDC client', () => {
  it('offers local sign-in only, and no OIDC flow', async () => {
    const t = await startTestApp();
    try {
      expect((await t.http().get('/api/v1/auth/methods').expect(200)).body).toEqual({ local: true, oidc: false });
      await t.http().get('/api/v1/auth/oidc/start').expect(404);
      await t.http().get('/api/v1/auth/oidc/logout').expect(404);
    } finally {
      await t.destroy();
    }
  });
});
