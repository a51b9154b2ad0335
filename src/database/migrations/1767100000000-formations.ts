import { MigrationInterface, QueryRunner } from 'typeorm';

export class Formations1767100000000 implements MigrationInterface {
  name = 'Formations1767100000000';

  async up(q: QueryRunner): Promise<void> {
    // A collegevorming: several candidates against one installation meeting. The formateur is a
    // recipient, not a user: name and e-mail encrypted with the formation's own key.
    await q.query(`
      CREATE TABLE formations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        election_date date NOT NULL,
        installation_date date NOT NULL,
        coalition_parties text[] NOT NULL DEFAULT '{}',
        key_encrypted text NOT NULL,
        formateur_name_encrypted text,
        formateur_email_encrypted text,
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (installation_date >= election_date),
        CHECK ((formateur_name_encrypted IS NULL) = (formateur_email_encrypted IS NULL))
      )`);
    await q.query(`CREATE INDEX formations_organisation ON formations (organisation_id, installation_date DESC)`);
    await q.query(`ALTER TABLE cases ADD COLUMN formation_id uuid REFERENCES formations(id) ON DELETE RESTRICT`);
    await q.query(`CREATE INDEX cases_formation ON cases (formation_id) WHERE formation_id IS NOT NULL`);
    // Per candidate of a formation: portfolio, voordragende fractie and its fractievoorzitter, encrypted
    // with the case key (a party is a political opinion, AVG art. 9); whether the party screened its
    // own candidate is a yes/no and a date, nothing of its content.
    await q.query(`
      CREATE TABLE case_nominations (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        details_encrypted text NOT NULL,
        party_screening_done boolean,
        party_screening_date date,
        CHECK (party_screening_done IS TRUE OR party_screening_date IS NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_nominations');
    await q.query('ALTER TABLE cases DROP COLUMN formation_id');
    await q.query('DROP TABLE formations');
  }
}
