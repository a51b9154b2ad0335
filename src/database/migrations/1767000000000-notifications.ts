import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1767000000000 implements MigrationInterface {
  name = 'Notifications1767000000000';

  async up(q: QueryRunner): Promise<void> {
    // In-app notices ("Meldingen"): one per handover per user. They hold the case reference and
    // what to do, never the candidate's name, an answer or a finding, so they need no encryption.
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        event_seq integer NOT NULL,
        kind text NOT NULL CHECK (kind ~ '^[a-z_]{1,60}$'),
        template_version text NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
        link text NOT NULL CHECK (link ~ '^/'),
        due_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        UNIQUE (user_id, case_id, event_seq, kind)
      )`);
    await q.query(`CREATE INDEX notifications_user_unread ON notifications (user_id, created_at DESC) WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX notifications_user ON notifications (user_id, created_at DESC)`);
    // Which notice a mail carries, so a test (and support) can count mail per handover without decrypting it.
    await q.query(`ALTER TABLE outbox_mail ADD COLUMN notice text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_mail DROP COLUMN notice`);
    await q.query(`DROP TABLE notifications`);
  }
}
