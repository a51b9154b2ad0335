import { MigrationInterface, QueryRunner } from 'typeorm';

export class Retention1764700000000 implements MigrationInterface {
  name = 'Retention1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // Retention per organisation and outcome; NULL means the service's configured default.
    await q.query(`ALTER TABLE organisations
      ADD COLUMN retention_not_appointed_days integer CHECK (retention_not_appointed_days BETWEEN 0 AND 3650),
      ADD COLUMN retention_withdrawn_days integer CHECK (retention_withdrawn_days BETWEEN 0 AND 3650),
      ADD COLUMN retention_appointed_months integer CHECK (retention_appointed_months BETWEEN 0 AND 120)`);
    // A legal hold stops destruction until it is lifted.
    await q.query(`ALTER TABLE cases ADD COLUMN legal_hold boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN legal_hold`);
    await q.query(`ALTER TABLE organisations DROP COLUMN retention_not_appointed_days, DROP COLUMN retention_withdrawn_days, DROP COLUMN retention_appointed_months`);
  }
}
