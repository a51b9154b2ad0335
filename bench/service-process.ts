// A service under measurement in a process of its own: started with `node` as an operator starts
// it, timed until /health answers, and read from /proc for its CPU time and peak memory.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { freePort } from '../test/support/free-port';

export interface ServiceProcess {
  port: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 from GET /health. */
  startupMs: number;
  stop(): Promise<void>;
}


/** BENCH_PROFILE_DIR=dir writes a CPU profile of each measured process there when it stops. */
const PROFILE = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];

export async function startProcess(script: string, env: Record<string, string>, timeoutMs = 60_000): Promise<ServiceProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...PROFILE, script], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let failed = false;
  child.once('exit', () => (failed = true));
  while (performance.now() - started < timeoutMs && !failed) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) {
      const startupMs = performance.now() - started;
      return {
        port,
        child,
        startupMs,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`${script} did not answer /health within ${timeoutMs} ms`);
}

/** CPU time (user + system) the process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  // Fields after the command name: state is field 3; utime and stime are fields 14 and 15, in ticks.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** The process's peak resident memory so far (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}
