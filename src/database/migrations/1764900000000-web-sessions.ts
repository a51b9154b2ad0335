import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebSessions1764900000000 implements MigrationInterface {
  name = 'WebSessions1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // Signed-out web sessions: the cookie's token is refused until it would have expired anyway.
    await q.query(`
      CREATE TABLE ended_sessions (
        token_sha256 text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ended_sessions`);
  }
}
