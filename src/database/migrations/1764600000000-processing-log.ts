import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProcessingLog1764600000000 implements MigrationInterface {
  name = 'ProcessingLog1764600000000';

  async up(q: QueryRunner): Promise<void> {
    // The register of processing activities (AVG art. 30), versioned: a changed purpose is a new version.
    await q.query(`
      CREATE TABLE processing_activities (
        id text NOT NULL,
        version integer NOT NULL,
        name text NOT NULL,
        purpose text NOT NULL,
        legal_basis text NOT NULL,
        PRIMARY KEY (id, version)
      )`);
    await q.query(`
      INSERT INTO processing_activities (id, version, name, purpose, legal_basis) VALUES
        ('screening', 1, 'Risicoanalyse integriteit (basisscan)', 'In kaart brengen van integriteitsrisico''s van een kandidaat-bestuurder vóór benoeming', 'Toestemming van de kandidaat; Gemeentewet art. 170 lid 2 (te bevestigen door de FG)'),
        ('vog_check', 1, 'Controle VOG', 'Vastleggen van status en data van de VOG die voor benoeming vereist is', 'Wet bevorderen integriteit en functioneren decentraal bestuur (Stb. 2022, 444)'),
        ('reporting', 1, 'Rapportage aan de opdrachtgever', 'Het vertrouwelijke rapport en het advies over benoeming', 'Toestemming van de kandidaat; Gemeentewet art. 170 lid 2 (te bevestigen door de FG)'),
        ('destruction', 1, 'Vernietiging', 'Vernietigen van persoonsgegevens na afloop van de bewaartermijn', 'AVG art. 5 lid 1 onder e en art. 17')`);
    // Logboek Dataverwerkingen (Logius): one line per processing per data subject. The subject is a
    // pseudonym; the line outlives the case's destruction, so it references the case without a key.
    await q.query(`
      CREATE TABLE processing_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        trace_id text,
        span_id text,
        activity_id text NOT NULL,
        activity_version integer NOT NULL,
        status text NOT NULL CHECK (status IN ('ok', 'error')),
        subject text NOT NULL,
        case_id uuid NOT NULL,
        operation text NOT NULL,
        FOREIGN KEY (activity_id, activity_version) REFERENCES processing_activities (id, version)
      )`);
    await q.query(`CREATE INDEX processing_log_case ON processing_log (case_id, at)`);
    await q.query(`CREATE TRIGGER processing_log_append_only BEFORE UPDATE OR DELETE ON processing_log FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE processing_log`);
    await q.query(`DROP TABLE processing_activities`);
  }
}
