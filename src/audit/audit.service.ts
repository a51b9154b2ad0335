import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { currentSpanId, currentTraceId } from '../common/request-context';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { AuditEntry, ChainCheck, ChainVerifier, entryHash, GENESIS_HASH } from './chain';

/** Serialises appends across connections and instances, until the appending transaction ends. */
const AUDIT_APPEND_LOCK = 727_202_602;
const VERIFY_BATCH = 5000;

export interface AuditRecord {
  actor: string;
  organisationId?: string | null;
  action: string;
  object: string;
  result: 'ok' | 'denied' | 'failed';
}

/** The processing activity (register) an audited action belongs to. */
export function activityOf(action: string): 'screening' | 'vog_check' | 'reporting' | 'destruction' {
  if (action === 'case.event.RETENTION_EXPIRED') return 'destruction';
  if (action.startsWith('case.event.VOG_')) return 'vog_check';
  if (action.startsWith('report.')) return 'reporting';
  return 'screening';
}

export const actorOf = (principal: Principal): string => (principal.kind === 'user' ? `user:${principal.userId}` : `kandidaat:${principal.invitationId}`);

interface Row {
  seq: string;
  at: Date;
  actor: string;
  organisation_id: string | null;
  action: string;
  object: string;
  result: string;
  trace_id: string | null;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: Row): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at.toISOString(),
  actor: r.actor,
  organisationId: r.organisation_id,
  action: r.action,
  object: r.object,
  result: r.result,
  traceId: r.trace_id,
  prevHash: r.prev_hash,
  hash: r.hash,
});

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: DataEncryptionService,
  ) {}

  /**
   * Appends an entry in the caller's transaction, so the entry and what it records commit together
   * or not at all. Without a transaction of the caller's, the entry gets one of its own.
   */
  async append(manager: EntityManager | null, record: AuditRecord): Promise<AuditEntry> {
    if (!manager || !manager.queryRunner?.isTransactionActive) {
      return this.dataSource.transaction((tx) => this.append(tx, record));
    }
    // An entry about a case belongs to the case's organisation, whoever acts (a bureau's screener).
    const caseId = /^case:([\da-f-]{36})$/.exec(record.object)?.[1];
    const [owner] = caseId ? await manager.query('SELECT organisation_id FROM cases WHERE id = $1', [caseId]) : [];
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
    const [last]: { seq: string; hash: string }[] = await manager.query('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const entry: Omit<AuditEntry, 'hash'> = {
      seq: last ? Number(last.seq) + 1 : 1,
      at: new Date().toISOString(),
      actor: record.actor,
      organisationId: owner?.organisation_id ?? record.organisationId ?? null,
      action: record.action,
      object: record.object,
      result: record.result,
      traceId: currentTraceId(),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = entryHash(entry);
    await manager.query(
      `INSERT INTO audit_log (seq, at, actor, organisation_id, action, object, result, trace_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [entry.seq, entry.at, entry.actor, entry.organisationId, entry.action, entry.object, entry.result, entry.traceId, entry.prevHash, hash],
    );
    await this.logProcessing(manager, record);
    return { ...entry, hash };
  }

  /**
   * Logboek Dataverwerkingen: a line per processing of a candidate's personal data, written with
   * the audit entry that records it. Denials process nothing and get no line.
   */
  private async logProcessing(manager: EntityManager, record: AuditRecord): Promise<void> {
    const caseId = /^case:([\da-f-]{36})$/.exec(record.object)?.[1];
    if (!caseId || record.result !== 'ok') return;
    const activity = activityOf(record.action);
    await manager.query(
      `INSERT INTO processing_log (trace_id, span_id, activity_id, activity_version, status, subject, case_id, operation) VALUES ($1, $2, $3, 1, 'ok', $4, $5, $6)`,
      [currentTraceId(), currentSpanId(), activity, this.crypto.pseudonym('subject', caseId), caseId, record.action],
    );
  }

  /** Records a read of a case's personal content (AVG art. 30/32, BIO logging). */
  read(principal: Principal, what: string, caseId: string): Promise<AuditEntry> {
    return this.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: `read.${what}`, object: `case:${caseId}`, result: 'ok' });
  }

  /** A case's processing log, for the auditor and the candidate's own inspection. */
  async processingLog(principal: Principal, caseId: string) {
    const rows: { at: Date; trace_id: string | null; span_id: string | null; activity_id: string; activity_version: number; name: string; legal_basis: string; status: string; subject: string; operation: string }[] =
      await this.dataSource.query(
        `SELECT l.at, l.trace_id, l.span_id, l.activity_id, l.activity_version, a.name, a.legal_basis, l.status, l.subject, l.operation
           FROM processing_log l JOIN processing_activities a ON a.id = l.activity_id AND a.version = l.activity_version
          WHERE l.case_id = $1 ORDER BY l.id`,
        [caseId],
      );
    await this.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'read.processing_log', object: `case:${caseId}`, result: 'ok' });
    return rows.map((r) => ({
      at: r.at.toISOString(),
      traceId: r.trace_id,
      spanId: r.span_id,
      activity: { id: r.activity_id, version: r.activity_version, name: r.name, legalBasis: r.legal_basis },
      status: r.status,
      subject: r.subject,
      operation: r.operation,
    }));
  }

  /** Audit entries of the caller's organisation, filtered; at most `limit`, newest first. */
  async entries(principal: Principal, filter: { object?: string; actor?: string; action?: string; from?: string; to?: string }, limit = 10_000): Promise<AuditEntry[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM audit_log
        WHERE organisation_id = $1
          AND ($2::text IS NULL OR object = $2) AND ($3::text IS NULL OR actor = $3) AND ($4::text IS NULL OR action LIKE $4 || '%')
          AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
        ORDER BY seq DESC LIMIT $7`,
      [principal.organisationId, filter.object ?? null, filter.actor ?? null, filter.action ?? null, filter.from ?? null, filter.to ?? null, limit],
    );
    return rows.map(toEntry);
  }

  async head(): Promise<{ seq: number; hash: string; at: string | null }> {
    const [row] = await this.dataSource.query('SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1');
    return row ? { seq: Number(row.seq), hash: row.hash, at: row.at.toISOString() } : { seq: 0, hash: GENESIS_HASH, at: null };
  }

  /** Walks the whole chain in batches; `anchor` is a head exported earlier. */
  async verify(anchor?: { seq: number; hash: string }): Promise<ChainCheck> {
    return verifyStoredChain((sql, params) => this.dataSource.query(sql, params), anchor);
  }
}

/** The chain check over any connection (the service's, or the CLI's read-only one). */
export async function verifyStoredChain(query: (sql: string, params: unknown[]) => Promise<Row[]>, anchor?: { seq: number; hash: string }): Promise<ChainCheck> {
  const verifier = new ChainVerifier(anchor);
  let after = 0;
  for (;;) {
    const rows = await query('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, VERIFY_BATCH]);
    for (const row of rows) verifier.add(toEntry(row));
    if (rows.length < VERIFY_BATCH) break;
    after = Number(rows[rows.length - 1].seq);
  }
  return verifier.result();
}
