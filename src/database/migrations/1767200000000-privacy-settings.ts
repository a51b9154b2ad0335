import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: the organisation's privacy settings, set by its beheerder on the FG's word (a feature
 * table until organisation settings absorb it): the end of the raad's term, which appointed cases
 * are kept until; an optional shorter period; and the legal basis per processing activity.
 */
export class PrivacySettings1767200000000 implements MigrationInterface {
  name = 'PrivacySettings1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE privacy_settings (
        organisation_id uuid PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
        raad_term_ends_on date,
        appointed_retention_months integer CHECK (appointed_retention_months BETWEEN 1 AND 120),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid
      )`);
    await q.query(`
      CREATE TABLE privacy_legal_bases (
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        activity_id text NOT NULL,
        legal_basis text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 1000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, activity_id)
      )`);
    // Two activities the register lacked: the criminal-data questions (their own ground, AVG art. 10)
    // and what is genuinely optional (consent).
    await q.query(`
      INSERT INTO processing_activities (id, version, name, purpose, legal_basis) VALUES
        ('criminal_data', 1, 'Vragen over justitiële antecedenten', 'Weten of er veroordelingen, afdoeningen of een lopende vervolging zijn die voor het ambt van belang zijn', 'AVG art. 10 met de UAVG (te bevestigen door de FG)'),
        ('voluntary', 1, 'Vrijwillige onderdelen', 'Wat de kandidaat vrijwillig geeft: accounts op sociale media, het aparte veiligheidsgesprek', 'Toestemming, AVG art. 6 lid 1 onder a (te bevestigen door de FG)')
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE privacy_legal_bases`);
    await q.query(`DROP TABLE privacy_settings`);
    await q.query(`DELETE FROM processing_activities WHERE id IN ('criminal_data', 'voluntary') AND NOT EXISTS (SELECT 1 FROM processing_log l WHERE l.activity_id = processing_activities.id)`);
  }
}
