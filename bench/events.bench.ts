// npm run bench: every figure next to a baseline measured in the same run on the same machine.
// - Workflow events: POST /cases/:id/events from 64 concurrent clients, against a bare Nest
//   endpoint doing one single-row UPDATE on the same database. Service, baseline and load
//   generator each run in a process of their own; the service is the built one (dist/), started
//   with `node` as an operator starts it.
// - Start-up on the embedded engine, against the bare Nest application's start-up.
// - Peak memory (VmHWM) and CPU time per request of the service and the baseline under load.
// - Report render + sign, and audit chain verification (their own files).
import { execFileSync, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { benchAudit } from './audit.bench';
import { fmt, LoadResult } from './load';
import { benchReportRender, printReportBench } from './report-render.bench';
import { freePort } from '../test/support/free-port';
import { cpuMs, peakRssMiB, ServiceProcess, startProcess } from './service-process';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Open-loop arrivals per second for the latency-at-a-given-load figure. */
const RATE = Number(process.env.BENCH_RATE ?? 50);
const PASSWORD = 'Bench-Wachtwoord-1';
const ROOT = path.join(__dirname, '..');
const SERVICE = path.join(ROOT, 'dist', 'src', 'main.js');
const BASELINE = path.join(__dirname, 'baseline-app.cjs');

/** BENCH_ONLY=report,startup,events,audit (comma-separated) runs some parts; BENCH_ENGINES=pg,embedded picks engines. */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'report,startup,events,audit').split(','));
const ENGINES = new Set((process.env.BENCH_ENGINES ?? 'pg,embedded').split(','));

function loadInChild(job: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-child.ts'), { execArgv: ['-r', 'ts-node/register/transpile-only'] });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.send(job);
  });
}

const serviceEnv = (dataDir: string, databaseUrl: string, embeddedPort: number) => ({
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  EMBEDDED_DB_PORT: String(embeddedPort),
  SEED_DEMO: 'true',
  DEMO_PASSWORD: PASSWORD,
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_MINUTE: '10000000',
  JOB_POLL_SECONDS: '60',
  NODE_ENV: 'production',
});

/** A load run with the process's CPU time per request and its peak memory afterwards. */
async function measured(target: ServiceProcess, job: Record<string, unknown>) {
  const pid = target.child.pid!;
  const cpuBefore = cpuMs(pid);
  const result = await loadInChild({ ...job, port: target.port, clients: CLIENTS, seconds: SECONDS });
  return { result, cpuPerRequest: (cpuMs(pid) - cpuBefore) / Math.max(1, result.requests), peakRss: peakRssMiB(pid) };
}

