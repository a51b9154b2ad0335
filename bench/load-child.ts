// Runs one load in its own process, so the generator does not share the service's event loop.
import { runLoad } from './load';

interface Job {
  kind: 'baseline' | 'events';
  port: number;
  clients: number;
  seconds: number;
  token?: string;
  caseIds?: string[];
  dates?: string[];
}

process.once('message', async (job: Job) => {
  const versions = (job.caseIds ?? []).map(() => 1);
  const result = await runLoad({
    port: job.port,
    clients: job.clients,
    seconds: job.seconds,
    request: (i) =>
      job.kind === 'baseline'
        ? { method: 'POST', path: `/baseline/${i}` }
        : {
            method: 'POST',
            path: `/cases/${job.caseIds![i]}/events`,
            headers: { authorization: `Bearer ${job.token}` },
            body: { type: 'CHANGE_APPOINTMENT_DATE', expectedVersion: versions[i], date: job.dates![versions[i] % 2] },
          },
    onResponse: (i, status) => {
      if (status === 200) versions[i]++;
    },
  });
  process.send!(result, () => process.exit(0));
});
