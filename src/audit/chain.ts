import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** One audit entry as stored. No personal content: ids, pseudonyms, action names and results. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  organisationId: string | null;
  action: string;
  object: string;
  result: string;
  traceId: string | null;
  prevHash: string;
  hash: string;
}

/** SHA-256 over a canonical serialisation: fixed field order, JSON-escaped values. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.actor, entry.organisationId, entry.action, entry.object, entry.result, entry.traceId, entry.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainCheck {
  valid: boolean;
  length: number;
  head: string;
  firstBrokenSeq?: number;
}

/**
 * Walks entries in order, as a stream of batches, checking that sequence numbers run 1, 2, 3…
 * without gaps, that each entry holds its predecessor's hash, and that each hash is its content's.
 */
export class ChainVerifier {
  /** A head exported earlier (GET /audit/head): the chain must still contain it, unchanged. */
  constructor(private readonly anchor?: { seq: number; hash: string }) {}

  private expectedSeq = 1;
  private anchorSeen = false;
  private prevHash = GENESIS_HASH;
  private broken?: number;
  private length = 0;

  add(entry: AuditEntry): void {
    this.length++;
    if (this.broken !== undefined) return;
    if (entry.seq !== this.expectedSeq || entry.prevHash !== this.prevHash || entryHash(entry) !== entry.hash) {
      // A missing entry shows at the first sequence number that is not where it should be.
      this.broken = Math.min(entry.seq, this.expectedSeq);
      return;
    }
    if (this.anchor && entry.seq === this.anchor.seq) {
      this.anchorSeen = true;
      // The chain was recomputed after an edit: every hash is consistent, but not the one exported.
      if (entry.hash !== this.anchor.hash) {
        this.broken = entry.seq;
        return;
      }
    }
    this.expectedSeq++;
    this.prevHash = entry.hash;
  }

  result(): ChainCheck {
    // Entries cut from the end leave a consistent chain: only an exported head shows it.
    if (this.broken === undefined && this.anchor && !this.anchorSeen) this.broken = Math.min(this.expectedSeq, this.anchor.seq);
    return this.broken === undefined
      ? { valid: true, length: this.length, head: this.prevHash }
      : { valid: false, length: this.length, head: this.prevHash, firstBrokenSeq: this.broken };
  }
}

export function verifyChain(entries: Iterable<AuditEntry>, anchor?: { seq: number; hash: string }): ChainCheck {
  const verifier = new ChainVerifier(anchor);
  for (const entry of entries) verifier.add(entry);
  return verifier.result();
}
