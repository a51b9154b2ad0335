import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cases1764100000000 implements MigrationInterface {
  name = 'Cases1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // The workflow state of a case: references, enums and dates only. Names live in case_subjects.
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
        office text NOT NULL,
        planned_appointment_date date NOT NULL,
        machine_id text NOT NULL,
        machine_version text NOT NULL,
        snapshot jsonb NOT NULL,
        state text NOT NULL,
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        screener_id uuid REFERENCES users(id) ON DELETE RESTRICT,
        created_by uuid NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cases_organisation ON cases (organisation_id, created_at DESC)`);
    await q.query(`CREATE INDEX cases_screener ON cases (screener_id) WHERE screener_id IS NOT NULL`);

    // The candidate's identity, encrypted, in its own row so destruction deletes it and nothing else.
    await q.query(`
      CREATE TABLE case_subjects (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        name_encrypted text NOT NULL,
        email_encrypted text NOT NULL
      )`);

    // Free texts that come with events (a stop explanation, the scope of an aanvullend onderzoek,
    // the reason an advice differs): personal content, encrypted, destroyed with the case.
    await q.query(`
      CREATE TABLE case_notes (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        event_seq integer NOT NULL,
        kind text NOT NULL,
        text_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_notes_case ON case_notes (case_id)`);

    // Every accepted event, in order. Append-only: the database refuses changes and deletions.
    await q.query(`
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE RESTRICT,
        seq integer NOT NULL,
        type text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        payload_digest text NOT NULL,
        state_after text NOT NULL,
        machine_version text NOT NULL,
        UNIQUE (case_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await q.query(`CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

    // Durable deadlines: a row per due event, taken by one instance with SKIP LOCKED and marked
    // done in the same transaction that applies the event, so it fires exactly once.
    await q.query(`
      CREATE TABLE scheduled_jobs (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
        kind text NOT NULL,
        event jsonb NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX scheduled_jobs_due ON scheduled_jobs (due_at) WHERE status = 'pending'`);
    await q.query(`CREATE UNIQUE INDEX scheduled_jobs_one_pending ON scheduled_jobs (case_id, kind) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduled_jobs`);
    await q.query(`DROP TABLE case_events`);
    await q.query(`DROP FUNCTION refuse_change`);
    await q.query(`DROP TABLE case_notes`);
    await q.query(`DROP TABLE case_subjects`);
    await q.query(`DROP TABLE cases`);
  }
}
