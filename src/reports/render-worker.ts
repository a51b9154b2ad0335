/**
 * A worker thread that renders and signs reports and documents (RenderPool): the CPU of pdfkit and
 * of signing runs here, not on the event loop that answers requests. The signing key is read here
 * from the same configuration as the service's own, never sent between threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AppConfig } from '../config/app-config';
import { renderAndSignDocument } from './documents/render-document';
import { renderAndSign, ReportSigner } from './produce';
import { signingIdentityFor } from './report-signing.service';
import type { RenderTask } from './render-pool';

const config = workerData as Pick<AppConfig, 'reportSigning' | 'dataDir'>;
let signer: ReportSigner | undefined;
const signerOf = (): ReportSigner => (signer ??= { identity: signingIdentityFor(config), tsaUrl: config.reportSigning.tsaUrl, tsaTimeoutMs: config.reportSigning.tsaTimeoutMs });

parentPort!.on('message', async ({ id, task }: { id: number; task: RenderTask }) => {
  try {
    const pdf = task.kind === 'report' ? await renderAndSign(task.content, task.binding, signerOf()) : await renderAndSignDocument(task.texts, task.content, signerOf());
    // A copy of its own, so the transfer never takes a pooled buffer another Buffer shares.
    const bytes = new Uint8Array(pdf);
    parentPort!.postMessage({ id, pdf: bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: { name: (error as Error).name, message: (error as Error).message } });
  }
});
