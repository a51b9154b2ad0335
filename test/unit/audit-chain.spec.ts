import fc from 'fast-check';
import { AuditEntry, entryHash, GENESIS_HASH, verifyChain } from '../../src/audit/chain';

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const entry = { seq, at: new Date(Date.UTC(2026, 10, 23, 12, 0, seq)).toISOString(), actor: `user:${seq % 3}`, organisationId: null, action: 'case.event.X', object: `case:${seq % 5}`, result: 'ok', traceId: null, prevHash };
    const hash = entryHash(entry);
    entries.push({ ...entry, hash });
    prevHash = hash;
  }
  return entries;
}

const FIELDS = ['at', 'actor', 'action', 'object', 'result'] as const;

describe('audit hash chain', () => {
  it('accepts an intact chain of any length', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 40 }), (n) => expect(verifyChain(chain(n))).toMatchObject({ valid: true, length: n })));
  });

  it('detects and locates any single change to a stored entry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(), fc.constantFrom(...FIELDS), fc.string({ minLength: 1, maxLength: 5 }), (n, pick, field, junk) => {
        const entries = chain(n);
        const k = pick % n;
        entries[k] = { ...entries[k], [field]: `${entries[k][field]}${junk}` };
        expect(verifyChain(entries)).toMatchObject({ valid: false, firstBrokenSeq: k + 1 });
      }),
    );
  });

  it('detects a deleted, a swapped, and a re-linked entry at its place', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 30 }), fc.nat(), (n, pick) => {
        const k = pick % (n - 1); // not the last, so something follows it
        const deleted = chain(n).filter((_, i) => i !== k);
        expect(verifyChain(deleted)).toMatchObject({ valid: false, firstBrokenSeq: k + 1 });

        const swapped = chain(n);
        [swapped[k], swapped[k + 1]] = [swapped[k + 1], swapped[k]];
        expect(verifyChain(swapped)).toMatchObject({ valid: false, firstBrokenSeq: k + 1 });

        const relinked = chain(n);
        relinked[k + 1] = { ...relinked[k + 1], prevHash: GENESIS_HASH.replace(/^0/, '1') };
        expect(verifyChain(relinked)).toMatchObject({ valid: false, firstBrokenSeq: k + 2 });
      }),
    );
  });

  it('detects an inserted entry, even one with a correct hash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.nat(), (n, pick) => {
        const entries = chain(n);
        const k = pick % n;
        const forged = { ...entries[k], action: 'forged' };
        const inserted = [...entries.slice(0, k + 1), { ...forged, hash: entryHash(forged) }, ...entries.slice(k + 1)];
        const result = verifyChain(inserted);
        expect(result.valid).toBe(false);
        expect([k + 1, k + 2]).toContain(result.firstBrokenSeq);
      }),
    );
  });

  it('detects truncation and a chain recomputed after an edit, given an exported head', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 10 }), (n, cut) => {
        const entries = chain(n);
        const head = { seq: n, hash: entries[n - 1].hash };
        const kept = entries.slice(0, Math.max(0, n - cut));
        expect(verifyChain(kept).valid).toBe(true); // on its own, a shorter chain looks fine
        expect(verifyChain(kept, head)).toMatchObject({ valid: false, firstBrokenSeq: kept.length + 1 });

        // Rewrite entry 1 and recompute every hash after it: consistent, but not the exported head.
        const rewritten: AuditEntry[] = [];
        let prevHash = GENESIS_HASH;
        for (const e of entries) {
          const body = { ...e, prevHash, action: e.seq === 1 ? 'rewritten' : e.action };
          const hash = entryHash(body);
          rewritten.push({ ...body, hash });
          prevHash = hash;
        }
        expect(verifyChain(rewritten).valid).toBe(true);
        expect(verifyChain(rewritten, head)).toMatchObject({ valid: false, firstBrokenSeq: n });
      }),
    );
  });
});
