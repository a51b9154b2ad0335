import { Inject, Injectable, Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DataEncryptionService } from '../crypto/data-encryption.service';

/** Attempts before a mail that keeps failing temporarily is given up. */
export const MAX_MAIL_ATTEMPTS = 10;

interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Mail as an outbox: a message is stored (encrypted) in the transaction of the event that causes
 * it and delivered after commit, over SMTP when SMTP_URL is set, otherwise as an .eml file in
 * DATA_DIR/outbox. A failed delivery stays pending and is retried by the job poller.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger('Outbox');
  private readonly transport: Transporter;
  private readonly outboxDir: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: DataEncryptionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.outboxDir = path.join(config.dataDir, 'outbox');
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl) : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  /** `notice` names the notification a mail carries (see notifications/consequences.ts), for counting without decrypting. */
  async enqueue(tx: EntityManager, caseId: string | null, template: string, message: MailMessage, notice?: string): Promise<void> {
    const [row] = await tx.query(`INSERT INTO outbox_mail (case_id, template, message_encrypted, notice) VALUES ($1, $2, 'pending', $3) RETURNING id`, [caseId, template, notice ?? null]);
    // Mail of no case (a daily digest) is sealed with the service's own outbox key.
    const cipher = caseId ? await this.crypto.forCase(tx, caseId) : this.crypto.forService('outbox');
    await tx.query('UPDATE outbox_mail SET message_encrypted = $1 WHERE id = $2', [cipher.encrypt(JSON.stringify(message), `mail:${row.id}`), row.id]);
  }

  /**
   * Delivers pending mail; returns how many were delivered. A message is claimed in a short
   * transaction and sent outside it, so a slow mail server never holds a database connection (on
   * the embedded engine: the only backend). A claim not finished in 10 minutes is taken again.
   */
  async deliverPending(limit = 20): Promise<number> {
    let delivered = 0;
    for (let i = 0; i < limit; i++) {
      const [mail]: { id: string; case_id: string | null; message_encrypted: string; attempts: number }[] = await this.dataSource.query(
        `WITH next AS (
           SELECT id FROM outbox_mail
            WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND claimed_at < now() - interval '10 minutes')
            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         , claimed AS (
           UPDATE outbox_mail m SET status = 'sending', claimed_at = now(), attempts = m.attempts + 1
             FROM next WHERE m.id = next.id
           RETURNING m.id, m.case_id, m.message_encrypted, m.attempts)
         SELECT * FROM claimed`,
      );
      if (!mail) break;
      try {
        const cipher = mail.case_id ? await this.crypto.forCase(this.dataSource.manager, mail.case_id) : this.crypto.forService('outbox');
        const message = JSON.parse(cipher.decrypt(mail.message_encrypted, `mail:${mail.id}`)) as MailMessage;
        const info = await this.transport.sendMail({ from: this.config.mailFrom, ...message });
        if (!this.config.smtpUrl) {
          fs.mkdirSync(this.outboxDir, { recursive: true, mode: 0o700 });
          fs.writeFileSync(this.fileOf(mail.id), (info as unknown as { message: Buffer }).message, { mode: 0o600 });
        }
        await this.dataSource.query(`UPDATE outbox_mail SET status = 'sent', sent_at = now() WHERE id = $1`, [mail.id]);
        delivered++;
      } catch (error) {
        // SMTP 5xx: the server refuses for good, recorded as failed at once. 4xx or no answer:
        // tried again after a wait that doubles (1, 2, 4 … minutes, at most an hour), at most ten times.
        const code = (error as { responseCode?: number }).responseCode;
        const permanent = typeof code === 'number' && code >= 500;
        const reason = typeof code === 'number' ? `smtp_${code}` : (error as Error).name;
        const failed = permanent || mail.attempts >= MAX_MAIL_ATTEMPTS;
        this.logger.warn({ mailId: mail.id, reason, failed }, failed ? 'Mail delivery failed for good' : 'Mail delivery failed; will retry');
        await this.dataSource.query(
          `UPDATE outbox_mail SET status = $2, last_error = $3, claimed_at = NULL,
                  next_attempt_at = now() + make_interval(secs => least(3600, 60 * power(2, attempts - 1)::int)) WHERE id = $1`,
          [mail.id, failed ? 'failed' : 'pending', reason],
        );
      }
    }
    return delivered;
  }

  /** Removes a case's mail, rows and files, when the case is destroyed. */
  async destroyForCase(tx: EntityManager, caseId: string): Promise<void> {
    const rows: { id: string }[] = await tx.query('SELECT id FROM outbox_mail WHERE case_id = $1', [caseId]);
    await tx.query('DELETE FROM outbox_mail WHERE case_id = $1', [caseId]);
    for (const { id } of rows) fs.rmSync(this.fileOf(id), { force: true });
  }

  fileOf(mailId: string): string {
    return path.join(this.outboxDir, `${mailId}.eml`);
  }
}
