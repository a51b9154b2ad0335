import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('gemeente', 'provincie', 'waterschap', 'openbaar_lichaam', 'screeningsbureau')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        name text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}'
          CHECK (roles <@ ARRAY['opdrachtgever', 'screener', 'auditor', 'beheerder']::text[]),
        password_hash text,
        oidc_issuer text,
        oidc_subject text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject) WHERE oidc_issuer IS NOT NULL`);
    await q.query(`CREATE INDEX users_organisation ON users (organisation_id)`);
    // Failed logins, keyed by a hash of the e-mail address or of the client address: enough to
    // throttle guessing, without storing who tried.
    await q.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        key_hash text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failures_key_time ON login_failures (key_hash, failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_failures`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE organisations`);
  }
}
