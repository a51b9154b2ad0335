// npm run bench: POST /cases/:id/events under 64 concurrent clients, next to a baseline measured
// in the same run on the same database: a bare Nest endpoint doing one single-row UPDATE. The load
// comes from a separate process (bench/load-child.ts), so it does not share the service's CPU time.
import { Controller, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Pool } from 'pg';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { Database } from '../src/database/database.module';
import { fork } from 'node:child_process';
import { benchAudit } from './audit.bench';
import { benchReportRender, printReportBench } from './report-render.bench';
import { fmt, LoadResult } from './load';

function loadInChild(job: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-child.ts'), { execArgv: ['-r', 'ts-node/register/transpile-only'] });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.send(job);
  });
}

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'Bench-Wachtwoord-1';

let baselinePool: Pool;

@Controller('baseline')
class BaselineController {
  @Post(':id')
  async bump(@Param('id') id: string) {
    await baselinePool.query('UPDATE bench_rows SET n = n + 1 WHERE id = $1', [Number(id)]);
    return { ok: true };
  }
}

@Module({ controllers: [BaselineController] })
class BaselineModule {}

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

async function bench(label: string, databaseUrl: string | undefined) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-bench-'));
  const app = await createApp(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', SEED_DEMO: 'true', DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10000000', JOB_POLL_SECONDS: '60' }));
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const url = app.get(Database).connectionUrl;

  const post = async (p: string, body: unknown, token?: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { accessToken } = (await post('/auth/login', { email: 'burgemeester@voorbeeldstad.nl', password: PASSWORD })) as { accessToken: string };
  const planned = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const cases = await Promise.all(Array.from({ length: CLIENTS }, () => post('/cases', { candidate: { name: 'Bench Kandidaat', email: 'bench@example.nl' }, plannedAppointmentDate: planned }, accessToken)));
  const dates = [planned, new Date(Date.now() + 61 * 86_400_000).toISOString().slice(0, 10)];

  // Baseline on the same database, in the same process conditions.
  baselinePool = new Pool({ connectionString: url, max: 10 });
  await baselinePool.query('CREATE TABLE IF NOT EXISTS bench_rows (id int PRIMARY KEY, n int NOT NULL)');
  await baselinePool.query(`INSERT INTO bench_rows SELECT g, 0 FROM generate_series(0, ${CLIENTS - 1}) g ON CONFLICT DO NOTHING`);
  const baseline = await NestFactory.create(BaselineModule, { logger: false });
  await baseline.listen(0, '127.0.0.1');
  const baselinePort = (baseline.getHttpServer().address() as { port: number }).port;

  const base = await loadInChild({ kind: 'baseline', port: baselinePort, clients: CLIENTS, seconds: SECONDS });
  const events = await loadInChild({ kind: 'events', port, clients: CLIENTS, seconds: SECONDS, token: accessToken, caseIds: cases.map((c) => c.id), dates });

  console.log(`\n${label}`);
  console.log(`  baseline  POST /baseline/:id (one UPDATE)      ${fmt(base)}`);
  console.log(`  workflow  POST /cases/:id/events              ${fmt(events)}`);
  console.log(`  ratio     throughput ${(events.throughput / base.throughput).toFixed(2)} of baseline, p99 ${(events.p99 / base.p99).toFixed(1)}× baseline; goal p99 < 25 ms: ${events.p99 < 25 ? 'met' : 'NOT met'}`);

  await baseline.close();
  await baselinePool.end();
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** BENCH_ONLY=events,report,audit,startup (comma-separated) runs a part; BENCH_ENGINES=pg,embedded picks engines. */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'report,startup,events,audit').split(','));
const ENGINES = new Set((process.env.BENCH_ENGINES ?? 'pg,embedded').split(','));

async function main() {
  console.log(`basisscan bench: ${CLIENTS} concurrent clients, ${SECONDS} s per run, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  // First, while the machine is quiet: rendering and signing need no database.
  if (ONLY.has('report')) printReportBench(await benchReportRender());
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const reachable = await new Client({ connectionString: server, connectionTimeoutMillis: 2000 }).connect().then(
    () => true,
    () => false,
  );
  if (!ENGINES.has('pg')) {
    // not asked for
  } else if (reachable) {
    const url = await freshDatabase(server);
    const auditUrl = await freshDatabase(server);
    try {
      if (ONLY.has('events')) await bench(`PostgreSQL (${new URL(server).host})`, url);
      if (ONLY.has('audit')) await benchAudit(`PostgreSQL (${new URL(server).host})`, auditUrl);
    } finally {
      await dropDatabase(server, url);
      await dropDatabase(server, auditUrl);
    }
  } else {
    console.log(`PostgreSQL at ${server} not reachable: skipping that run`);
  }
  if (ENGINES.has('embedded') && ONLY.has('events')) await bench('embedded PGlite', undefined);
  if (ENGINES.has('embedded') && ONLY.has('audit')) await benchAudit('embedded PGlite', undefined);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
