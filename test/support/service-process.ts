// The built service (or another Node script) as a process of its own, started with `node` as an
// operator starts it, and ready once GET /health answers 200. Used by the fault tests and the bench.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from './free-port';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BUILT_SERVICE = path.join(REPO_ROOT, 'dist', 'src', 'main.js');

type Exit = { code: number | null; signal: NodeJS.Signals | null };

export class ServiceProcess {
  private readonly tail: string[] = [];
  private exit?: Exit;
  private readonly exited: Promise<Exit>;
  /** Milliseconds from spawn to the first 200 from GET /health. */
  startupMs = NaN;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    this.exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve((this.exit = { code, signal }))));
    // The service logs no personal data; the last lines are kept only to explain a failure.
    const keep = (chunk: Buffer) => {
      this.tail.push(...chunk.toString().split('\n').filter(Boolean));
      this.tail.splice(0, Math.max(0, this.tail.length - 40));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /**
   * Starts `script` (default: the built service) with `env`; PORT is taken from `env` or a free
   * one. `nodeArgs` go before the script (e.g. --cpu-prof).
   */
  static async start(env: Record<string, string>, options: { script?: string; nodeArgs?: string[]; boundMs?: number } = {}): Promise<ServiceProcess> {
    const { script = BUILT_SERVICE, nodeArgs = [], boundMs = 60_000 } = options;
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, script], { cwd: REPO_ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const service = new ServiceProcess(child, port);
    while (performance.now() - started < boundMs && !service.exit) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) {
        service.startupMs = performance.now() - started;
        return service;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const gone = service.exit;
    child.kill('SIGKILL');
    await service.exited;
    throw new Error(`${path.basename(script)} ${gone ? `exited (${gone.code ?? gone.signal})` : `did not answer /health with 200 within ${boundMs} ms`}:\n${service.output}`);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get output(): string {
    return this.tail.join('\n');
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed by the service. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    const { signal } = await this.exited;
    if (signal !== 'SIGKILL') throw new Error(`the service ended by ${signal} before it was killed:\n${this.output}`);
  }

  /** SIGTERM: the normal shutdown; bounded, then killed. */
  async stop(boundMs = 20_000): Promise<void> {
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), boundMs);
    await this.exited;
    clearTimeout(timer);
  }
}
