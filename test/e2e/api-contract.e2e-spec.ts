import Ajv from 'ajv';
import { EVENT_ACTORS } from '../../workflows/actors';
import { COMMON_EVENT_REFUSALS, EVENT_CATALOGUE, eventRefusals } from '../../src/cases/event-catalogue';
import { API_VERSION } from '../../src/common/api-version';
import { OPERATIONS } from '../../src/common/openapi-operations';
import { eventSchemaName } from '../../src/common/openapi-events';
import { caseFlow, demoRoles } from '../support/cases';
import { bearer, startTestApp, TestApp } from '../support/test-app';

type Schema = Record<string, unknown> & { properties?: Record<string, unknown>; example?: Record<string, unknown> };
interface Operation {
  summary?: string;
  description?: string;
  requestBody?: { content: Record<string, { schema: { oneOf?: { $ref: string }[]; discriminator?: { propertyName: string; mapping: Record<string, string> } } }> };
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
}
interface Document {
  info: { version: string; contact: { name: string; email: string; url: string } };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** The API contract (issue 15): versioned paths, the version header, problem details, and a document that says all of it. */
describe('the API contract: /api/v1, API-Version, problem details, the OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  let roles: Awaited<ReturnType<typeof demoRoles>>;

  beforeAll(async () => {
    t = await startTestApp();
    roles = await demoRoles(t);
    doc = (await t.api().get('/openapi.json').expect(200)).body as Document;
  });
  afterAll(() => t.destroy());

  describe('versioned base path and the deprecated unversioned alias', () => {
    it('answers on /api/v1 with the full version, without a deprecation', async () => {
      const res = await t.api().get('/me').set(bearer(roles.burgemeester)).expect(200);
      expect(res.headers['api-version']).toBe(API_VERSION);
      expect(res.headers.deprecation).toBeUndefined();
      expect(res.headers.link).toBeUndefined();
    });

    it('still answers on the unversioned path, marked deprecated with a link to its successor', async () => {
      const res = await t.http().get('/me').set(bearer(roles.burgemeester)).expect(200);
      const versioned = await t.api().get('/me').set(bearer(roles.burgemeester)).expect(200);
      expect(res.body).toEqual(versioned.body);
      expect(res.headers['api-version']).toBe(API_VERSION);
      expect(res.headers.deprecation).toMatch(/^@\d+$/);
      expect(res.headers.link).toBe('</api/v1/me>; rel="successor-version"');
      const withId = await t.http().get(`/users/${roles.screenerId}`).set(bearer(roles.burgemeester));
      expect(withId.headers.link).toBe(`</api/v1/users/${roles.screenerId}>; rel="successor-version"`);
    });

    it('keeps /health unversioned for good, and serves it under /api/v1 too', async () => {
      const plain = await t.http().get('/health').expect(200);
      expect(plain.headers.deprecation).toBeUndefined();
      expect(plain.headers['api-version']).toBe(API_VERSION);
      await t.api().get('/health').expect(200);
      await t.http().get('/health/live').expect(200);
    });

    it('answers errors on both paths as problem details, the instance being the path as asked', async () => {
      const versioned = await t.api().get('/bestaat-niet').expect(404);
      expect(versioned.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(versioned.headers['api-version']).toBe(API_VERSION);
      expect(versioned.body).toMatchObject({ type: 'urn:basisscan:probleem:NOT_FOUND', title: 'Niet gevonden', status: 404, instance: '/api/v1/bestaat-niet', code: 'NOT_FOUND', statusCode: 404 });
      const legacy = await t.http().get('/cases/00000000-0000-4000-8000-000000000000?x=geheim').set(bearer(roles.burgemeester)).expect(404);
      expect(legacy.body).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/cases/00000000-0000-4000-8000-000000000000' });
      expect(legacy.body.detail).toBe(legacy.body.message);
    });

    it('leaves the web pages, the documentation and unknown roots alone', async () => {
      const docs = await t.http().get('/docs-json').expect(200);
      expect(docs.body).toEqual(doc);
      expect(docs.headers.deprecation).toBeUndefined();
      const page = await t.http().get('/zaken').set('Accept', 'text/html');
      // Without a built web application (dist/web) only the API runs.
      if (page.status === 200) expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers.deprecation).toBeUndefined();
      const unknown = await t.http().get('/bestaat-niet').expect(404);
      expect(unknown.headers.deprecation).toBeUndefined();
    });
  });

  describe('the OpenAPI document', () => {
    const operations = () =>
      Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).filter(([m]) => ['get', 'put', 'post', 'delete', 'patch'].includes(m)).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));

