// Issue 8: the service process is killed (SIGKILL) again and again during a stream of events.
// After every restart each case is consistent (events 1..version, the snapshot is what its events
// give, an audit entry per event), the audit chain verifies, no acknowledged event is lost, and
// deadlines made due along the way fire exactly once. On a PostgreSQL server (FAULT_KILLS times,
// default 30) and on the embedded engine (FAULT_EMBEDDED_KILLS, default 4).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDatabase, withClient } from '../support/databases';
import { freePort } from '../support/free-port';
import { REPO_ROOT, ServiceProcess } from '../support/service-process';
import { DEMO, DEMO_PASSWORD } from '../support/test-app';
import {
  caseProblems,
  createCases,
  describeIfAvailable,
  EventStream,
  login,
  missingAcknowledged,
  serverUnavailable,
  SERVER_URL,
  sleep,
  StreamAnswer,
  unaccountedEvents,
  verifyChain,
} from './support';

const KILLS = Number(process.env.FAULT_KILLS ?? 30);
const EMBEDDED_KILLS = Number(process.env.FAULT_EMBEDDED_KILLS ?? 4);
/** Deadlines made due per restart, so the poller is firing some while the process dies. */
const DUE_PER_ROUND = 3;
/** The kill comes this long after the stream starts: a random moment in [min, max). */
const KILL_AFTER_MS = { min: 200, max: 1_200 };
/**
 * Every HOLD_EVERY-th kill on PostgreSQL is not at a random moment but while transactions are
 * held mid-way: a deadline's and user events', each having written its case and event and
 * waiting to append the audit entry (behind a lock of ours on audit_log).
 */
const HOLD_EVERY = 4;
/** Cases receiving the stream, and clients per case (two racing clients make version conflicts). */
const STREAM_CASES = 3;
const CLIENTS_PER_CASE = 2;

