// Issue 8: the PostgreSQL server is restarted under load. A cluster of our own (never the
// machine's shared one) is stopped for a few seconds while clients keep posting events: every
// answer meanwhile is a 503 with Retry-After, /health says the database is down, and once the
// server is back the same service instance answers again, without lost or duplicated events.
import type { AddressInfo } from 'node:net';
import { withClient } from '../support/databases';
import { DEMO, DEMO_PASSWORD, PROBLEM, startTestApp, TestApp } from '../support/test-app';
import {
  Answer,
  call,
  caseProblems,
  createCases,
  eventually,
  EventStream,
  login,
  missingAcknowledged,
  PrivateCluster,
  describeIfAvailable,
  privateClusterUnavailable,
  serverUnavailable,
  sleep,
  unaccountedEvents,
  verifyChain,
} from './support';

const DOWN_MS = 4_000;
/** The longest any request may go unanswered, outage or not. */
const ANSWER_BOUND_MS = 20_000;

describeIfAvailable('the PostgreSQL server restarted under load', serverUnavailable() ?? privateClusterUnavailable(), () => {
  let cluster: PrivateCluster;
  let t: TestApp;
  let port: number;
  let burgemeester: string;
  let auditor: string;

  beforeAll(async () => {
    cluster = await PrivateCluster.create();
    await cluster.start();
    await withClient(cluster.url(), (c) => c.query('CREATE DATABASE basisscan'));
    t = await startTestApp({ DATABASE_URL: cluster.url('basisscan'), JOB_POLL_SECONDS: '1', LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'silent' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    [burgemeester, auditor] = await Promise.all([login(port, DEMO.burgemeester, DEMO_PASSWORD), login(port, DEMO.auditor, DEMO_PASSWORD)]);
  }, 120_000);

  afterAll(async () => {
    await t?.destroy();
    await cluster?.destroy();
  }, 60_000);

  const describeAnswer = (a: Answer) => `${a.status} ${a.error ?? JSON.stringify(a.body)}`;

  it.each(['fast', 'immediate'] as const)(
    'answers 503 with Retry-After while the server is down (stop -m %s), and recovers without a restart, losing and duplicating nothing',
    async (mode) => {
      const caseIds = await createCases(port, burgemeester, 4);
      const stream = new EventStream({ port, token: burgemeester, caseIds, clientsPerCase: 1, timeoutMs: ANSWER_BOUND_MS, pauseAfterRefusalMs: 100 }).start();
      try {
        const warm = Date.now() + 15_000;
        while (stream.acknowledgedCount() < 20 && Date.now() < warm) await sleep(50);
        expect(stream.acknowledgedCount()).toBeGreaterThanOrEqual(20);

        await cluster.stop(mode);
        const downFrom = Date.now();
        const health: Answer[] = [];
        const live: Answer[] = [];
        while (Date.now() < downFrom + DOWN_MS) {
          health.push(await call(port, 'GET', '/health', { timeoutMs: ANSWER_BOUND_MS }));
          live.push(await call(port, 'GET', '/health/live', { timeoutMs: ANSWER_BOUND_MS }));
          await sleep(200);
        }
        const upFrom = Date.now();
        await cluster.start();

        const recovered = await eventually(() => call(port, 'GET', '/health'), (a) => a.status === 200, 30_000);
        expect(recovered.status).toBe(200);
        expect(recovered.body).toMatchObject({ status: 'ok', details: { database: { status: 'up', engine: 'postgresql' } } });
        // Every client gets its events through again, from the same service instance.
        const ackedAtRecovery = new Map([...stream.acknowledged].map(([id, m]) => [id, m.size]));
        const settle = Date.now() + 30_000;
        const allMovedOn = () => caseIds.every((id) => stream.acknowledged.get(id)!.size >= ackedAtRecovery.get(id)! + 3);
        while (!allMovedOn() && Date.now() < settle) await sleep(100);
        expect(allMovedOn()).toBe(true);
        await stream.stop();

        // While down: /health is 503 and says the database is down, /health/live stays 200.
        expect(health.length).toBeGreaterThan(3);
        for (const a of health) {
          expect({ status: a.status, body: a.body }).toEqual({
            status: 503,
            body: {
              ...PROBLEM,
              statusCode: 503,
              code: 'SERVICE_UNAVAILABLE',
              message: expect.stringMatching(/tijdelijk niet beschikbaar/),
              details: { database: { status: 'down', engine: 'postgresql', message: 'Database niet bereikbaar' } },
              traceId: expect.any(String),
            },
          });
          expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
        }
        expect(live.map((a) => a.status)).toEqual(live.map(() => 200));

        // Every answer at any time: an event's 200, a conflict's 409, or a 503 with Retry-After;
        // never a 500, never no answer.
        const unexpected = stream.answers.filter((a) => ![200, 409, 503].includes(a.status)).map(describeAnswer);
        expect(unexpected).toEqual([]);
        for (const a of stream.answers.filter((x) => x.status === 503)) {
          expect(a.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
          expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
        }
        const whileDown = stream.answers.filter((a) => a.started >= downFrom && a.ended <= upFrom);
        const count = (status: number) => stream.answers.filter((a) => a.status === status).length;
        console.log(
          `PostgreSQL stop -m ${mode}: ${stream.answers.length} event requests (${count(200)} × 200, ${count(409)} × 409, ${count(503)} × 503), ` +
            `${whileDown.length} of them while down; ${health.length} health probes while down`,
        );
        expect(whileDown.length).toBeGreaterThan(caseIds.length);
        expect(whileDown.filter((a) => a.status !== 503).map(describeAnswer)).toEqual([]);

        // Reconciliation: versions contiguous, snapshots as the events give them, every
        // acknowledged event stored once, nothing stored that no request accounts for.
        await withClient(cluster.url('basisscan'), async (db) => {
          expect(await caseProblems(db, caseIds)).toEqual([]);
          expect(await missingAcknowledged(db, stream.acknowledged)).toEqual([]);
          expect(await unaccountedEvents(db, stream.acknowledged, stream.answers)).toEqual([]);
        });
        const chain = await verifyChain(port, auditor);
        expect(chain.valid).toBe(true);
      } finally {
        await stream.stop();
      }
    },
    120_000,
  );
});
