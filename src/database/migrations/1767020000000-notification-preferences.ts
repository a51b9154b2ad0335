import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationPreferences1767020000000 implements MigrationInterface {
  name = 'NotificationPreferences1767020000000';

  async up(q: QueryRunner): Promise<void> {
    // Per user: each notice by mail at once (the default, no row), or one digest a day at an hour
    // (Europe/Amsterdam). last_digest_on makes the digest go out once a day across instances.
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        mode text NOT NULL CHECK (mode IN ('direct', 'dagelijks')),
        digest_hour smallint NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
        last_digest_on date,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A notice waiting for its user's digest instead of a mail of its own.
    await q.query(`ALTER TABLE notifications ADD COLUMN digest_pending boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX notifications_digest_pending ON notifications (user_id) WHERE digest_pending`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP COLUMN digest_pending`);
    await q.query(`DROP TABLE notification_preferences`);
  }
}
