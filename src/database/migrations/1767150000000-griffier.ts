import { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES_BEFORE = `ARRAY['opdrachtgever', 'screener', 'auditor', 'beheerder']::text[]`;
const ROLES_AFTER = `ARRAY['opdrachtgever', 'screener', 'auditor', 'beheerder', 'griffier']::text[]`;

/** The check constraint on a table's roles column, whatever name the engine gave it. */
async function rolesCheck(q: QueryRunner, table: string): Promise<string> {
  const [row]: { conname: string }[] = await q.query(
    `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%roles%'`,
    [table],
  );
  return row.conname;
}

export class Griffier1767150000000 implements MigrationInterface {
  name = 'Griffier1767150000000';

  async up(q: QueryRunner): Promise<void> {
    // The griffier: a role of a public body, for the raad's check of the legal requirements.
    for (const table of ['users', 'role_grant_requests']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${await rolesCheck(q, table)}`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_roles_check CHECK (roles <@ ${ROLES_AFTER})`);
    }
    // The griffier's benoembaarheid checklist: per case and requirement a status, a note (encrypted
    // with the case key), who checked and when. A legal requirement is met / open / not met, never a risk.
    await q.query(`
      CREATE TABLE benoembaarheid_checks (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        requirement text NOT NULL CHECK (requirement ~ '^[a-z0-9_]{1,40}$'),
        status text NOT NULL CHECK (status IN ('voldaan', 'open', 'niet_voldaan')),
        note_encrypted text,
        checked_by uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        checked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, requirement)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE benoembaarheid_checks');
    for (const table of ['users', 'role_grant_requests']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_roles_check`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_roles_check CHECK (roles <@ ${ROLES_BEFORE})`);
    }
  }
}
