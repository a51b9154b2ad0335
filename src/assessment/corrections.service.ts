import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { AppError, notFound } from '../common/app-error';
import type { FieldProblem } from '../common/validation';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { findingsShared } from './wederhoor.service';

export type CorrectionStatus = 'open' | 'geaccepteerd' | 'geweigerd';

export interface CorrectionView {
  id: string;
  findingId: string;
  status: CorrectionStatus;
  /** What the candidate says is wrong, and what it should be. */
  request: string;
  /** Accepted: the finding's wording before the correction (history, never in the report). */
  previousWording: string | null;
  /** Accepted: the finding as it reads now. */
  correctedWording: string | null;
  /** Refused: why. */
  reason: string | null;
  requestedAt: string;
  decidedAt: string | null;
}

interface Content {
  request: string;
  previousWording?: string;
  correctedWording?: string;
  reason?: string;
}

const MAX_TEXT = 4000;
const CLOSED = ['afgesloten', 'vernietigd'];
const problem = (field: string, constraint: string, message: string): FieldProblem => ({ field, problems: [{ constraint, message }] });
const invalid = (problems: FieldProblem[]) =>
  new AppError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'VALIDATION_FAILED',
    `De invoer is ongeldig: ${problems.map((p) => `${p.field} ${p.problems.map((x) => x.message).join(', ')}`).join('; ')}.`,
    problems,
  );

function text(body: Record<string, unknown>, field: string, problems: FieldProblem[], required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) problems.push(problem(field, 'isDefined', 'is verplicht'));
    return undefined;
  }
  if (typeof value !== 'string' || !value.trim()) problems.push(problem(field, 'isNotEmpty', 'moet tekst zijn en mag niet leeg zijn'));
  else if (value.length > MAX_TEXT) problems.push(problem(field, 'maxLength', `is te lang (hoogstens ${MAX_TEXT} tekens)`));
  else return value.trim();
  return undefined;
}

function only(body: unknown, allowed: string[]): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid([problem('body', 'isObject', 'moet een object zijn')]);
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length) throw invalid(extra.map((k) => problem(k, 'whitelistValidation', 'is geen toegestaan veld')));
  return body as Record<string, unknown>;
}

/**
 * Rectification (AVG art. 16): from hoor en wederhoor on, the candidate may ask to correct a
 * finding; the assigned screener accepts (the finding changes, its earlier wording stays in this
 * history, not in the report) or refuses with a reason. Both are audited and shown to the candidate.
 */
