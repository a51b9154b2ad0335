import { MigrationInterface, QueryRunner } from 'typeorm';

export class CandidateNewLink1767010000000 implements MigrationInterface {
  name = 'CandidateNewLink1767010000000';

  async up(q: QueryRunner): Promise<void> {
    // The candidate's address is encrypted per case, so it cannot be searched. A keyed hash of it
    // (set when the candidate is invited) lets "send me a new link" find the case without
    // decrypting every case; it goes with the row at destruction.
    await q.query(`ALTER TABLE case_subjects ADD COLUMN email_lookup text CHECK (email_lookup ~ '^[0-9a-f]{64}$')`);
    await q.query(`CREATE INDEX case_subjects_email_lookup ON case_subjects (email_lookup) WHERE email_lookup IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_subjects DROP COLUMN email_lookup`);
  }
}
