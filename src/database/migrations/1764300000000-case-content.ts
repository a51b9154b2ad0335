import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseContent1764300000000 implements MigrationInterface {
  name = 'CaseContent1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // One data key per case, encrypted with the master key. Deleting it destroys the case's content.
    await q.query(`
      CREATE TABLE case_keys (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        key_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A case keeps the questionnaire version it started with.
    await q.query(`ALTER TABLE cases ADD COLUMN questionnaire_version text NOT NULL DEFAULT '1'`);
    // The candidate's answers, one row per question, value and explanation encrypted with the case key.
    await q.query(`
      CREATE TABLE questionnaire_answers (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        question_id text NOT NULL,
        answer_encrypted text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, question_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE questionnaire_answers`);
    await q.query(`ALTER TABLE cases DROP COLUMN questionnaire_version`);
    await q.query(`DROP TABLE case_keys`);
  }
}
