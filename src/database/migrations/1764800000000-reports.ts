import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reports1764800000000 implements MigrationInterface {
  name = 'Reports1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // Every generated report version. The signed PDF is personal content (encrypted with the case
    // key, removed at destruction); the rest is what an auditor checks a report against, and stays.
    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        version integer NOT NULL CHECK (version > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes integer NOT NULL,
        case_version integer NOT NULL,
        content_version integer NOT NULL,
        case_phase text NOT NULL,
        audit_head_seq bigint,
        audit_head_hash text,
        verification_code text NOT NULL UNIQUE,
        template_version text NOT NULL,
        signer text NOT NULL,
        signer_certificate_sha256 text NOT NULL CHECK (signer_certificate_sha256 ~ '^[0-9a-f]{64}$'),
        test_certificate boolean NOT NULL,
        timestamped boolean NOT NULL,
        signed_at timestamptz NOT NULL,
        pdf_encrypted bytea,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        destroyed_at timestamptz,
        UNIQUE (case_id, version),
        CHECK ((pdf_encrypted IS NULL) = (destroyed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX reports_organisation ON reports (organisation_id, created_at)`);
    // The screener's file changes without a workflow event (sources, interview, risks, draft), so
    // the case version alone cannot tell whether a report still reflects the case.
    await q.query(`ALTER TABLE cases ADD COLUMN content_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN content_version`);
    await q.query(`DROP TABLE reports`);
  }
}
