import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { actorOf, AuditService } from '../audit/audit.service';
import { Principal } from '../access/principal';
import { AppError } from '../common/app-error';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { AssessmentService, RiskView } from './assessment.service';

/** Whether findings and risks have been put to the candidate (hoor en wederhoor started). */
export const findingsShared = (context: { draftSubmittedAt?: string }): boolean => context.draftSubmittedAt !== undefined;

export interface WederhoorView {
  /** What the screener found: the sources marked as a finding, without the screener's search terms. */
  findings: { id: string; kind: string; consultedOn: string; found: string }[];
  risks: Omit<RiskView, 'facts'>[];
  draftConclusion: string | null;
  draftExplanation: string | null;
  response: string | null;
  open: boolean;
}

/** Hoor en wederhoor: the candidate sees findings and risks and answers them, verbatim. */
@Injectable()
export class WederhoorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly assessment: AssessmentService,
    private readonly audit: AuditService,
  ) {}

  async get(principal: Principal, caseId: string): Promise<WederhoorView> {
    await this.access.require(principal, 'wederhoor.read', caseId, 'Het dossier');
    const [row] = await this.dataSource.query('SELECT state, snapshot FROM cases WHERE id = $1', [caseId]);
    // Shared once the screener submitted the draft; a case closed before that never shared them.
    if (!findingsShared(row.snapshot.context)) {
      throw new AppError(HttpStatus.CONFLICT, 'WEDERHOOR_NOT_STARTED', 'De bevindingen worden gedeeld zodra de screener de conceptrapportage heeft ingediend.');
    }
    const file = await this.assessment.read(this.dataSource.manager, caseId);
    const [response] = await this.dataSource.query('SELECT response_encrypted FROM wederhoor_responses WHERE case_id = $1', [caseId]);
    const cipher = response ? await this.crypto.forCase(this.dataSource.manager, caseId) : null;
    await this.audit.read(principal, 'wederhoor', caseId);
    return {
      findings: file.sources.filter((s) => s.isFinding).map((s) => ({ id: s.id, kind: s.kind, consultedOn: s.consultedOn, found: s.found })),
      risks: file.risks.map(({ facts: _facts, ...risk }) => risk),
      draftConclusion: file.draft?.conclusion ?? null,
      draftExplanation: file.draft?.explanation ?? null,
      response: cipher ? cipher.decrypt(response.response_encrypted, `case:${caseId}:wederhoor`) : null,
      open: row.state === 'hoorEnWederhoor',
    };
  }

  async respond(principal: Principal, caseId: string, response: string): Promise<WederhoorView> {
    await this.access.require(principal, 'wederhoor.write', caseId, 'Het dossier');
    await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query('SELECT state FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
      if (row.state !== 'hoorEnWederhoor') {
        throw new AppError(HttpStatus.CONFLICT, 'WEDERHOOR_CLOSED', 'Een reactie kan alleen tijdens hoor en wederhoor worden gegeven.');
      }
      const sealed = (await this.crypto.forCase(tx, caseId)).encrypt(response, `case:${caseId}:wederhoor`);
      await tx.query(
        `INSERT INTO wederhoor_responses (case_id, response_encrypted) VALUES ($1, $2)
         ON CONFLICT (case_id) DO UPDATE SET response_encrypted = EXCLUDED.response_encrypted, updated_at = now()`,
        [caseId, sealed],
      );
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'wederhoor.respond', object: `case:${caseId}`, result: 'ok' });
    });
    return this.get(principal, caseId);
  }

  async hasResponse(manager: import('typeorm').EntityManager, caseId: string): Promise<boolean> {
    return (await manager.query('SELECT 1 FROM wederhoor_responses WHERE case_id = $1', [caseId])).length > 0;
  }
}
