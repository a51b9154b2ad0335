import { MigrationInterface, QueryRunner } from 'typeorm';

export class Audit1764500000000 implements MigrationInterface {
  name = 'Audit1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // Hash-chained, append-only audit trail. No personal content: ids, pseudonyms, actions, results.
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        organisation_id uuid,
        action text NOT NULL,
        object text NOT NULL,
        result text NOT NULL,
        trace_id text,
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`CREATE INDEX audit_log_object ON audit_log (object)`);
    await q.query(`CREATE INDEX audit_log_organisation_at ON audit_log (organisation_id, at)`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
  }
}
