import * as http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  /** The cases' versions after an events run, for the next run on the same cases. */
  versions?: number[];
}

interface RequestSpec {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What both generators share: one keep-alive agent, the latencies and errors, and the summary. */
class Recorder {
  readonly agent: http.Agent;
  private readonly latencies: number[] = [];
  private errors = 0;
  private readonly started = performance.now();

  constructor(
    private readonly port: number,
    clients: number,
    private readonly onResponse?: (client: number, status: number, body: string) => void,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  }

  /** Sends one request for `client`; its latency counts from `since` (now, or when it was due). */
  send(client: number, spec: RequestSpec, since = performance.now()): Promise<void> {
    return new Promise<void>((resolve) => {
      const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
      const req = http.request(
        { host: '127.0.0.1', port: this.port, method: spec.method, path: spec.path, agent: this.agent, headers: { 'content-type': 'application/json', ...spec.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            this.latencies.push(performance.now() - since);
            if ((res.statusCode ?? 500) >= 300) this.errors++;
            this.onResponse?.(client, res.statusCode ?? 0, Buffer.concat(chunks).toString());
            resolve();
          });
        },
      );
      req.on('error', () => {
        this.errors++;
        this.onResponse?.(client, 0, '');
        resolve();
      });
      req.end(payload);
    });
  }

  result(): LoadResult {
    const seconds = (performance.now() - this.started) / 1000;
    this.agent.destroy();
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
    return { requests: sorted.length, errors: this.errors, seconds, throughput: sorted.length / seconds, p50: pct(50), p99: pct(99), max: sorted[sorted.length - 1] ?? NaN };
  }
}

/**
 * A closed-loop load generator: `clients` workers, each sending its next request as soon as the
 * previous one is answered, for `seconds`. Latency in milliseconds from write to full response.
 */
export async function runLoad(options: {
  port: number;
  clients: number;
  seconds: number;
  /** Builds client `i`'s next request. */
  request: (client: number) => RequestSpec;
  onResponse?: (client: number, status: number, body: string) => void;
}): Promise<LoadResult> {
  const recorder = new Recorder(options.port, options.clients, options.onResponse);
  const deadline = performance.now() + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      while (performance.now() < deadline) await recorder.send(client, options.request(client));
    }),
  );
  return recorder.result();
}

/**
 * An open-loop load: requests start at a fixed rate whatever the answers, as independent users
 * would send them, at most `clients` at a time. Latency counts from the moment a request was due,
 * so a slow answer that delays later requests is not hidden (no coordinated omission).
 * `request` returns null when no client is free (e.g. every case has a request in flight).
 */
export async function runOpenLoop(options: {
  port: number;
  rate: number;
  seconds: number;
  clients: number;
  request: () => (RequestSpec & { client: number }) | null;
  onResponse?: (client: number, status: number, body: string) => void;
}): Promise<LoadResult> {
  const recorder = new Recorder(options.port, options.clients, options.onResponse);
  const started = performance.now();
  const total = Math.round(options.rate * options.seconds);
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    let spec = options.request();
    while (!spec) {
      await Promise.race(inFlight);
      spec = options.request();
    }
    const done = recorder.send(spec.client, spec, due);
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  }
  await Promise.all(inFlight);
  return recorder.result();
}

export const fmt = (r: LoadResult) =>
  `${r.throughput.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.requests} requests, ${r.errors} errors, ${r.seconds.toFixed(1)} s)`;
