import { DataSource } from 'typeorm';

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
