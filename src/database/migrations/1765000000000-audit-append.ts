import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appending to the audit chain in one round trip. Every append serialises on one lock until its
 * transaction commits; a lock held across several client round trips made the whole service as
 * slow as one connection. Here lock, head, hash and insert (and the processing-log line) happen in
 * one statement. Each statement of a VOLATILE PL/pgSQL function takes a fresh snapshot under READ
 * COMMITTED, so the head read after the lock is the committed head.
 *
 * The hash is SHA-256 over the same canonical JSON as `entryHash` in src/audit/chain.ts: the
 * caller sends that JSON's parts around seq, organisation and previous hash, already escaped.
 */
export class AuditAppend1765000000000 implements MigrationInterface {
  name = 'AuditAppend1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_append(
        p_at timestamptz, p_actor text, p_organisation_id uuid, p_case_id uuid, p_action text, p_object text, p_result text,
        p_trace_id text, p_canonical_before_organisation text, p_canonical_after_organisation text,
        p_span_id text, p_activity_id text, p_subject text)
      RETURNS TABLE (seq bigint, hash text, prev_hash text, organisation_id uuid)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_organisation uuid := p_organisation_id;
        v_seq bigint;
        v_prev text;
        v_hash text;
      BEGIN
        -- An entry about a case belongs to the case's organisation, whoever acts.
        IF p_case_id IS NOT NULL THEN
          SELECT c.organisation_id INTO v_organisation FROM cases c WHERE c.id = p_case_id;
          v_organisation := coalesce(v_organisation, p_organisation_id);
        END IF;
        PERFORM pg_advisory_xact_lock(727202602);
        SELECT a.seq, a.hash INTO v_seq, v_prev FROM audit_log a ORDER BY a.seq DESC LIMIT 1;
        v_seq := coalesce(v_seq, 0) + 1;
        v_prev := coalesce(v_prev, repeat('0', 64));
        v_hash := encode(sha256(convert_to(
          '[' || v_seq || ',' || p_canonical_before_organisation || ','
              || CASE WHEN v_organisation IS NULL THEN 'null' ELSE '"' || v_organisation::text || '"' END || ','
              || p_canonical_after_organisation || ',"' || v_prev || '"]', 'UTF8')), 'hex');
        INSERT INTO audit_log (seq, at, actor, organisation_id, action, object, result, trace_id, prev_hash, hash)
          VALUES (v_seq, p_at, p_actor, v_organisation, p_action, p_object, p_result, p_trace_id, v_prev, v_hash);
        IF p_subject IS NOT NULL THEN
          INSERT INTO processing_log (trace_id, span_id, activity_id, activity_version, status, subject, case_id, operation)
            VALUES (p_trace_id, p_span_id, p_activity_id, 1, 'ok', p_subject, p_case_id, p_action);
        END IF;
        RETURN QUERY SELECT v_seq, v_hash, v_prev, v_organisation;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_append`);
  }
}
