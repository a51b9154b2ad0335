import { ROLE_PERMISSIONS } from '../../src/access/permissions';
import { PROBES } from '../support/probes';
import { expressApiRoutes, expressRoutes, listRoutes, RouteInfo } from '../support/routes';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

/**
 * The shape of access control: every route found, declared and probed. What each route answers to
 * each caller, for each object, is the authorisation matrix (authorisation-matrix.e2e-spec.ts).
 */
describe('access control on every route', () => {
  let t: TestApp;
  let routes: RouteInfo[];

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
  });
  afterAll(() => t.destroy());

  it('finds every route Express serves', () => {
    // Swagger's pages and its catch-all for static assets are not API routes.
    const served = expressApiRoutes(t.app).filter((r) => !r.includes('/docs') && !r.endsWith(' /{*path}'));
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(served.sort());
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(PROBES).length);
    // Every API route lives under the versioned base.
    expect(expressRoutes(t.app).filter((r) => !r.includes('/docs') && !r.endsWith(' /{*path}') && !/^\S+ \/api\/v1(\/|$)/.test(r))).toEqual([]);
  });

  it('has a declared permission (or @Public) on every route, and a probe for it in the matrix', () => {
    const undeclared = routes.filter((r) => !r.isPublic && !r.permission).map((r) => r.handler);
    expect(undeclared).toEqual([]);
    const ambiguous = routes.filter((r) => r.isPublic && r.permission).map((r) => r.handler);
    expect(ambiguous).toEqual([]);
    expect(routes.map((r) => `${r.method} ${r.path}`).filter((k) => !PROBES[k])).toEqual([]);
    // No probe for a route that is gone: the matrix would silently skip it.
    expect(Object.keys(PROBES).filter((k) => !routes.some((r) => `${r.method} ${r.path}` === k))).toEqual([]);
  });

  it('makes only sign-in, health and the recipients’ document links public', () => {
    expect(routes.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'DELETE /auth/session', 'GET /auth/methods', 'GET /auth/oidc/callback', 'GET /auth/oidc/logout', 'GET /auth/oidc/start', 'GET /document-links/:token', 'GET /health', 'GET /health/live',
      'POST /auth/invitation', 'POST /auth/invitation/new-link', 'POST /auth/invitation/session', 'POST /auth/login', 'POST /auth/session',
    ]);
  });

  it('matches a snapshot of every route permission, so changes are deliberate', () => {
    expect(Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.isPublic ? 'public' : r.permission]))).toMatchSnapshot();
    expect(ROLE_PERMISSIONS).toMatchSnapshot();
  });

  it('lists only users of the caller’s own organisation', async () => {
    const res = await t.http().get('/users').set(bearer(await t.login(DEMO.beheerder))).expect(200);
    const emails = res.body.map((u: { email: string }) => u.email);
    expect(emails).toEqual(expect.arrayContaining([DEMO.burgemeester, DEMO.auditor, DEMO.beheerder]));
    expect(emails).not.toContain(DEMO.burgemeesterAnderdorp);
    expect(emails).not.toContain(DEMO.screener);
  });
});
