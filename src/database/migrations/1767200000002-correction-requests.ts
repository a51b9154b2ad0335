import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a candidate's request to correct a finding (AVG art. 16), decided by the screener. The
 * request, the reason of a refusal and the earlier wording of an accepted one are encrypted with the
 * case key and go with the case's other content.
 */
export class CorrectionRequests1767200000002 implements MigrationInterface {
  name = 'CorrectionRequests1767200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE correction_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        source_id uuid NOT NULL REFERENCES research_sources(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'geaccepteerd', 'geweigerd')),
        content_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by uuid
      )`);
    await q.query(`CREATE INDEX correction_requests_case ON correction_requests (case_id, created_at)`);
    await q.query(`CREATE UNIQUE INDEX correction_requests_one_open ON correction_requests (source_id) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE correction_requests`);
  }
}
