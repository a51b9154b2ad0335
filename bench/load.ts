import * as http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
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

export const fmt = (r: LoadResult) =>
  `${r.throughput.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  (${r.requests} requests, ${r.errors} errors, ${r.seconds.toFixed(1)} s)`;
