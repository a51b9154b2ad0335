import { MigrationInterface, QueryRunner } from 'typeorm';

export class Invitations1764200000000 implements MigrationInterface {
  name = 'Invitations1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // Single-use invitation codes for candidates, stored only as a SHA-256 hash.
    await q.query(`
      CREATE TABLE case_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        code_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_invitations_case ON case_invitations (case_id)`);
    // Mail is written in the transaction of its event and delivered after commit (outbox).
    await q.query(`
      CREATE TABLE outbox_mail (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid REFERENCES cases(id) ON DELETE CASCADE,
        template text NOT NULL,
        message_encrypted text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        claimed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_mail_pending ON outbox_mail (created_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_mail`);
    await q.query(`DROP TABLE case_invitations`);
  }
}
