import { MigrationInterface, QueryRunner } from 'typeorm';

export class Sessions1766100000000 implements MigrationInterface {
  name = 'Sessions1766100000000';

  async up(q: QueryRunner): Promise<void> {
    // A session outlives its tokens: renewal issues a new token with the same session id, and
    // signing out ends the session, so every token of it is refused, however it is carried.
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject text NOT NULL CHECK (subject ~ '^(user|kandidaat):[0-9a-f-]{36}$'),
        user_id uuid REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX sessions_user ON sessions (user_id) WHERE user_id IS NOT NULL`);
    await q.query(`CREATE INDEX sessions_expires ON sessions (expires_at)`);
    // Sessions (and provider tokens) begun before this moment are refused: bumped when the
    // password is reset or a role is taken away.
    await q.query(`ALTER TABLE users ADD COLUMN sessions_valid_after timestamptz NOT NULL DEFAULT '-infinity'`);
    // Where an account signed in successfully before (keyed hash of account and address): during
    // a guessing attack on the account, those addresses keep their way in.
    await q.query(`
      CREATE TABLE login_known_addresses (
        key_hash text PRIMARY KEY CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A role that reads cases, asked for by one beheerder, waiting for a second one (four eyes).
    await q.query(`
      CREATE TABLE role_grant_requests (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        roles text[] NOT NULL CHECK (roles <@ ARRAY['opdrachtgever', 'screener', 'auditor', 'beheerder']::text[]),
        requested_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        requested_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE role_grant_requests`);
    await q.query(`DROP TABLE login_known_addresses`);
    await q.query(`ALTER TABLE users DROP COLUMN sessions_valid_after`);
    await q.query(`DROP TABLE sessions`);
  }
}
