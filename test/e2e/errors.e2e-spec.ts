import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

const ERROR_SHAPE = {
  statusCode: expect.any(Number),
  code: expect.stringMatching(/^[A-Z_]+$/),
  message: expect.any(String),
  traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
};

/** Things an error body must never contain. */
const LEAKS = /(at \w+ \(|node_modules|\.ts:\d+|SELECT |INSERT |UPDATE |QueryFailedError|duplicate key|violates)/;

describe('one error shape, security headers, tracing and rate limits', () => {
  let t: TestApp;
  let beheerder: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    beheerder = await t.login(DEMO.beheerder);
  });
  afterAll(() => t.destroy());

  it.each([
    ['malformed JSON', () => t.http().post('/auth/login').set('Content-Type', 'application/json').send('{"email": '), 400, 'MALFORMED_REQUEST'],
    ['validation failure', () => t.http().post('/users').set(bearer(beheerder)).send({ email: 'x', roles: ['koning'] }), 400, 'VALIDATION_FAILED'],
    ['unknown field', () => t.http().patch('/users/00000000-0000-4000-8000-000000000000').set(bearer(beheerder)).send({ isAdmin: true }), 400, 'VALIDATION_FAILED'],
    ['unknown route', () => t.http().get('/bestaat-niet'), 404, 'NOT_FOUND'],
    ['missing token', () => t.http().get('/me'), 401, 'UNAUTHENTICATED'],
    ['role without permission', async () => t.http().post('/users').set(bearer(await t.login(DEMO.burgemeester))).send({}), 403, 'FORBIDDEN'],
    ['body too large', () => t.http().post('/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'a'.repeat(2_000_000) })), 413, 'PAYLOAD_TOO_LARGE'],
  ])('%s: answered in the common shape, without internals', async (_name, send, status, code) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ ...ERROR_SHAPE, statusCode: status, code });
    expect(Object.keys(res.body).every((k) => ['type', 'title', 'status', 'detail', 'instance', 'statusCode', 'code', 'message', 'details', 'traceId'].includes(k))).toBe(true);
    // RFC 9457 problem details, with our members kept as extensions.
    expect(res.body).toMatchObject({ type: `urn:basisscan:probleem:${code}`, status, title: expect.any(String), detail: res.body.message, instance: expect.stringMatching(/^\//) });
    expect(JSON.stringify(res.body)).not.toMatch(LEAKS);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('names each invalid field by its Dutch label with a Dutch explanation: empty told from invalid, allowed values named', async () => {
    const res = await t.http().post('/users').set(bearer(beheerder)).send({ email: 'geen-adres', name: '', roles: ['koning'], wachtwoord: 'x' }).expect(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'email', label: 'E-mailadres', problems: [{ constraint: 'isEmail', message: 'moet een geldig e-mailadres zijn' }] },
        { field: 'name', label: 'Naam', problems: [{ constraint: expect.any(String), message: 'is verplicht' }] },
        { field: 'roles', label: 'Rollen', problems: [{ constraint: 'isIn', message: expect.stringMatching(/^heeft geen toegestane waarde; kies .*opdrachtgever.* of /) }] },
        { field: 'wachtwoord', label: 'wachtwoord', problems: [{ constraint: 'whitelistValidation', message: 'is geen toegestaan veld' }] },
      ]),
    );
    expect(res.body.message).toMatch(/^De invoer is ongeldig: /);
    expect(res.body.message).toContain('E-mailadres moet een geldig e-mailadres zijn');
    expect(res.body.message).toContain('Naam is verplicht');
    expect(res.body.message).not.toMatch(/\b(email|name|roles) /);
  });

  it('names the allowed conclusions in Dutch when a case event carries another', async () => {
    const { parsePayload } = await import('../../src/cases/event-payloads');
    let thrown: unknown;
    try {
      parsePayload('SUBMIT_FINAL', { conclusion: 'misschien' });
    } catch (error) {
      thrown = error;
    }
    const problem = (thrown as { details?: { field: string; label: string; problems: { message: string }[] }[] }).details?.find((d) => d.field === 'conclusion');
    expect(problem).toMatchObject({ label: 'Conclusie' });
    expect(problem?.problems[0].message).toBe('heeft geen toegestane waarde; kies geen risico\u2019s (geen_risicos), beheersbare risico\u2019s (beheersbaar) of ernstige risico\u2019s (ernstige_risicos)');
  });

  it('turns a duplicate into a clear conflict, not a 500', async () => {
    const body = { email: 'dubbel@voorbeeldstad.nl', name: 'Dubbel', roles: ['screener'] };
    await t.http().post('/users').set(bearer(beheerder)).send(body).expect(201);
    const again = await t.http().post('/users').set(bearer(beheerder)).send({ ...body, email: 'DUBBEL@voorbeeldstad.nl' }).expect(409);
    expect(again.body).toMatchObject({ code: 'EMAIL_TAKEN', message: 'Er bestaat al een account met dit e-mailadres.' });
  });

  it('continues a W3C trace from traceparent and starts one otherwise', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const continued = await t.http().get('/me').set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`).expect(401);
    expect(continued.body.traceId).toBe(traceId);
    expect(continued.headers['traceparent']).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const fresh = await t.http().get('/me').set('traceparent', 'rommel').expect(401);
    expect(fresh.body.traceId).not.toBe(traceId);
    expect(fresh.headers['traceparent']).toBe(`00-${fresh.body.traceId}-${fresh.headers['traceparent'].split('-')[2]}-01`);
  });

  it('sends security headers and hides the framework', async () => {
    const res = await t.http().get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await t.http().get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/auth/login', '/me', '/users', '/users/{id}', '/health']));
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ui = await t.http().get('/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });
});

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.destroy());

  it('answers 429 with Retry-After once a client exceeds the limit per minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.http().get('/health/live')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const res = await t.http().get('/health/live').expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
