import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { AuditService } from '../../src/audit/audit.service';
import { entryHash } from '../../src/audit/chain';
import { Database } from '../../src/database/database.module';
import { caseFlow, inDays, demoRoles } from '../support/cases';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

const CANDIDATE = { name: 'Zeldzame Naam Vermeulen', email: 'zeldzaam.vermeulen@example.nl' };

describe('the hash-chained audit trail', () => {
  let t: TestApp;
  let burgemeester: string;
  let auditor: string;
  let screenerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ burgemeester, auditor, screenerId } = await demoRoles(t));
  });
  afterAll(() => t.destroy());

  const audit = () => t.dataSource.query('SELECT seq, actor, action, object, result, trace_id FROM audit_log ORDER BY seq');
  const verify = () => t.http().get('/audit/verify').set(bearer(auditor)).expect(200).then((r) => r.body);
  const cli = (extra: string[] = []) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '../../scripts/audit-verify.ts'), ...extra], {
      env: { ...process.env, DATABASE_URL: t.app.get(Database).connectionUrl },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('records sign-ins, changes, reads and denials, without personal content, and verifies', async () => {
    await t.http().post('/auth/login').send({ email: DEMO.burgemeester, password: 'fout' }).expect(401);
    const { body } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: CANDIDATE, plannedAppointmentDate: inDays(30) }).expect(201);
    await caseFlow(t).act(burgemeester, body.id, 'ASSIGN_SCREENER', { screenerId });
    await t.http().get(`/cases/${body.id}`).set(bearer(await t.login(DEMO.burgemeesterAnderdorp))).expect(404);
    await t.http().get('/me').expect(401);
    await t.http().post('/cases').set(bearer(auditor)).send({}).expect(403);

    const entries = await audit();
    const actions = entries.map((e: { action: string; result: string }) => `${e.action}:${e.result}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.login:failed', 'auth.login:ok', 'case.create:ok', 'case.event.ASSIGN_SCREENER:ok', 'read.case:ok',
        'access.denied.case.read:denied', 'auth.unauthenticated:denied', 'auth.forbidden.case.create:denied',
      ]),
    );
    expect(entries.find((e: { action: string }) => e.action === 'case.create').object).toBe(`case:${body.id}`);
    expect(entries.every((e: { trace_id: string | null }) => e.trace_id === null || /^[0-9a-f]{32}$/.test(e.trace_id))).toBe(true);
    const dump = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_log'));
    expect(dump).not.toContain('Vermeulen');
    expect(dump).not.toContain('zeldzaam');
    expect(dump).not.toContain(DEMO.burgemeester);

    const result = await verify();
    const head = (await t.http().get('/audit/head').set(bearer(auditor)).expect(200)).body;
    expect(result).toEqual({ valid: true, length: head.seq, head: head.hash });
    await t.http().get('/audit/verify').set(bearer(burgemeester)).expect(403);
  });

  it('stays gap-free and fork-free under 50 concurrent appends', async () => {
    const service = t.app.get(AuditService);
    const before = (await service.head()).seq;
    const appended = await Promise.all(Array.from({ length: 50 }, (_, i) => service.append(null, { actor: `system:test`, action: 'test.concurrent', object: `n:${i}`, result: 'ok' })));
    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => before + i + 1));
    expect((await verify()).valid).toBe(true);
  });

  it('hashes in the database exactly as the verifier does, whatever the text holds', async () => {
    // The chain's hash is computed by audit_append in SQL and checked by entryHash in JS.
    const service = t.app.get(AuditService);
    const awkward = ['quote " and \\ backslash', 'é ß 漢字 🙂', 'rtl \u202e mark', 'line\u2028sep\ttab\u0001ctl', '</script>', ''];
    for (const [i, text] of awkward.entries()) {
      const entry = await service.append(null, { actor: `system:${text}`, organisationId: i % 2 ? null : undefined, action: `test.${text}`, object: `n:${text}`, result: 'ok' });
      expect(entry.hash).toBe(entryHash(entry));
    }
    expect((await verify()).valid).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE from the application', async () => {
    await expect(t.dataSource.query(`UPDATE audit_log SET result = 'ok' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('fails the request and commits nothing of it when its audit entry cannot be written', async () => {
    const { body } = await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: CANDIDATE, plannedAppointmentDate: inDays(30) }).expect(201);
    const events = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [body.id]))[0].n;
    await t.dataSource.query(`ALTER TABLE audit_log ADD CONSTRAINT test_refuse_events CHECK (action NOT LIKE 'case.event.%') NOT VALID`);
    try {
      const res = await t.http().post(`/cases/${body.id}/events`).set(bearer(burgemeester)).send({ type: 'ASSIGN_SCREENER', expectedVersion: 1, screenerId });
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toMatch(/audit_log|constraint|CHECK/i);
    } finally {
      await t.dataSource.query('ALTER TABLE audit_log DROP CONSTRAINT test_refuse_events');
    }
    expect(await events()).toBe(1);
    expect((await t.dataSource.query('SELECT version, screener_id FROM cases WHERE id = $1', [body.id]))[0]).toEqual({ version: 1, screener_id: null });
  });

  it('shows an edit by a database superuser at its sequence number, in the API and the CLI', async () => {
    expect(cli().status).toBe(0);
    const head = (await t.http().get('/audit/head').set(bearer(auditor)).expect(200)).body;
    const [{ seq }] = await t.dataSource.query(`SELECT seq FROM audit_log WHERE action = 'case.create' ORDER BY seq LIMIT 1`);
    await t.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await t.dataSource.query(`UPDATE audit_log SET result = 'denied' WHERE seq = $1`, [seq]);
    } finally {
      await t.dataSource.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
    // The auditor sees the break in its organisation's own numbering, never the global sequence.
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE seq <= $1 AND organisation_id = (SELECT organisation_id FROM users WHERE email = $2)`,
      [seq, DEMO.auditor],
    );
    expect(await verify()).toEqual({ valid: false, length: expect.any(Number), head: expect.any(String), firstBrokenEntry: n });
    const run = cli();
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: false, firstBrokenSeq: Number(seq) });
    expect(cli(['--anchor', `${head.seq}:${head.hash}`]).status).toBe(1);
  });
});
