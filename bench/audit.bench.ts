// Audit chain verification for 100 000 entries, next to hashing the same entries alone in memory.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { AuditService } from '../src/audit/audit.service';
import { AuditEntry, entryHash, GENESIS_HASH } from '../src/audit/chain';
import { loadConfig } from '../src/config/app-config';

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 100_000);

export async function benchAudit(label: string, databaseUrl: string | undefined): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basisscan-bench-audit-'));
  const app = await createApp(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', SEED_DEMO: 'false', LOG_LEVEL: 'silent', JOB_POLL_SECONDS: '120' }));
  try {
    const entries: AuditEntry[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= ENTRIES; seq++) {
      const body = { seq, at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(), actor: `user:${seq % 97}`, organisationId: null, action: 'case.event.CHANGE_APPOINTMENT_DATE', object: `case:${seq % 1013}`, result: 'ok', traceId: null, prevHash };
      const hash = entryHash(body);
      entries.push({ ...body, hash });
      prevHash = hash;
    }
    const { connectionUrl } = app.get((await import('../src/database/database.module')).Database);
    const client = new Client({ connectionString: connectionUrl });
    await client.connect();
    for (let i = 0; i < entries.length; i += 1000) {
      const batch = entries.slice(i, i + 1000);
      const values = batch.map((_, j) => `($${j * 10 + 1}, $${j * 10 + 2}, $${j * 10 + 3}, $${j * 10 + 4}, $${j * 10 + 5}, $${j * 10 + 6}, $${j * 10 + 7}, $${j * 10 + 8}, $${j * 10 + 9}, $${j * 10 + 10})`).join(',');
      await client.query(
        `INSERT INTO audit_log (seq, at, actor, organisation_id, action, object, result, trace_id, prev_hash, hash) VALUES ${values}`,
        batch.flatMap((e) => [e.seq, e.at, e.actor, e.organisationId, e.action, e.object, e.result, e.traceId, e.prevHash, e.hash]),
      );
    }
    await client.end();

    const t0 = performance.now();
    for (const e of entries) entryHash(e);
    const hashOnly = performance.now() - t0;
    const t1 = performance.now();
    const result = await app.get(AuditService).verify();
    const verify = performance.now() - t1;
    if (!result.valid || result.length !== ENTRIES) throw new Error(`unexpected verification result ${JSON.stringify(result)}`);
    console.log(`\n${label}: audit chain of ${ENTRIES} entries`);
    console.log(`  baseline  hashing the same entries in memory   ${hashOnly.toFixed(0).padStart(6)} ms  (${(ENTRIES / (hashOnly / 1000)).toFixed(0)} entries/s)`);
    console.log(`  verify    GET /audit/verify (read + hash)      ${verify.toFixed(0).padStart(6)} ms  (${(ENTRIES / (verify / 1000)).toFixed(0)} entries/s)`);
    console.log(`  ratio     ${(verify / hashOnly).toFixed(1)}× the hashing alone`);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
