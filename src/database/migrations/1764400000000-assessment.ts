import { MigrationInterface, QueryRunner } from 'typeorm';

export class Assessment1764400000000 implements MigrationInterface {
  name = 'Assessment1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // The screener's file. Free text is encrypted with the case key; kinds, dates and levels are not.
    await q.query(`
      CREATE TABLE research_sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('kvk_handelsregister', 'kadaster', 'centraal_insolventieregister', 'nieuwsarchief', 'sociale_media', 'internet', 'overig')),
        consulted_on date NOT NULL,
        is_finding boolean NOT NULL,
        content_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX research_sources_case ON research_sources (case_id, consulted_on)`);
    await q.query(`
      CREATE TABLE interviews (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        held_on date NOT NULL,
        content_encrypted text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE risks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        theme text NOT NULL,
        likelihood text NOT NULL CHECK (likelihood IN ('klein', 'gemiddeld', 'groot')),
        impact text NOT NULL CHECK (impact IN ('beperkt', 'aanzienlijk', 'ernstig')),
        level text NOT NULL CHECK (level IN ('laag', 'midden', 'hoog')),
        measure_count integer NOT NULL DEFAULT 0,
        content_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX risks_case ON risks (case_id)`);
    await q.query(`
      CREATE TABLE assessments (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        draft_conclusion text CHECK (draft_conclusion IN ('geen_risicos', 'beheersbaar', 'ernstige_risicos')),
        content_encrypted text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE wederhoor_responses (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        response_encrypted text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['wederhoor_responses', 'assessments', 'risks', 'interviews', 'research_sources']) await q.query(`DROP TABLE ${table}`);
  }
}
