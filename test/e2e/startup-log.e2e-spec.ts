import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeDatabaseUrl } from '../../src/common/logging';
import { freePort } from '../support/free-port';
import { REPO_ROOT } from '../support/service-process';

/**
 * Logs for people and machines (issue 15): JSON without a terminal, readable lines on one, and one
 * start-up block after listen. The service runs from its sources (ts-node), as its own process, on
 * a fresh embedded database, and is stopped once the block is out.
 */
const SOURCE_MAIN = ['-r', 'ts-node/register/transpile-only', 'src/main.ts'];
// eslint-disable-next-line no-control-regex -- terminal colour codes are what is stripped
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

interface Run {
  output: () => string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

async function start(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  let output = '';
  const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env, TS_NODE_TRANSPILE_ONLY: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitFor(run: Run, done: (output: string) => boolean, boundMs = 90_000): Promise<string> {
  const started = Date.now();
  while (Date.now() - started < boundMs) {
    if (done(run.output())) return run.output();
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the service did not log its start-up block:\n${run.output().slice(-3000)}`);
}

describe('start-up logs', () => {
  const dirs: string[] = [];
  const env = async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-startlog-'));
    dirs.push(dataDir);
    const template = process.env.BASISSCAN_PGDATA_TEMPLATE;
    if (template) fs.cpSync(template, path.join(dataDir, 'pgdata'), { recursive: true });
    return { PORT: String(await freePort()), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info', LOG_FORMAT: 'auto', SEED_DEMO: 'true', DEMO_PASSWORD: 'Start-Blok-Demo-1' };
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('without a terminal: JSON lines, one start-up line with the facts as fields, no route mappings at info', async () => {
    const run = await start(process.execPath, SOURCE_MAIN, await env());
    try {
      const output = await waitFor(run, (o) => o.includes('"startup"'));
      const lines = output.split('\n').filter((l) => l.startsWith('{'));
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const startup = records.filter((r) => r.startup);
      expect(startup).toHaveLength(1);
      expect(startup[0]).toMatchObject({
        level: 30,
        context: 'Main',
        msg: expect.stringMatching(/^Basisscan is ready on 127\.0\.0\.1:\d+/),
        startup: {
          listen: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
          api: expect.stringMatching(/\/api\/v1$/),
          database: expect.stringMatching(/^embedded PGlite .* in .*pgdata$/),
          dataDir: expect.stringContaining('basisscan-startlog-'),
          demo: { accounts: expect.arrayContaining(['burgemeester@voorbeeldstad.nl']), password: 'Start-Blok-Demo-1' },
        },
      });
      // Nest's line per route and per module are debug now.
      expect(records.filter((r) => ['RouterExplorer', 'RoutesResolver', 'InstanceLoader'].includes(String(r.context)))).toEqual([]);
      expect(output).not.toMatch(/Mapped \{/);
      // Every line is JSON.
      expect(output.split('\n').filter((l) => l.trim() && !l.startsWith('{'))).toEqual([]);
    } finally {
      await run.stop();
    }
  }, 120_000);

  const script = ['/usr/bin/script', '/bin/script'].find((p) => fs.existsSync(p));
  (script ? it : it.skip)('on a terminal: readable lines, and the start-up block within the first screen', async () => {
    const command = [process.execPath, ...SOURCE_MAIN].map((a) => `'${a}'`).join(' ');
    const run = await start(script!, ['-qfec', command, '/dev/null'], await env());
    try {
      const output = (await waitFor(run, (o) => /demo password/.test(o))).replace(ANSI, '').replace(/\r/g, '');
      const lines = output.split('\n');
      const first = lines.findIndex((l) => l.includes('Basisscan is ready'));
      // The block starts and ends within the first 24 lines of a terminal.
      expect(first).toBeGreaterThanOrEqual(0);
      expect(lines.findIndex((l) => l.includes('demo password'))).toBeLessThan(24);
      expect(lines.slice(first, first + 9).join('\n')).toMatch(/API +http:\/\/.*\/api\/v1[\s\S]*listening on +127\.0\.0\.1:\d+[\s\S]*database +embedded PGlite[\s\S]*data directory +\S+[\s\S]*demo accounts +burgemeester@voorbeeldstad\.nl/);
      expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
      expect(output).not.toMatch(/Mapped \{/);
    } finally {
      await run.stop();
    }
  }, 120_000);

  it('names a PostgreSQL database without its password', () => {
    expect(describeDatabaseUrl('postgres://basisscan:geheim%21@db.example.nl:5432/basisscan?sslmode=require')).toBe('PostgreSQL basisscan@db.example.nl:5432/basisscan');
    expect(describeDatabaseUrl('niet een url')).toBe('PostgreSQL (DATABASE_URL)');
  });
});
