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

/**
 * A closed-loop load generator: `clients` workers, each sending its next request as soon as the
 * previous one is answered, for `seconds`. Latency in milliseconds from write to full response.
 */
export async function runLoad(options: {
  port: number;
  clients: number;
  seconds: number;
  /** Builds client `i`'s next request; `ok` tells whether the answer counts as a success. */
  request: (client: number) => { method: string; path: string; body?: unknown; headers?: Record<string, string> };
  onResponse?: (client: number, status: number, body: string) => void;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  const one = (client: number) =>
    new Promise<void>((resolve) => {
      const spec = options.request(client);
      const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
      const t0 = performance.now();
      const req = http.request(
        { host: '127.0.0.1', port: options.port, method: spec.method, path: spec.path, agent, headers: { 'content-type': 'application/json', ...spec.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if ((res.statusCode ?? 500) >= 300) errors++;
            options.onResponse?.(client, res.statusCode ?? 0, Buffer.concat(chunks).toString());
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(payload);
    });
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      while (performance.now() < deadline) await one(client);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, seconds, throughput: latencies.length / seconds, p50: pct(50), p99: pct(99), max: latencies[latencies.length - 1] ?? NaN };
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
  request: () => { client: number; method: string; path: string; body?: unknown; headers?: Record<string, string> } | null;
  onResponse?: (client: number, status: number, body: string) => void;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const total = Math.round(options.rate * options.seconds);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    let spec = options.request();
    while (!spec) {
      await Promise.race(inFlight);
      spec = options.request();
    }
    const { client } = spec;
    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port: options.port, method: spec.method, path: spec.path, agent, headers: { 'content-type': 'application/json', ...spec.headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if ((res.statusCode ?? 500) >= 300) errors++;
            options.onResponse?.(client, res.statusCode ?? 0, Buffer.concat(chunks).toString());
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        options.onResponse?.(client, 0, '');
        resolve();
      });
      req.end(payload);
    });
    inFlight.push(done);
    void done.then(() => inFlight.splice(inFlight.indexOf(done), 1));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, seconds, throughput: latencies.length / seconds, p50: pct(50), p99: pct(99), max: latencies[latencies.length - 1] ?? NaN };
}

export const fmt = (r: LoadResult) =>
  `${r.throughput.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.requests} requests, ${r.errors} errors, ${r.seconds.toFixed(1)} s)`;
