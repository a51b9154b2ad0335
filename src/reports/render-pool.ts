import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { SignPdfError } from '@signpdf/utils';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { DocumentContent, DocumentTexts } from './documents/render-document';
import type { ReportBinding, ReportContent } from './report-model';
import { SigningConfigurationError, TimestampError } from './signing';

export type RenderTask =
  | { kind: 'report'; content: ReportContent; binding: ReportBinding }
  | { kind: 'document'; texts: DocumentTexts; content: DocumentContent };

interface Job {
  task: RenderTask;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job & { id: number };
}

/** The errors the callers tell apart, rebuilt by name: a class does not cross a thread. */
const ERRORS: Record<string, (message: string) => Error> = {
  TimestampError: (message) => new TimestampError(message),
  SigningConfigurationError: (message) => new SigningConfigurationError(message),
  SignPdfError: (message) => new SignPdfError(message),
};

/**
 * Renders and signs in a bounded pool of worker threads (REPORT_RENDER_WORKERS), so that making a
 * report (about 200 ms of CPU) never stalls the requests of everyone else. Jobs beyond the pool
 * wait in order. A worker that dies fails its one job and is replaced.
 */
@Injectable()
export class RenderPool implements OnModuleDestroy {
  private readonly logger = new Logger('RenderPool');
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  render(task: RenderTask): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('the render pool is closed'));
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the service is stopping'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.config.reportRenderWorkers) slot = this.start();
      if (!slot) return;
      const job = { ...this.queue.shift()!, id: this.nextId++ };
      slot.job = job;
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  private start(): Slot {
    // Under ts-jest and ts-node the worker is TypeScript: it registers ts-node for itself.
    const typescript = __filename.endsWith('.ts');
    const worker = new Worker(path.join(__dirname, `render-worker.${typescript ? 'ts' : 'js'}`), {
      workerData: { reportSigning: this.config.reportSigning, dataDir: this.config.dataDir },
      execArgv: typescript ? ['--require', 'ts-node/register/transpile-only'] : [],
    });
    const slot: Slot = { worker };
    worker.on('message', (message: { id: number; pdf?: Uint8Array; error?: { name: string; message: string } }) => {
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      slot.job = undefined;
      if (message.pdf) job.resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength));
      else job.reject((ERRORS[message.error!.name] ?? ((m: string) => new Error(m)))(message.error!.message));
      this.dispatch();
    });
    const lost = (reason: string) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (slot.job) slot.job.reject(new Error(`the render worker stopped: ${reason}`));
      slot.job = undefined;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (error) => {
      this.logger.error({ errorName: error.name }, 'Render worker failed');
      lost(error.name);
    });
    worker.on('exit', (code) => lost(`exit ${code}`));
    this.slots.push(slot);
    return slot;
  }
}