/** Per deadline case: its one vog_waarschuwing job, and how often it fired (events and audit entries). */
async function deadlineProblems(db: Client, caseIds: string[], madeDue: Set<string>, final: boolean): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT j.case_id, count(*)::int AS jobs, min(j.status) AS status, min(j.attempts)::int AS attempts,
            (SELECT count(*)::int FROM case_events e WHERE e.case_id = j.case_id AND e.type = 'DEADLINE_PASSED') AS fired,
            (SELECT count(*)::int FROM audit_log a WHERE a.object = 'case:' || j.case_id AND a.action = 'case.event.DEADLINE_PASSED') AS audited
       FROM scheduled_jobs j WHERE j.case_id = ANY($1::uuid[]) AND j.kind = 'vog_waarschuwing' GROUP BY j.case_id`,
    [caseIds],
  );
  const problems: string[] = [];
  if (rows.length !== caseIds.length) problems.push(`${caseIds.length} deadline cases, ${rows.length} with a vog_waarschuwing job`);
  for (const r of rows) {
    const id = r.case_id as string;
    const due = madeDue.has(id);
    const summary = `case ${id} (${due ? 'due' : 'not due'}): ${r.jobs} job(s), status ${r.status}, attempts ${r.attempts}, fired ${r.fired}, audited ${r.audited}`;
    if (r.jobs !== 1 || r.fired > 1 || r.audited !== r.fired) problems.push(summary);
    else if (!due && (r.status !== 'pending' || r.fired !== 0)) problems.push(summary);
    else if (due && r.status === 'done' && (r.fired !== 1 || r.attempts !== 1)) problems.push(summary);
    else if (due && r.status === 'pending' && (r.fired !== 0 || final)) problems.push(summary);
    else if (!['pending', 'done'].includes(r.status)) problems.push(summary);
  }
  return problems;
}

/**
 * Waits until, behind our lock on audit_log, a deadline job's transaction and a user event's are
 * both mid-way: written their event (ROW EXCLUSIVE on case_events), waiting for a lock. The job's
 * is told apart by the ROW SHARE lock its FOR UPDATE took on scheduled_jobs. Bounded.
 */
async function waitForHeldTransactions(db: Client): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last: Record<string, unknown>[] = [];
  while (Date.now() < deadline) {
    // Inside a transaction pg_stat_activity is a snapshot taken at its first use: take a new one.
    await db.query('SELECT pg_stat_clear_snapshot()');
    ({ rows: last } = await db.query(
      `SELECT a.pid,
              EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.relation = 'scheduled_jobs'::regclass AND l.mode = 'RowShareLock') AS job
         FROM pg_stat_activity a
        WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
          AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.relation = 'case_events'::regclass AND l.mode = 'RowExclusiveLock')`,
    ));
    if (last.some((r) => r.job) && last.some((r) => !r.job)) return;
    await sleep(25);
  }
  await db.query('SELECT pg_stat_clear_snapshot()');
  const { rows: activity } = await db.query(
    `SELECT a.pid, a.state, a.wait_event_type, a.wait_event, left(a.query, 60) AS query,
            (SELECT string_agg(l.relation::regclass || ':' || l.mode, ' ') FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.relation IS NOT NULL) AS locks
       FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()`,
  );
  throw new Error(`no deadline job and user event held mid-transaction within 15 s (held: ${JSON.stringify(last)}); backends:\n${activity.map((r) => JSON.stringify(r)).join('\n')}`);
}

interface Engine {
  label: string;
  kills: number;
  /** Whether rounds may hold transactions with a table lock (not on the embedded engine: one backend). */
  hold: boolean;
  env: Record<string, string>;
  /** A connection to the service's database, while the service runs. */
  inspect: string;
}

async function killLoop(engine: Engine): Promise<void> {
  const port = Number(engine.env.PORT);
  let service = await ServiceProcess.start(engine.env, { boundMs: 120_000 });
  const [burgemeester, auditor] = [await login(port, DEMO.burgemeester, DEMO_PASSWORD), await login(port, DEMO.auditor, DEMO_PASSWORD)];
  const streamCases = await createCases(port, burgemeester, STREAM_CASES);
  const deadlineCases = await createCases(port, burgemeester, engine.kills * DUE_PER_ROUND);
  const allCases = [...streamCases, ...deadlineCases];
  const acknowledged = new Map(streamCases.map((id) => [id, new Map<number, string>()]));
  const answers: StreamAnswer[] = [];
  const madeDue = new Set<string>();
  let restarts = 0;
  let heldRounds = 0;

  const check = async (round: number | 'final') => {
    const found = await withClient(engine.inspect, async (db) => ({
      cases: await caseProblems(db, allCases),
      lost: await missingAcknowledged(db, acknowledged),
      unaccounted: await unaccountedEvents(db, acknowledged, answers),
      deadlines: await deadlineProblems(db, deadlineCases, madeDue, round === 'final'),
    }));
    const chain = await verifyChain(port, auditor);
    expect({ round, ...found, chainValid: chain.valid }).toEqual({ round, cases: [], lost: [], unaccounted: [], deadlines: [], chainValid: true });
  };

  try {
    for (let round = 1; round <= engine.kills; round++) {
      if (round > 1) {
        service = await ServiceProcess.start(engine.env);
        restarts++;
      }
      await check(round);
      const batch = deadlineCases.slice((round - 1) * DUE_PER_ROUND, round * DUE_PER_ROUND);
      const held = engine.hold && round % HOLD_EVERY === 0 ? new Client({ connectionString: engine.inspect }) : undefined;
      if (held) {
        await held.connect();
        await held.query('BEGIN');
        // EXCLUSIVE conflicts with INSERT, not with reads.
        await held.query('LOCK TABLE audit_log IN EXCLUSIVE MODE');
        heldRounds++;
      }
      // Made due after the lock, so the poller cannot fire them all before it.
      const versions = await withClient(engine.inspect, async (db) => {
        await db.query(`UPDATE scheduled_jobs SET due_at = now() WHERE case_id = ANY($1::uuid[]) AND kind = 'vog_waarschuwing' AND status = 'pending'`, [batch]);
        const { rows } = await db.query('SELECT id, version FROM cases WHERE id = ANY($1::uuid[])', [streamCases]);
        return new Map(rows.map((r) => [r.id as string, r.version as number]));
      });
      batch.forEach((id) => madeDue.add(id));

      const stream = new EventStream({ port, token: burgemeester, caseIds: streamCases, clientsPerCase: CLIENTS_PER_CASE, timeoutMs: 20_000, versions }).start();
      let killedAt: number;
      try {
        if (held) await waitForHeldTransactions(held);
        else await sleep(KILL_AFTER_MS.min + Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
        killedAt = Date.now();
        await service.kill();
      } finally {
        // The orphaned transactions go on, find their client gone, and roll back.
        await held?.query('ROLLBACK').catch(() => undefined);
        await held?.end().catch(() => undefined);
        await stream.stop();
      }
      for (const [id, acked] of stream.acknowledged) for (const [v, date] of acked) acknowledged.get(id)!.set(v, date);
      answers.push(...stream.answers);
      // Before the kill only events and conflicts; without an answer only requests the kill cut off.
      const wrong = stream.answers.filter((a) => (a.status === 0 ? a.ended < killedAt : ![200, 409].includes(a.status)));
      expect({ round, wrong: wrong.map((a) => `${a.status} ${a.error ?? JSON.stringify(a.body)}`) }).toEqual({ round, wrong: [] });
    }

    // Last start: the remaining due deadlines fire, each exactly once.
    service = await ServiceProcess.start(engine.env);
    restarts++;
    const deadline = Date.now() + 60_000;
    const pendingDue = () =>
      withClient(engine.inspect, async (db) => (await db.query(`SELECT count(*)::int AS n FROM scheduled_jobs WHERE case_id = ANY($1::uuid[]) AND status = 'pending'`, [[...madeDue]])).rows[0].n as number);
    while ((await pendingDue()) > 0 && Date.now() < deadline) await sleep(250);
    await check('final');
    const count = (status: number) => answers.filter((a) => a.status === status).length;
    console.log(
      `${engine.label}: ${engine.kills} SIGKILLs (${heldRounds} with a deadline and events held mid-transaction), ${restarts} restarts; ${answers.length} event requests ` +
        `(${count(200)} acknowledged, ${count(409)} conflicts, ${count(0)} cut off by a kill); ${madeDue.size} deadlines fired exactly once`,
    );
    expect(count(200)).toBeGreaterThan(engine.kills);
    expect(count(0)).toBeGreaterThan(0);
  } finally {
    await service.stop();
  }
}

describeIfAvailable('the service killed with SIGKILL during a stream of events', serverUnavailable(), () => {
  beforeAll(() => {
    // The process under test is the build: make sure it is the current source's.
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-if-stale.mjs')], { cwd: REPO_ROOT, stdio: 'inherit', timeout: 600_000 });
  }, 600_000);

  const environment = async (extra: Record<string, string>) => ({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-faults-kill-')),
    SEED_DEMO: 'true',
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    JOB_POLL_SECONDS: '1',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...extra,
  });

  it(`keeps every case consistent and fires due deadlines exactly once across ${KILLS} kills on PostgreSQL`, async () => {
    const db = await createDatabase('basisscan_faults_sigkill', SERVER_URL);
    const env = await environment({ DATABASE_URL: db.url });
    try {
      await killLoop({ label: 'PostgreSQL', kills: KILLS, hold: true, env, inspect: db.url });
    } finally {
      await db.drop();
      fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    }
  }, 600_000);

  (EMBEDDED_KILLS > 0 ? it : it.skip)(`keeps every case consistent across ${EMBEDDED_KILLS} kills on the embedded engine`, async () => {
    const embeddedPort = await freePort();
    const env = await environment({ DATABASE_URL: '', EMBEDDED_DB_PORT: String(embeddedPort) });
    try {
      await killLoop({ label: 'embedded PGlite', kills: EMBEDDED_KILLS, hold: false, env, inspect: `postgres://postgres@127.0.0.1:${embeddedPort}/postgres` });
    } finally {
      fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    }
  }, 600_000);
});
