import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseContext } from '../../workflows/basisscan-2.machine';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { AssessmentService } from '../assessment/assessment.service';
import { actorOf, AuditService } from '../audit/audit.service';
import { findingsShared } from '../assessment/wederhoor.service';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { QuestionnaireService } from './questionnaire.service';

/**
 * Inzage (AVG art. 15): everything held about the candidate in the case, as JSON, for the candidate
 * while the case exists. The screener's working notes (search terms, the facts behind a risk) are
 * not personal data of the candidate in that sense and stay out, as in wederhoor.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly questionnaire: QuestionnaireService,
    private readonly assessment: AssessmentService,
    private readonly audit: AuditService,
  ) {}

  async export(principal: Principal, caseId: string) {
    await this.access.require(principal, 'case.export', caseId, 'Het dossier');
    const manager = this.dataSource.manager;
    const [row] = await manager.query(
      `SELECT c.id, c.office, c.state, c.snapshot, to_char(c.planned_appointment_date, 'YYYY-MM-DD') AS planned, o.name AS organisation, s.name_encrypted, s.email_encrypted
         FROM cases c JOIN organisations o ON o.id = c.organisation_id LEFT JOIN case_subjects s ON s.case_id = c.id WHERE c.id = $1`,
      [caseId],
    );
    const cipher = await this.crypto.forCase(manager, caseId);
    const context = row.snapshot.context as CaseContext;
    const [response] = await manager.query('SELECT response_encrypted FROM wederhoor_responses WHERE case_id = $1', [caseId]);
    const file = findingsShared(context) ? await this.assessment.read(manager, caseId) : null;
    const exported = {
      exportedAt: new Date().toISOString(),
      case: { id: row.id, organisation: row.organisation, office: row.office, phase: row.state, plannedAppointmentDate: row.planned },
      you: { name: cipher.decrypt(row.name_encrypted, `case:${caseId}:name`), email: cipher.decrypt(row.email_encrypted, `case:${caseId}:email`) },
      consent: context.consent ?? null,
      questionnaire: await this.questionnaire.answers(manager, caseId),
      vog: context.vog,
      findings: file ? file.sources.filter((s) => s.isFinding).map((s) => ({ kind: s.kind, consultedOn: s.consultedOn, found: s.found })) : [],
      risks: file ? file.risks.map(({ facts: _facts, ...risk }) => risk) : [],
      wederhoorResponse: response ? cipher.decrypt(response.response_encrypted, `case:${caseId}:wederhoor`) : null,
      // That reports about them exist and when; their content is the findings and risks above.
      reports: await manager.query(
        `SELECT version, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "generatedAt", sha256 FROM reports WHERE case_id = $1 ORDER BY version`,
        [caseId],
      ),
      processingLog: await this.audit.processingLog(principal, caseId),
    };
    await this.audit.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'read.export', object: `case:${caseId}`, result: 'ok' });
    return exported;
  }
}
