import fc from 'fast-check';
import { DupKeys, HOSTILE_BODIES, nearValid, OpenApi, Raw, text, toJson, withKey } from './generators';
import { RawResponse } from './http';
import { looksLikeLeak, responseProblems } from './oracle';
import { changedTables, REFUSAL_ACTIONS } from './state';

/** The fuzzer's own judgement must be able to fail: each rule is shown a breach it has to see. */
describe('the fuzzer’s oracle', () => {
  const answer = (status: number, body: unknown, contentType = status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8'): RawResponse => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return { status, headers: { 'content-type': contentType }, body: Buffer.from(text), text };
  };
  const error = (status: number, extra: Record<string, unknown> = {}) => {
    const body = { statusCode: status, code: 'VALIDATION_FAILED', message: 'De invoer is ongeldig.', traceId: 'a'.repeat(32), ...extra };
    return { type: `urn:basisscan:probleem:${String(body.code)}`, title: 'Ongeldig verzoek', status, detail: body.message, instance: '/api/v1/users', ...body };
  };

  it('accepts a standard error and an ordinary answer', () => {
    expect(responseProblems(answer(400, error(400)))).toEqual([]);
    expect(responseProblems(answer(409, error(409, { code: 'CONFLICT', details: { currentVersion: 3 } })))).toEqual([]);
    expect(responseProblems(answer(200, { name: "' OR 1=1; DROP TABLE users; --" }))).toEqual([]);
    // Two strings of the caller's that only look like a stack when put together.
    expect(responseProblems(answer(200, { a: 'regel\n', b: '  at  ' }))).toEqual([]);
    expect(responseProblems({ status: 431, headers: {}, body: Buffer.alloc(0), text: '' })).toEqual([]);
  });

  it('sees a 5xx, a stack trace, an error class, SQL and driver text', () => {
    expect(responseProblems(answer(500, error(500, { code: 'INTERNAL_ERROR' })))).toContain('status 500');
    expect(responseProblems(answer(503, error(503, { code: 'SERVICE_UNAVAILABLE' })))).toContain('status 503');
    expect(responseProblems(answer(200, { stack: 'Error: x\n    at Foo.bar (/app/src/x.ts:1:2)' })).length).toBeGreaterThan(0);
    expect(responseProblems(answer(400, error(400, { message: 'QueryFailedError: invalid input syntax for type uuid' }))).length).toBeGreaterThan(0);
    expect(responseProblems(answer(409, error(409, { message: 'duplicate key value violates unique constraint "users_email_key"' }))).length).toBeGreaterThan(0);
    expect(responseProblems(answer(400, error(400, { message: 'SELECT id FROM users WHERE email = $1' }))).length).toBeGreaterThan(0);
    expect(responseProblems(answer(404, error(404, { message: 'relation "cases" does not exist' }))).length).toBeGreaterThan(0);
  });

  it('sees an error that is not in the standard shape', () => {
    expect(responseProblems(answer(400, 'Bad Request', 'text/html'))).toEqual(['error answer is not problem JSON (text/html)']);
    expect(responseProblems(answer(400, error(400), 'application/json'))).toEqual(['error answer is not problem JSON (application/json)']);
    expect(responseProblems(answer(400, { message: 'x' }))).toEqual(expect.arrayContaining(['traceId missing', 'statusCode undefined differs from status 400', 'title missing']));
    expect(responseProblems(answer(403, error(400, { status: 403 })))).toEqual(['statusCode 400 differs from status 403']);
    expect(responseProblems(answer(409, { ...error(409), type: 'about:blank' }))).toEqual(['type "about:blank" does not match the code']);
    expect(responseProblems(answer(400, error(400, { stackTrace: [] })))).toEqual(['unexpected keys in error answer: stackTrace']);
  });

  it('knows which audit actions a refusal may leave', () => {
    for (const action of ['auth.unauthenticated', 'auth.forbidden.case.read', 'access.denied.report.verify', 'auth.login', 'auth.invitation']) expect(REFUSAL_ACTIONS.test(action)).toBe(true);
    for (const action of ['read.case', 'case.event.STOP_CASE', 'user.update.roles', 'report.verify', 'auth.logout']) expect(REFUSAL_ACTIONS.test(action)).toBe(false);
  });

  it('sees a changed table', () => {
    expect(changedTables({ users: 'a', cases: 'b' }, { users: 'a', cases: 'c' })).toEqual(['cases']);
  });

  it('writes the JSON it means: raw numbers, repeated keys, own __proto__ keys, no undefined', () => {
    expect(toJson({ a: new Raw('1e309'), b: new DupKeys([['k', 1], ['k', 2]]), c: undefined as unknown as null })).toBe('{"a":1e309,"b":{"k":1,"k":2}}');
    expect(toJson(withKey({ a: 1 }, '__proto__', { x: true }))).toBe('{"a":1,"__proto__":{"x":true}}');
    expect(HOSTILE_BODIES.find((b) => b.name === 'nesting 10000 deep (array)')!.make(undefined).bytes.length).toBe(20_000);
  });

  it('generates text that cannot be mistaken for a leak, and near-valid bodies that differ from the valid one', () => {
    fc.assert(fc.property(text(0, 100), (s) => !looksLikeLeak(s) && s.length <= 100), { seed: 1, numRuns: 500 });
    const doc: OpenApi = { paths: {}, components: { schemas: { X: { type: 'object', required: ['a'], properties: { a: { type: 'string', enum: ['x', 'y'] }, b: { type: 'array', items: { type: 'string' } } } } } } };
    const valid = { a: 'x', b: ['q'] };
    fc.assert(fc.property(nearValid(valid, { $ref: '#/components/schemas/X' }, doc), ({ body }) => toJson(body) !== toJson(valid)), { seed: 1, numRuns: 300 });
  });
});
