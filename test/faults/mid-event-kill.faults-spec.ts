// Issue 8: the database connection is killed (pg_terminate_backend) in the middle of applying an
// event. The event's transaction is held at a chosen point by a table lock of ours; its backend is
// found by what it waits for (our lock), not by its SQL, and terminated there.
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { toErrorBody } from '../../src/common/error.filter';
import { bearer, DEMO, PROBLEM, startTestApp, TestApp } from '../support/test-app';
import { inDays } from '../support/cases';
import { createDatabase, withClient } from '../support/databases';
import { caseProblems, dateFor, describeIfAvailable, serverUnavailable, SERVER_URL, sleep, verifyChain } from './support';

describeIfAvailable('a database connection killed in the middle of applying an event', serverUnavailable(), () => {
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let t: TestApp;
  let burgemeester: string;
  let auditor: string;

  beforeAll(async () => {
    db = await createDatabase('basisscan_faults_kill', SERVER_URL);
    t = await startTestApp({ DATABASE_URL: db.url, LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'silent' });
    [burgemeester, auditor] = await Promise.all([t.login(DEMO.burgemeester), t.login(DEMO.auditor)]);
  });
  afterAll(async () => {
    await t?.destroy();
    await db?.drop();
  });

  const newCase = async () =>
    (await t.http().post('/cases').set(bearer(burgemeester)).send({ candidate: { name: 'Storing Kandidaat', email: 'storing@example.nl' }, plannedAppointmentDate: inDays(60) }).expect(201)).body.id as string;

  const post = (caseId: string, body: Record<string, unknown>) => t.http().post(`/cases/${caseId}/events`).set(bearer(burgemeester)).send(body).timeout(20_000);

  /** Everything an event touches, for one case, and the whole audit chain's length and head. */
  const state = (caseId: string) =>
    withClient(db.url, async (c) => {
      const [row] = (await c.query(`SELECT version, state, snapshot, screener_id, to_char(planned_appointment_date, 'YYYY-MM-DD') AS planned, updated_at FROM cases WHERE id = $1`, [caseId])).rows;
      const events = (await c.query(`SELECT seq, type, payload->>'date' AS date FROM case_events WHERE case_id = $1 ORDER BY seq`, [caseId])).rows;
      const jobs = (await c.query(`SELECT id, kind, status, due_at, finished_at FROM scheduled_jobs WHERE case_id = $1 ORDER BY id`, [caseId])).rows;
      const caseAudit = (await c.query(`SELECT action FROM audit_log WHERE object = $1 ORDER BY seq`, [`case:${caseId}`])).rows.map((r) => r.action as string);
      const [audit] = (await c.query(`SELECT count(*)::int AS length, (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS head FROM audit_log`)).rows;
      const [processing] = (await c.query(`SELECT count(*)::int AS n FROM processing_log WHERE case_id = $1`, [caseId])).rows;
      return { ...row, version: row.version as number, events, jobs, caseAudit, auditLength: audit.length as number, auditHead: audit.head as string, processingLines: processing.n as number };
    });

  /** The backend that waits for a lock `blockerPid` holds, in our database; bounded. */
  async function blockedBackend(blocker: Client, blockerPid: number): Promise<number> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      // Inside a transaction pg_stat_activity is a snapshot taken at its first use: take a new one.
      await blocker.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await blocker.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND $1 = ANY(pg_blocking_pids(pid))`,
        [blockerPid],
      );
      if (rows.length > 1) throw new Error(`${rows.length} backends wait for the lock; expected only the event's`);
      if (rows.length === 1) return rows[0].pid as number;
      await sleep(20);
    }
    throw new Error('no backend of the service came to wait for the lock within 15 s');
  }

  // Where the event's transaction is held: its INSERT into `blockedTable` waits for our lock, and
  // the write lock it already holds on `alreadyWritten` proves it is mid-event.
  const points = [
    { blockedTable: 'audit_log', alreadyWritten: 'case_events', where: 'after the case and its event are written, before the audit entry' },
    { blockedTable: 'case_events', alreadyWritten: 'cases', where: 'after the case row is updated, before its event is recorded' },
  ];

  it.each(points)('answers 503 and changes nothing when killed $where; the retry succeeds once', async ({ blockedTable, alreadyWritten }) => {
    const caseId = await newCase();
    const before = await state(caseId);
    const body = { type: 'CHANGE_APPOINTMENT_DATE', expectedVersion: before.version, date: dateFor(before.version + 1) };

    const blocker = new Client({ connectionString: db.url });
    await blocker.connect();
    try {
      const { rows: [{ pid: blockerPid }] } = await blocker.query('SELECT pg_backend_pid() AS pid');
      await blocker.query('BEGIN');
      // EXCLUSIVE conflicts with an INSERT's ROW EXCLUSIVE, not with reads.
      await blocker.query(`LOCK TABLE ${blockedTable} IN EXCLUSIVE MODE`);
      // supertest sends once the request is `then`ed.
      const answer = post(caseId, body).then((res) => res);
      const victim = await blockedBackend(blocker, blockerPid);
      const { rows: held } = await blocker.query(`SELECT 1 FROM pg_locks WHERE pid = $1 AND granted AND relation = $2::regclass AND mode = 'RowExclusiveLock'`, [victim, alreadyWritten]);
      expect(held).toHaveLength(1);
      const { rows: [{ terminated }] } = await blocker.query('SELECT pg_terminate_backend($1) AS terminated', [victim]);
      expect(terminated).toBe(true);
      await blocker.query('ROLLBACK');

      const res = await answer;
      expect(res.status).toBe(503);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).toEqual({ ...PROBLEM, statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/tijdelijk niet beschikbaar/), traceId: expect.any(String) });
    } finally {
      await blocker.end().catch(() => undefined);
    }

    // Nothing of the killed transaction remains: case row, events, deadlines, audit, processing log.
    expect(await state(caseId)).toEqual(before);

    // The same request again, at the same expectedVersion, is applied once.
    const retry = await post(caseId, body);
    expect(retry.status).toBe(200);
    expect(retry.body.version).toBe(before.version + 1);
    const after = await state(caseId);
    expect(after.version).toBe(before.version + 1);
    expect(after.events).toEqual([...before.events, { seq: before.version + 1, type: 'CHANGE_APPOINTMENT_DATE', date: body.date }]);
    expect(after.snapshot.context.plannedAppointmentDate).toBe(body.date);
    expect(after.caseAudit).toEqual([...before.caseAudit, 'case.event.CHANGE_APPOINTMENT_DATE']);
    expect(after.processingLines).toBe(before.processingLines + 1);

    const again = await post(caseId, body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: before.version + 1 } });
    expect((await state(caseId)).events).toEqual(after.events);

    expect(await withClient(db.url, (c) => caseProblems(c, [caseId]))).toEqual([]);
    const chain = await verifyChain((t.app.getHttpServer().address() as AddressInfo).port, auditor);
    expect(chain.valid).toBe(true);
    // The auditor sees its organisation's own entries (never the global length): all of them.
    const own = await withClient(db.url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM audit_log WHERE organisation_id = (SELECT organisation_id FROM users WHERE email = $1)`, [DEMO.auditor])).rows[0].n as number);
    expect(chain.length).toBe(own);
  });
});

describe('a connection lost between two queries of a transaction', () => {
  // When the server ends a backend while its transaction waits between queries (no query running),
  // the connection reports the error on its own; TypeORM then releases the transaction's query
  // runner and the next query fails with one of these. Seen as 500s in the restart test before.
  it.each([new QueryRunnerAlreadyReleasedError(), new QueryRunnerProviderAlreadyReleasedError()])('answers %s with 503 and Retry-After', (error) => {
    const { body, headers } = toErrorBody(error, 'trace');
    expect(body).toEqual({ type: 'urn:basisscan:probleem:SERVICE_UNAVAILABLE', title: 'Dienst tijdelijk niet beschikbaar', status: 503, detail: 'De dienst is tijdelijk niet beschikbaar; probeer het later opnieuw.', statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'De dienst is tijdelijk niet beschikbaar; probeer het later opnieuw.', traceId: 'trace' });
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
  });
});