    it('names its server with the major version, its contact and its full version', () => {
      expect(doc.servers).toEqual([expect.objectContaining({ url: `${t.config.publicUrl}/api/v1` })]);
      expect(doc.info.version).toBe(API_VERSION);
      expect(doc.info.contact).toEqual({ name: expect.any(String), email: expect.stringContaining('@'), url: expect.stringMatching(/^https?:\/\//) });
    });

    it('describes every operation, and describes no operation that does not exist', () => {
      const keys = operations().map((o) => o.key);
      expect(keys.filter((k) => !OPERATIONS[k])).toEqual([]);
      expect(Object.keys(OPERATIONS).filter((k) => !keys.includes(k))).toEqual([]);
      for (const { key, op } of operations()) expect([key, Boolean(op.summary), Boolean(op.description)]).toEqual([key, true, true]);
    });

    it('gives every success the API-Version header and every error the problem+json shape', () => {
      for (const { key, op } of operations()) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (/^[23]/.test(status)) expect([key, status, Object.keys(response.headers ?? {})]).toEqual([key, status, expect.arrayContaining(['API-Version'])]);
          else expect([key, status, Object.keys(response.content ?? {})]).toEqual([key, status, ['application/problem+json']]);
        }
      }
    });
  });

  describe('the events of POST /cases/{id}/events', () => {
    const events = () => doc.paths['/cases/{id}/events'].post;
    const schemaOf = (type: string) => doc.components.schemas[eventSchemaName(type)];

    it('are a oneOf discriminated by type, one schema per event with a description and an example', () => {
      const body = events().requestBody!.content['application/json'].schema;
      const types = Object.keys(EVENT_ACTORS);
      expect(body.discriminator?.propertyName).toBe('type');
      expect(Object.keys(body.discriminator!.mapping).sort()).toEqual([...types].sort());
      expect(body.oneOf).toHaveLength(types.length);
      for (const type of types) expect([type, typeof schemaOf(type).description, schemaOf(type).example?.type]).toEqual([type, 'string', type]);
    });

    it('lists every code an event can be refused with among the documented answers', () => {
      const described = `${events().responses['409'].description} ${events().responses['422'].description}`;
      for (const type of Object.keys(EVENT_CATALOGUE)) for (const { code } of eventRefusals(type)) expect([type, described]).toEqual([type, expect.stringContaining(`\`${code}\``)]);
    });

    it('have examples that their own schema accepts, and that match exactly one schema of the oneOf', () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
      ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
      const types = Object.keys(EVENT_ACTORS);
      const validators = new Map(types.map((type) => [type, ajv.compile(schemaOf(type))]));
      for (const type of types) {
        const example = schemaOf(type).example!;
        const own = validators.get(type)!;
        expect([type, own(example), own.errors ?? null]).toEqual([type, true, null]);
        expect([type, types.filter((other) => validators.get(other)!(example))]).toEqual([type, [type]]);
        // The schema is not a rubber stamp: an unknown field and a missing version are refused.
        expect([type, own({ ...example, onbekend: 1 }), own({ ...example, expectedVersion: undefined })]).toEqual([type, false, false]);
      }
    });

    it('are accepted by a real case, or refused with a code the catalogue documents', async () => {
      const { invitedCase } = caseFlow(t);
      const outcomes: Record<string, string> = {};
      let n = 0;
      for (const [type, actors] of Object.entries(EVENT_ACTORS)) {
        const c = await invitedCase({ opdrachtgever: roles.burgemeester, screenerId: roles.screenerId, email: `voorbeeld-${n++}@example.nl` });
        const token = actors[0] === 'kandidaat' ? c.candidate : actors[0] === 'screener' ? roles.screener : roles.burgemeester;
        const { body: view } = await t.api().get(`/cases/${c.id}`).set(bearer(token)).expect(200);
        const res = await t.api().post(`/cases/${c.id}/events`).set(bearer(token)).send({ ...schemaOf(type).example, expectedVersion: view.version });
        outcomes[type] = res.status === 200 ? 'accepted' : `${res.status} ${res.body.code}`;
        if (res.status !== 200) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          const documented = eventRefusals(type).map((r) => `${r.status} ${r.code}`);
          expect([type, documented.includes(outcomes[type]) ? 'documented' : outcomes[type]]).toEqual([type, 'documented']);
        }
      }
      // In the phase after the invitation these examples go through as they stand.
      for (const type of ['GIVE_CONSENT', 'REFUSE_CONSENT', 'VOG_REQUESTED', 'STOP_CASE', 'WITHDRAW_CANDIDACY']) expect([type, outcomes[type]]).toEqual([type, 'accepted']);
      // The service's own events are never a user's.
      expect([outcomes.DEADLINE_PASSED, outcomes.RETENTION_EXPIRED]).toEqual(['409 EVENT_NOT_ALLOWED', '409 EVENT_NOT_ALLOWED']);
      expect(COMMON_EVENT_REFUSALS.map((r) => r.code)).toEqual(['EVENT_NOT_ALLOWED', 'VERSION_CONFLICT', 'INVALID_EVENT']);
    }, 180_000);
  });
});
