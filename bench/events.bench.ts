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
import { benchAudit } from './audit.bench';
import { fmt, LoadResult } from './load';
import { benchReportRender, printReportBench } from './report-render.bench';
import { createDatabase, withClient } from '../test/support/databases';
import { freePort } from '../test/support/free-port';
import { REPO_ROOT, ServiceProcess } from '../test/support/service-process';
import { cpuMs, peakRssMiB } from './service-process';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Open-loop arrivals per second for the latency-at-a-given-load figure. */
const RATE = Number(process.env.BENCH_RATE ?? 50);
const PASSWORD = 'Bench-Wachtwoord-1';
const BASELINE = path.join(__dirname, 'baseline-app.cjs');
/** BENCH_PROFILE_DIR=dir writes a CPU profile of each measured process there when it stops. */
const PROFILE = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];

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
  const { pid } = target;
  const cpuBefore = cpuMs(pid);
  const result = await loadInChild({ ...job, port: target.port, clients: CLIENTS, seconds: SECONDS });
  return { result, cpuPerRequest: (cpuMs(pid) - cpuBefore) / Math.max(1, result.requests), peakRss: peakRssMiB(pid) };
}

async function benchEvents(label: string, databaseUrl: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-bench-'));
  const embeddedPort = await freePort();
  const service = await ServiceProcess.start(serviceEnv(dataDir, databaseUrl, embeddedPort), { nodeArgs: PROFILE });
  const baseUrl = `http://127.0.0.1:${service.port}/api/v1`;
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
  const baseline = await ServiceProcess.start({ DATABASE_URL: databaseUrl || `postgres://postgres@127.0.0.1:${embeddedPort}/postgres` }, { script: BASELINE, nodeArgs: PROFILE });
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
    const first = await ServiceProcess.start(serviceEnv(dataDir, '', 0), { nodeArgs: PROFILE });
    const firstPeak = peakRssMiB(first.pid);
    await first.stop();
    const embeddedPort = await freePort();
    const again = await ServiceProcess.start(serviceEnv(dataDir, '', embeddedPort), { nodeArgs: PROFILE });
    const againPeak = peakRssMiB(again.pid);
    // The bare application needs a database for its table: the running service's engine.
    const baseline = await ServiceProcess.start({ DATABASE_URL: `postgres://postgres@127.0.0.1:${embeddedPort}/postgres` }, { script: BASELINE, nodeArgs: PROFILE });
    const baselinePeak = peakRssMiB(baseline.pid);
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

async function main() {
  console.log(`basisscan bench ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}`);
  // The service under load is the built one; build it if the sources are newer.
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-if-stale.mjs')], { stdio: 'inherit' });
  // First, while the machine is quiet: rendering and signing need no database.
  if (ONLY.has('report')) printReportBench(await benchReportRender());
  if (ONLY.has('startup')) await benchStartup();
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const version = ENGINES.has('pg')
    ? await withClient(server, async (c) => (await c.query('SHOW server_version')).rows[0].server_version as string).catch(() => undefined)
    : undefined;
  if (ENGINES.has('pg') && !version) console.log(`PostgreSQL at ${server} not reachable: skipping that run`);
  if (version) {
    const label = `PostgreSQL ${version.split(' ')[0]} (${new URL(server).host})`;
    for (const [part, run] of [['events', benchEvents], ['audit', benchAudit]] as const) {
      if (!ONLY.has(part)) continue;
      const database = await createDatabase('basisscan_bench', server);
      try {
        await run(label, database.url);
      } finally {
        await database.drop();
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
