import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxRetry1767040000000 implements MigrationInterface {
  name = 'OutboxRetry1767040000000';

  async up(q: QueryRunner): Promise<void> {
    // A temporary refusal (SMTP 4xx) waits and is tried again; a permanent one (5xx) is recorded as
    // failed at once. last_error holds the SMTP code or the error class, never the server's text.
    await q.query(`ALTER TABLE outbox_mail ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE outbox_mail ADD COLUMN last_error text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_mail DROP COLUMN last_error`);
    await q.query(`ALTER TABLE outbox_mail DROP COLUMN next_attempt_at`);
  }
}
