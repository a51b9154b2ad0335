// Runs one load in its own process, so the generator does not share the service's CPU time.
import { runLoad, runOpenLoop } from './load';

interface Job {
  kind: 'baseline' | 'events';
  /** Closed loop: `clients` each send the next request when answered. Open loop: `rate` per second. */
  rate?: number;
  port: number;
  clients: number;
  seconds: number;
  token?: string;
  caseIds?: string[];
  dates?: string[];
  /** Each case's current version, from an earlier run on the same cases. */
  versions?: number[];
}

process.once('message', async (job: Job) => {
  // Each case has its own client: the next event on a case needs the version the last one made.
  const versions = job.versions ?? (job.caseIds ?? []).map(() => 1);
  const busy = new Set<number>();
  const requestFor = (i: number) =>
    job.kind === 'baseline'
      ? { client: i, method: 'POST', path: `/baseline/${i}` }
      : {
          client: i,
          method: 'POST',
          path: `/api/v1/cases/${job.caseIds![i]}/events`,
          headers: { authorization: `Bearer ${job.token}` },
          body: { type: 'CHANGE_APPOINTMENT_DATE', expectedVersion: versions[i], date: job.dates![versions[i] % 2] },
        };
  const onResponse = (i: number, status: number) => {
    busy.delete(i);
    if (status === 200) versions[i]++;
  };
  let next = 0;
  const result = job.rate
    ? await runOpenLoop({
        port: job.port,
        rate: job.rate,
        seconds: job.seconds,
        clients: job.clients,
        request: () => {
          for (let tries = 0; tries < job.clients; tries++) {
            const i = next++ % job.clients;
            if (busy.has(i)) continue;
            busy.add(i);
            return requestFor(i);
          }
          return null;
        },
        onResponse,
      })
    : await runLoad({ port: job.port, clients: job.clients, seconds: job.seconds, request: requestFor, onResponse });
  process.send!({ ...result, versions }, () => process.exit(0));
});
