import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganisationSettings1767300000000 implements MigrationInterface {
  name = 'OrganisationSettings1767300000000';

  async up(q: QueryRunner): Promise<void> {
    // The organisation's own settings, kept by its beheerder (GET/PUT /organisations/{id}/settings).
    // A null means: the service's default. Deadlines hold only the organisation's overrides.
    await q.query(`
      ALTER TABLE organisations
        ADD COLUMN contact_url text CHECK (contact_url ~ '^https://'),
        ADD COLUMN contact_email text,
        ADD COLUMN privacy_statement_url text CHECK (privacy_statement_url ~ '^https://'),
        ADD COLUMN accessibility_statement_url text CHECK (accessibility_statement_url ~ '^https://'),
        ADD COLUMN logo bytea CHECK (octet_length(logo) <= 204800),
        ADD COLUMN logo_media_type text CHECK (logo_media_type IN ('image/png', 'image/jpeg')),
        ADD COLUMN deadlines jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(deadlines) = 'object'),
        ADD COLUMN vog_max_age_months integer CHECK (vog_max_age_months BETWEEN 1 AND 12),
        ADD COLUMN settings_updated_at timestamptz,
        ADD CONSTRAINT organisations_logo_complete CHECK ((logo IS NULL) = (logo_media_type IS NULL))`);
    // The screening bureaus a public body works with, each under a verwerkersovereenkomst (AVG
    // art. 28): only their screeners can be assigned to its cases.
    await q.query(`
      CREATE TABLE organisation_screening_bureaus (
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        bureau_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        processing_agreement_reference text CHECK (length(processing_agreement_reference) BETWEEN 1 AND 200),
        agreed_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, bureau_id),
        CHECK (organisation_id <> bureau_id)
      )`);
    // Bureaus already assigned to an organisation's cases keep working after the upgrade; their
    // agreement's reference is still to be recorded (the settings page asks for it).
    await q.query(`
      INSERT INTO organisation_screening_bureaus (organisation_id, bureau_id)
      SELECT DISTINCT c.organisation_id, u.organisation_id
        FROM cases c JOIN users u ON u.id = c.screener_id JOIN organisations b ON b.id = u.organisation_id
       WHERE b.kind = 'screeningsbureau' AND u.organisation_id <> c.organisation_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE organisation_screening_bureaus');
    await q.query(`
      ALTER TABLE organisations DROP CONSTRAINT organisations_logo_complete,
        DROP COLUMN contact_url, DROP COLUMN contact_email, DROP COLUMN privacy_statement_url, DROP COLUMN accessibility_statement_url,
        DROP COLUMN logo, DROP COLUMN logo_media_type, DROP COLUMN deadlines, DROP COLUMN vog_max_age_months,
        DROP COLUMN settings_updated_at`);
  }
}
