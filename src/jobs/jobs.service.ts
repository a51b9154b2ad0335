import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseEvent } from '../../workflows/basisscan-2.machine';
import { OutboxService } from '../candidates/outbox.service';
import { CasesService } from '../cases/cases.service';
import { NotificationsService } from '../notifications/notifications.service';
import { WebhooksService } from '../webhooks/webhooks.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Carries out due deadlines. Each job is taken with FOR UPDATE SKIP LOCKED and marked done in the
 * transaction that applies its event, so with any number of instances it fires exactly once, and
 * a crash before commit leaves it pending for the next poll.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.jobPollSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    // Deadlines and mail independently: a failing one does not hold up the other.
    this.running = Promise.allSettled([this.runDue(), this.outbox.deliverPending(), this.notifications.sendDigests(), this.webhooks.deliverPending()]).then((results) => results.filter((r) => r.status === 'fulfilled').length);
    try {
      await this.running;
    } catch (error) {
      this.logger.warn({ errorName: (error as Error).name }, 'Running due jobs failed; retrying at the next poll');
    } finally {
      this.running = undefined;
    }
  }

  /** Runs every job that is due now; returns how many fired. */
  async runDue(limit = 100): Promise<number> {
    let fired = 0;
    for (let i = 0; i < limit; i++) {
      let taken: string | undefined;
      const outcome = await this.dataSource.transaction(async (tx) => {
        // Job and case locked together, case included, in the order user events lock them.
        const [job]: { id: string; case_id: string; kind: string; event: Record<string, unknown> }[] = await tx.query(
          `SELECT j.id, j.case_id, j.kind, j.event FROM scheduled_jobs j JOIN cases c ON c.id = j.case_id
            WHERE j.status = 'pending' AND j.due_at <= now()
            ORDER BY j.due_at, j.id LIMIT 1 FOR UPDATE OF c, j SKIP LOCKED`,
        );
        if (!job) return 'none' as const;
        taken = job.id;
        if (job.kind === 'bewaartermijn') {
          const [{ legal_hold }] = await tx.query('SELECT legal_hold FROM cases WHERE id = $1 FOR UPDATE', [job.case_id]);
          if (legal_hold) {
            // A legal hold stops destruction; the job waits and looks again tomorrow.
            await tx.query(`UPDATE scheduled_jobs SET due_at = now() + interval '1 day', attempts = attempts + 1 WHERE id = $1`, [job.id]);
            return 'held' as const;
          }
        }
        if (job.event.type === 'REMINDER') {
          // A reminder is no case event: the notice goes out (notifications/consequences.ts, REMINDERS), the case stays as it is.
          const mails = await this.notifications.remind(tx, job.case_id, job.event.deadline as string);
          await tx.query(`UPDATE scheduled_jobs SET status = $2, attempts = attempts + 1, finished_at = now() WHERE id = $1`, [job.id, mails > 0 ? 'done' : 'skipped']);
          return mails > 0 ? ('fired' as const) : ('skipped' as const);
        }
        const event = { ...job.event, at: new Date().toISOString() } as CaseEvent;
        const applied = await this.cases.applySystemEvent(tx, job.case_id, event, `deadline:${job.kind}`);
        await tx.query(`UPDATE scheduled_jobs SET status = $2, attempts = attempts + 1, finished_at = now() WHERE id = $1`, [job.id, applied ? 'done' : 'skipped']);
        return applied ? ('fired' as const) : ('skipped' as const);
      }).catch(async (error: Error) => {
        if (!taken) throw error;
        // Nothing of the failed attempt was committed; the job waits (backing off) and the rest go on.
        this.logger.warn({ jobId: taken, errorName: error.name }, 'Due job failed; retrying later');
        await this.dataSource.query(
          `UPDATE scheduled_jobs SET attempts = attempts + 1, last_error = $2, due_at = now() + make_interval(mins => least(60, power(2, attempts)::int)) WHERE id = $1`,
          [taken, error.name],
        );
        return 'failed' as const;
      });
      if (outcome === 'none') break;
      if (outcome === 'fired') fired++;
    }
    return fired;
  }
}