@Injectable()
export class CorrectionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, caseId: string): Promise<CorrectionView[]> {
    await this.access.require(principal, 'wederhoor.read', caseId, 'Het dossier');
    const views = await this.read(this.dataSource.manager, caseId);
    if (views.length) await this.audit.read(principal, 'corrections', caseId);
    return views;
  }

  async request(principal: Principal, caseId: string, body: unknown): Promise<CorrectionView> {
    await this.access.require(principal, 'wederhoor.write', caseId, 'Het dossier');
    const input = only(body, ['findingId', 'request']);
    const problems: FieldProblem[] = [];
    const request = text(input, 'request', problems, true);
    if (typeof input.findingId !== 'string') problems.push(problem('findingId', 'isUuid', 'moet de id van een bevinding zijn'));
    if (problems.length) throw invalid(problems);
    const id = await this.dataSource.transaction(async (tx) => {
      await this.requireOpen(tx, caseId);
      const [finding] = await tx.query('SELECT id FROM research_sources WHERE case_id = $1 AND id::text = $2 AND is_finding', [caseId, input.findingId]);
      if (!finding) throw invalid([problem('findingId', 'unknownFinding', 'is geen bevinding van dit dossier')]);
      const [pending] = await tx.query(`SELECT 1 FROM correction_requests WHERE source_id = $1 AND status = 'open'`, [finding.id]);
      if (pending) throw new AppError(HttpStatus.CONFLICT, 'CORRECTION_PENDING', 'Voor deze bevinding staat al een verzoek open. De screener beslist daar eerst over.');
      const [row] = await tx.query(`INSERT INTO correction_requests (case_id, source_id, content_encrypted) VALUES ($1, $2, 'pending') RETURNING id`, [caseId, finding.id]);
      await this.seal(tx, caseId, row.id, { request: request! });
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'correction.request', object: `case:${caseId}`, result: 'ok' });
      return row.id as string;
    });
    return (await this.read(this.dataSource.manager, caseId)).find((c) => c.id === id)!;
  }

  async decide(principal: Principal, caseId: string, correctionId: string, body: unknown): Promise<CorrectionView> {
    await this.access.require(principal, 'assessment.write', caseId, 'Het dossier');
    const input = only(body, ['accept', 'correctedWording', 'reason']);
    const problems: FieldProblem[] = [];
    if (typeof input.accept !== 'boolean') problems.push(problem('accept', 'isBoolean', 'moet waar (accepteren) of onwaar (weigeren) zijn'));
    const corrected = input.accept === true ? text(input, 'correctedWording', problems, true) : undefined;
    const reason = text(input, 'reason', problems, input.accept === false);
    if (problems.length) throw invalid(problems);
    await this.dataSource.transaction(async (tx) => {
      await this.requireOpen(tx, caseId);
      const [row] = await tx.query('SELECT id, source_id, status, content_encrypted FROM correction_requests WHERE id::text = $1 AND case_id = $2 FOR UPDATE', [correctionId, caseId]);
      if (!row) throw notFound('Het verzoek');
      if (row.status !== 'open') throw new AppError(HttpStatus.CONFLICT, 'CORRECTION_DECIDED', 'Over dit verzoek is al beslist.');
      const cipher = await this.crypto.forCase(tx, caseId);
      const content = JSON.parse(cipher.decrypt(row.content_encrypted, `correction:${row.id}`)) as Content;
      if (input.accept) {
        const [source] = await tx.query('SELECT content_encrypted FROM research_sources WHERE id = $1 FOR UPDATE', [row.source_id]);
        const finding = JSON.parse(cipher.decrypt(source.content_encrypted, `source:${row.source_id}`)) as { query: string; found: string };
        await tx.query('UPDATE research_sources SET content_encrypted = $1 WHERE id = $2', [cipher.encrypt(JSON.stringify({ ...finding, found: corrected }), `source:${row.source_id}`), row.source_id]);
        content.previousWording = finding.found;
        content.correctedWording = corrected;
      }
      if (reason) content.reason = reason;
      await tx.query('UPDATE correction_requests SET status = $2, decided_at = now(), decided_by = $3 WHERE id = $1', [row.id, input.accept ? 'geaccepteerd' : 'geweigerd', principal.kind === 'user' ? principal.userId : null]);
      await this.seal(tx, caseId, row.id, content);
      // The finding changed: a report made before no longer reflects the file.
      if (input.accept) await tx.query('UPDATE cases SET content_version = content_version + 1 WHERE id = $1', [caseId]);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: input.accept ? 'correction.accept' : 'correction.refuse', object: `case:${caseId}`, result: 'ok' });
    });
    return (await this.read(this.dataSource.manager, caseId)).find((c) => c.id === correctionId)!;
  }

  /** From hoor en wederhoor on, until the case closes. */
  private async requireOpen(tx: EntityManager, caseId: string): Promise<void> {
    const [row] = await tx.query('SELECT state, snapshot FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
    if (!findingsShared(row.snapshot.context) || CLOSED.includes(row.state)) {
      throw new AppError(HttpStatus.CONFLICT, 'CORRECTIONS_NOT_OPEN', 'Een verzoek om correctie kan vanaf hoor en wederhoor tot het dossier is afgesloten.');
    }
  }

  private async seal(tx: EntityManager, caseId: string, id: string, content: Content): Promise<void> {
    const cipher = await this.crypto.forCase(tx, caseId);
    await tx.query('UPDATE correction_requests SET content_encrypted = $2 WHERE id = $1', [id, cipher.encrypt(JSON.stringify(content), `correction:${id}`)]);
  }

  async read(manager: EntityManager, caseId: string): Promise<CorrectionView[]> {
    const rows: { id: string; source_id: string; status: CorrectionStatus; content_encrypted: string; created_at: Date; decided_at: Date | null }[] = await manager.query(
      'SELECT id, source_id, status, content_encrypted, created_at, decided_at FROM correction_requests WHERE case_id = $1 ORDER BY created_at, id',
      [caseId],
    );
    if (!rows.length) return [];
    const cipher = await this.crypto.forCase(manager, caseId);
    return rows.map((r) => {
      const content = JSON.parse(cipher.decrypt(r.content_encrypted, `correction:${r.id}`)) as Content;
      return {
        id: r.id,
        findingId: r.source_id,
        status: r.status,
        request: content.request,
        previousWording: content.previousWording ?? null,
        correctedWording: content.correctedWording ?? null,
        reason: content.reason ?? null,
        requestedAt: r.created_at.toISOString(),
        decidedAt: r.decided_at?.toISOString() ?? null,
      };
    });
  }
}
