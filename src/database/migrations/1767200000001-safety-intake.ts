import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: the voluntary safety intake, apart from the questionnaire. Only when the candidate opts
 * in; read by the opdrachtgever alone; encrypted with the case key; deleted with the case's content.
 */
export class SafetyIntake1767200000001 implements MigrationInterface {
  name = 'SafetyIntake1767200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE safety_intakes (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        template_version text NOT NULL,
        answers_encrypted text NOT NULL,
        opted_in_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE safety_intakes`);
  }
}