async function benchEvents(label: string, databaseUrl: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-bench-'));
  const embeddedPort = await freePort();
  const service = await startProcess(SERVICE, serviceEnv(dataDir, databaseUrl, embeddedPort));
  const baseUrl = `http://127.0.0.1:${service.port}`;
  const post = async (p: string, body: unknown, token?: string) => {
    const res = await fetch(`${baseUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { accessToken } = (await post('/auth/login', { email: 'burgemeester@voorbeeldstad.nl', password: PASSWORD })) as { accessToken: string };
  const planned = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const caseIds: string[] = [];
  for (let i = 0; i < CLIENTS; i++) caseIds.push((await post('/cases', { candidate: { name: 'Bench Kandidaat', email: 'bench@example.nl' }, plannedAppointmentDate: planned }, accessToken)).id as string);
  const dates = [planned, new Date(Date.now() + 61 * 86_400_000).toISOString().slice(0, 10)];

  // The baseline runs on the very database the service uses (on the embedded engine: through the
  // service's own engine, which it reaches on the loopback port the service opened).
  const baseline = await startProcess(BASELINE, { DATABASE_URL: databaseUrl || `postgres://postgres@127.0.0.1:${embeddedPort}/postgres` });
  try {
    const base = await measured(baseline, { kind: 'baseline' });
    const events = await measured(service, { kind: 'events', token: accessToken, caseIds, dates });
    // Latency at a fixed arrival rate: what users see when the service is not saturated.
    const baseOpen = await loadInChild({ kind: 'baseline', rate: RATE, port: baseline.port, clients: CLIENTS, seconds: SECONDS });
    const eventsOpen = await loadInChild({ kind: 'events', rate: RATE, port: service.port, clients: CLIENTS, seconds: SECONDS, token: accessToken, caseIds, dates, versions: events.result.versions });

    console.log(`\n${label}`);
    console.log(`  ${CLIENTS} closed-loop clients for ${SECONDS} s`);
    console.log(`    baseline  POST /baseline/:id (one UPDATE)   ${fmt(base.result)}`);
    console.log(`    workflow  POST /cases/:id/events           ${fmt(events.result)}`);
    console.log(`    ratio     throughput ${(events.result.throughput / base.result.throughput).toFixed(2)} × baseline (goal ≥ 0.5: ${events.result.throughput >= base.result.throughput / 2 ? 'met' : 'NOT met'}); p99 ${(events.result.p99 / base.result.p99).toFixed(1)} × baseline (goal < 25 ms: ${events.result.p99 < 25 ? 'met' : 'NOT met'})`);
    console.log(`  open loop, ${RATE} requests/s for ${SECONDS} s`);
    console.log(`    baseline                                    ${fmt(baseOpen)}`);
    console.log(`    workflow                                    ${fmt(eventsOpen)}`);
    console.log(`    ratio     p99 ${(eventsOpen.p99 / baseOpen.p99).toFixed(1)} × baseline (goal < 25 ms: ${eventsOpen.p99 < 25 ? 'met' : 'NOT met'})`);
    console.log(`  service process under the closed-loop load${databaseUrl ? '' : ' (the embedded engine runs inside it)'}`);
    console.log(`    CPU per request   baseline ${base.cpuPerRequest.toFixed(2)} ms, workflow ${events.cpuPerRequest.toFixed(2)} ms (${(events.cpuPerRequest / base.cpuPerRequest).toFixed(1)} ×)`);
    console.log(`    peak RSS          baseline ${base.peakRss.toFixed(0)} MiB, workflow ${events.peakRss.toFixed(0)} MiB (${(events.peakRss / base.peakRss).toFixed(1)} ×)`);
  } finally {
    await baseline.stop();
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Start-up on the embedded engine: a first start on an empty DATA_DIR, then a restart. */
async function benchStartup() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-bench-start-'));
  try {
    const first = await startProcess(SERVICE, serviceEnv(dataDir, '', 0));
    const firstPeak = peakRssMiB(first.child.pid!);
    await first.stop();
    const embeddedPort = await freePort();
    const again = await startProcess(SERVICE, serviceEnv(dataDir, '', embeddedPort));
    const againPeak = peakRssMiB(again.child.pid!);
    // The bare application needs a database for its table: the running service's engine.
    const baseline = await startProcess(BASELINE, { DATABASE_URL: `postgres://postgres@127.0.0.1:${embeddedPort}/postgres` });
    const baselinePeak = peakRssMiB(baseline.child.pid!);
    await baseline.stop();
    await again.stop();
    const row = (name: string, ms: number, peak: number) =>
      `  ${name.padEnd(62)} ${ms.toFixed(0).padStart(6)} ms (${(ms / baseline.startupMs).toFixed(1).padStart(4)} ×)   peak RSS ${peak.toFixed(0).padStart(4)} MiB`;
    console.log('\nStart-up on the embedded engine (spawn to the first 200 from GET /health)');
    console.log(row('baseline  bare Nest application with one endpoint', baseline.startupMs, baselinePeak));
    console.log(row('service   first start: data dir, keys, migrations, demo seed', first.startupMs, firstPeak));
    console.log(row('service   restart on existing data', again.startupMs, againPeak));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function freshDatabase(server: string): Promise<string> {
  const name = `basisscan_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(server: string, url: string) {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  await admin.end();
}

async function main() {
  console.log(`basisscan bench ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}`);
  // The service under load is the built one; build it if the sources are newer.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-if-stale.mjs')], { stdio: 'inherit' });
  // First, while the machine is quiet: rendering and signing need no database.
  if (ONLY.has('report')) printReportBench(await benchReportRender());
  if (ONLY.has('startup')) await benchStartup();
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const reachable = ENGINES.has('pg') && (await new Client({ connectionString: server, connectionTimeoutMillis: 2000 }).connect().then(() => true, () => false));
  if (ENGINES.has('pg') && !reachable) console.log(`PostgreSQL at ${server} not reachable: skipping that run`);
  if (reachable) {
    const version = await (async () => {
      const client = new Client({ connectionString: server });
      await client.connect();
      const [{ server_version }] = (await client.query('SHOW server_version')).rows;
      await client.end();
      return server_version as string;
    })();
    const label = `PostgreSQL ${version.split(' ')[0]} (${new URL(server).host})`;
    if (ONLY.has('events')) {
      const url = await freshDatabase(server);
      try {
        await benchEvents(label, url);
      } finally {
        await dropDatabase(server, url);
      }
    }
    if (ONLY.has('audit')) {
      const url = await freshDatabase(server);
      try {
        await benchAudit(label, url);
      } finally {
        await dropDatabase(server, url);
      }
    }
  }
  if (ENGINES.has('embedded') && ONLY.has('events')) await benchEvents('embedded PGlite', '');
  if (ENGINES.has('embedded') && ONLY.has('audit')) await benchAudit('embedded PGlite', undefined);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
