import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { UUID_PATTERN } from '../common/id-param';
import { currentSpanId, currentTraceId } from '../common/request-context';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { legalBasesOf } from '../privacy/legal-bases';
import { AuditEntry, ChainCheck, ChainVerifier, GENESIS_HASH } from './chain';

const VERIFY_BATCH = 5000;

export interface AuditRecord {
  actor: string;
  organisationId?: string | null;
  action: string;
  object: string;
  result: 'ok' | 'denied' | 'failed';
}

/** The processing activity (register) an audited action belongs to. */
export function activityOf(action: string): 'screening' | 'vog_check' | 'reporting' | 'destruction' | 'voluntary' {
  if (action === 'safety_intake.save' || action === 'safety_intake.delete' || action === 'read.safety_intake') return 'voluntary';
  if (action === 'case.event.RETENTION_EXPIRED' || action === 'case.retention_recomputed') return 'destruction';
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
    const caseId = record.object.startsWith('case:') && UUID_PATTERN.test(record.object.slice(5)) ? record.object.slice(5) : null;
    const at = new Date().toISOString();
    const traceId = currentTraceId();
    // The canonical JSON of entryHash, without what only the database knows under the chain's lock.
    const [before, after] = [JSON.stringify([at, record.actor]), JSON.stringify([record.action, record.object, record.result, traceId])].map((json) => json.slice(1, -1));
    // Logboek Dataverwerkingen: a line per processing of a candidate's personal data, written with
    // the audit entry that records it. Denials process nothing and get no line.
    const processed = caseId !== null && record.result === 'ok';
    const [row]: { seq: string; hash: string; prev_hash: string; organisation_id: string | null }[] = await manager.query(
      'SELECT * FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)',
      [
        at,
        record.actor,
        record.organisationId ?? null,
        caseId,
        record.action,
        record.object,
        record.result,
        traceId,
        before,
        after,
        processed ? currentSpanId() : null,
        processed ? activityOf(record.action) : null,
        processed ? this.crypto.pseudonym('subject', caseId) : null,
      ],
    );
    return {
      seq: Number(row.seq),
      at,
      actor: record.actor,
      organisationId: row.organisation_id,
      action: record.action,
      object: record.object,
      result: record.result,
      traceId,
      prevHash: row.prev_hash,
      hash: row.hash,
    };
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
    // The legal basis per activity as the organisation's FG set it (or the default to be confirmed), not the register's first wording.
    const [owner]: { organisation_id: string }[] = await this.dataSource.query('SELECT organisation_id FROM cases WHERE id = $1', [caseId]);
    const bases = new Map((owner ? await legalBasesOf(this.dataSource.manager, owner.organisation_id) : []).map((b) => [b.activity as string, b]));
    await this.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'read.processing_log', object: `case:${caseId}`, result: 'ok' });
    return rows.map((r) => ({
      at: r.at.toISOString(),
      traceId: r.trace_id,
      spanId: r.span_id,
      activity: {
        id: r.activity_id,
        version: r.activity_version,
        name: r.name,
        legalBasis: bases.get(r.activity_id)?.legalBasis ?? r.legal_basis,
        legalBasisSetBy: bases.get(r.activity_id)?.setBy ?? 'standaard',
      },
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

  /** The global head: for the CLI and the service itself, never for an organisation's caller. */
  async head(): Promise<{ seq: number; hash: string; at: string | null }> {
    const [row] = await this.dataSource.query('SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1');
    return row ? { seq: Number(row.seq), hash: row.hash, at: row.at.toISOString() } : { seq: 0, hash: GENESIS_HASH, at: null };
  }

  /**
   * The organisation's head: how many entries it has in the chain (`seq`, its own numbering) and
   * the hash of its last one. The one chain's length and head would tell an auditor how busy other
   * organisations are.
   */
  async organisationHead(organisationId: string): Promise<{ seq: number; hash: string; at: string | null }> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM audit_log WHERE organisation_id = $1)::int AS n, hash, at FROM audit_log WHERE organisation_id = $1 ORDER BY seq DESC LIMIT 1`,
      [organisationId],
    );
    return row ? { seq: row.n, hash: row.hash, at: row.at.toISOString() } : { seq: 0, hash: GENESIS_HASH, at: null };
  }

  /** Walks the whole chain in batches; `anchor` is a head exported earlier. */
  async verify(anchor?: { seq: number; hash: string }): Promise<ChainCheck> {
    return verifyStoredChain((sql, params) => this.dataSource.query(sql, params), anchor);
  }

  /**
   * Whether the organisation's own entries verify, in its own numbering (1 … its count): the whole
   * chain is walked, and a break at or before its last entry counts against it (an entry of its own
   * may be missing there). `anchor` is a head from organisationHead. Nothing of the global chain's
   * length, head or sequence numbers is returned.
   */
  async verifyForOrganisation(organisationId: string, anchor?: { seq: number; hash: string }): Promise<{ valid: boolean; length: number; head: string; firstBrokenEntry?: number }> {
    const verifier = new ChainVerifier();
    let own = 0;
    let ownHead = GENESIS_HASH;
    let brokenAt: number | undefined;
    let anchorProblem: number | undefined;
    let after = 0;
    for (;;) {
      const rows: Row[] = await this.dataSource.query('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [after, VERIFY_BATCH]);
      for (const row of rows) {
        verifier.add(toEntry(row));
        if (brokenAt === undefined && verifier.result().firstBrokenSeq !== undefined) brokenAt = own + 1;
        if (row.organisation_id !== organisationId) continue;
        own++;
        ownHead = row.hash;
        if (anchor && own === anchor.seq && row.hash !== anchor.hash && anchorProblem === undefined) anchorProblem = own;
      }
      if (rows.length < VERIFY_BATCH) break;
      after = Number(rows[rows.length - 1].seq);
    }
    if (anchor && own < anchor.seq && anchorProblem === undefined) anchorProblem = own + 1;
    // A break after the organisation's last entry does not touch its entries.
    const broken = [brokenAt !== undefined && brokenAt <= own ? brokenAt : undefined, anchorProblem].filter((n): n is number => n !== undefined);
    return broken.length === 0 ? { valid: true, length: own, head: ownHead } : { valid: false, length: own, head: ownHead, firstBrokenEntry: Math.min(...broken) };
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
