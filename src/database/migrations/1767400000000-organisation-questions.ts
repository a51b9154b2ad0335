import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganisationQuestions1767400000000 implements MigrationInterface {
  name = 'OrganisationQuestions1767400000000';

  async up(q: QueryRunner): Promise<void> {
    // Questions of the organisation's own, added by its beheerder to a theme of the current
    // questionnaire template (issue 19). Not personal data: only the wording of a question.
    await q.query(`
      CREATE TABLE organisation_questions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
        questionnaire_version text NOT NULL,
        theme_id text NOT NULL CHECK (length(theme_id) BETWEEN 1 AND 100),
        type text NOT NULL CHECK (type IN ('yes_no', 'text', 'date', 'amount')),
        label text NOT NULL CHECK (length(label) BETWEEN 5 AND 500),
        help text NOT NULL CHECK (length(help) BETWEEN 5 AND 2000),
        required boolean NOT NULL,
        explanation_on_yes boolean NOT NULL DEFAULT false,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX organisation_questions_org ON organisation_questions (organisation_id, created_at)');
    // The organisation's questions as they stood when the case was commissioned: a running case
    // keeps them, whatever the beheerder changes later. Existing cases have none.
    await q.query(`ALTER TABLE cases ADD COLUMN organisation_questions jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(organisation_questions) = 'array')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases DROP COLUMN organisation_questions');
    await q.query('DROP TABLE organisation_questions');
  }
}
