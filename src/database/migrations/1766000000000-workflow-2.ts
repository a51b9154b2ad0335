import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Workflow 2.0.0: the beheersmaatregelen a candidate accepted, and where (the burgemeester's own
 * conversation, or wederhoor). Personal content of the case: deleted at destruction.
 */
export class Workflow21766000000000 implements MigrationInterface {
  name = 'Workflow21766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE measure_agreements (
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        risk_id uuid NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
        agreed_in text NOT NULL CHECK (agreed_in IN ('gesprek_opdrachtgever', 'wederhoor')),
        agreed_on date NOT NULL,
        event_seq integer NOT NULL,
        PRIMARY KEY (case_id, risk_id, agreed_in)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE measure_agreements');
  }
}
