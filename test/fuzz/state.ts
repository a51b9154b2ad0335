import { DataSource } from 'typeorm';
import { entryHash } from '../../src/audit/chain';

/**
 * Tables that may grow on a rejected request: the audit trail and the processing log record
 * denied and failed accesses by design, and failed sign-ins are counted for throttling. The
 * migrations table is TypeORM's own.
 */
export const MAY_CHANGE_ON_REJECTION = ['audit_log', 'processing_log', 'login_failures', 'migrations'];

export type Digest = Record<string, string>;

/**
 * One query that fingerprints every other table of the schema: per table an md5 over the md5 of
 * each row's text, in sorted order (so the physical order of rows does not matter). Tables are read
 * from the catalogue, so a table added by a later migration is covered without a change here.
 */
export async function digester(dataSource: DataSource): Promise<{ tables: string[]; digest: () => Promise<Digest> }> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const tables = rows.map((r) => r.table_name).filter((t) => !MAY_CHANGE_ON_REJECTION.includes(t));
  if (!tables.includes('cases') || !tables.includes('users')) throw new Error(`unexpected schema: ${tables.join(', ')}`);
  const sql = `SELECT ${tables
    .map((t) => `(SELECT md5(coalesce(string_agg(h, '' ORDER BY h), '')) FROM (SELECT md5(x::text) AS h FROM "${t}" x) r) AS "${t}"`)
    .join(',\n       ')}`;
  return {
    tables,
    digest: async () => ((await dataSource.query(sql)) as Digest[])[0],
  };
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Digest, after: Digest): string[] {
  return Object.keys(before).filter((t) => before[t] !== after[t]);
}

/** Where the audit trail and the processing log stand: the last sequence number, hash and line. */
export interface TrailMark {
  seq: number;
  hash: string;
  line: number;
}

export async function trailMark(dataSource: DataSource): Promise<TrailMark> {
  const [row] = await dataSource.query(
    `SELECT coalesce((SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), 0)::int AS seq,
            coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), repeat('0', 64)) AS hash,
            coalesce((SELECT max(id) FROM processing_log), 0)::int AS line`,
  );
  return row;
}

/** Audit actions a refused request may leave: the refusal itself, or the failed sign-in. */
export const REFUSAL_ACTIONS = /^(?:auth\.(?:unauthenticated|forbidden\.[\w.]+|login|login\.oidc|invitation)|access\.denied\.[\w.]+)$/;

/**
 * What a refused request added to the audit trail and the processing log, judged: at most one entry
 * (two when a sign-in is refused after its token check), each a denial or a failure of a refusal
 * action, linked to the chain as it stood; and no processing-log line, for nothing was processed.
 */
export async function trailProblems(dataSource: DataSource, mark: TrailMark): Promise<string[]> {
  const entries: { seq: string; at: Date; actor: string; organisation_id: string | null; action: string; object: string; result: string; trace_id: string | null; prev_hash: string; hash: string }[] =
    await dataSource.query('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq', [mark.seq]);
  const [{ lines }] = await dataSource.query('SELECT count(*)::int AS lines FROM processing_log WHERE id > $1', [mark.line]);
  const problems: string[] = [];
  if (lines > 0) problems.push(`a refused request added ${lines} processing-log line(s)`);
  if (entries.length > 2) problems.push(`a refused request added ${entries.length} audit entries`);
  let prev = mark.hash;
  let seq = mark.seq;
  for (const e of entries) {
    if (e.result !== 'denied' && e.result !== 'failed') problems.push(`a refused request left audit entry ${e.action} with result ${e.result}`);
    if (!REFUSAL_ACTIONS.test(e.action)) problems.push(`a refused request left audit entry ${e.action}`);
    const entry = { seq: Number(e.seq), at: e.at.toISOString(), actor: e.actor, organisationId: e.organisation_id, action: e.action, object: e.object, result: e.result, traceId: e.trace_id, prevHash: e.prev_hash };
    if (entry.seq !== seq + 1 || e.prev_hash !== prev || entryHash(entry) !== e.hash) problems.push(`audit entry ${e.seq} does not continue the chain`);
    prev = e.hash;
    seq = entry.seq;
  }
  return problems;
}
