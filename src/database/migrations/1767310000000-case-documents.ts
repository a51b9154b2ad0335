import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseDocuments1767310000000 implements MigrationInterface {
  name = 'CaseDocuments1767310000000';

  async up(q: QueryRunner): Promise<void> {
    // The summary for formateur and fractievoorzitter and the mededeling aan de raad: signed PDFs
    // of their own, versioned per kind, kept encrypted with the case's key.
    await q.query(`
      CREATE TABLE case_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('samenvatting', 'mededeling')),
        version integer NOT NULL CHECK (version > 0),
        template_version text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        pdf_encrypted bytea NOT NULL,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, kind, version)
      )`);
    // Who a document was sent to and when: the recipient encrypted, a personal download link
    // (only its hash kept) valid until a date, and when it was first downloaded.
    await q.query(`
      CREATE TABLE case_document_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES case_documents(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        recipient_role text NOT NULL CHECK (recipient_role IN ('formateur', 'fractievoorzitter', 'raad')),
        recipient_encrypted text NOT NULL,
        token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
        expires_at timestamptz NOT NULL,
        first_downloaded_at timestamptz,
        downloads integer NOT NULL DEFAULT 0,
        sent_by uuid NOT NULL REFERENCES users(id),
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX case_document_deliveries_case ON case_document_deliveries (case_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_document_deliveries');
    await q.query('DROP TABLE case_documents');
  }
}
