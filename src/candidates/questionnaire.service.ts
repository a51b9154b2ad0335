import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { actorOf, AuditService } from '../audit/audit.service';
import { Principal } from '../access/principal';
import { AppError } from '../common/app-error';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { caseQuestionnaire } from './case-template';
import { Answer, forGriffier, forScreener, missingAnswers, MissingAnswer, Question, questionsOf, Theme, themesFor, validateAnswers, withSeenBy } from './questionnaire';

export interface QuestionnaireView {
  version: string;
  title: string;
  intro: string;
  themes: Theme[];
  answers: Record<string, Answer>;
  missing: MissingAnswer[];
  open: boolean;
}

/** The candidate's self-disclosure: saved per question, encrypted with the case key. */
@Injectable()
export class QuestionnaireService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly audit: AuditService,
  ) {}

  async get(principal: Principal, caseId: string): Promise<QuestionnaireView> {
    await this.access.require(principal, 'questionnaire.read', caseId, 'Het dossier');
    if (principal.kind === 'user') {
      // The screener reads the disclosure once the candidate has submitted it, not while it is being written.
      const [row] = await this.dataSource.query(`SELECT snapshot->'context'->>'questionnaireSubmittedAt' AS submitted FROM cases WHERE id = $1`, [caseId]);
      if (!row.submitted) throw new AppError(HttpStatus.CONFLICT, 'QUESTIONNAIRE_NOT_SUBMITTED', 'De kandidaat heeft de vragenlijst nog niet ingediend.');
    }
    // The candidate sees the whole questionnaire; the screener only the risk material (not the griffier's benoembaarheid facts).
    const view = await this.view(this.dataSource.manager, caseId, principal.kind === 'candidate' ? () => true : forScreener);
    await this.audit.read(principal, 'questionnaire', caseId);
    return view;
  }

  async save(principal: Principal, caseId: string, body: unknown): Promise<QuestionnaireView> {
    await this.access.require(principal, 'questionnaire.write', caseId, 'Het dossier');
    return this.dataSource.transaction(async (tx) => {
      // Locked, so a save and the submit cannot cross.
      const row = await this.caseTemplate(tx, caseId, true);
      const template = row.template;
      const answers = (body as { answers?: unknown } | null)?.answers;
      const extra = body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'answers') : [];
      const problems = [
        ...extra.map((field) => ({ field, problems: [{ constraint: 'whitelistValidation', message: 'is geen toegestaan veld' }] })),
        ...validateAnswers(template, answers),
      ];
      if (problems.length) {
        throw new AppError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'INVALID_ANSWERS',
          `De antwoorden zijn niet opgeslagen: ${problems.map((p) => `${p.field} ${p.problems.map((x) => x.message).join(', ')}`).join('; ')}.`,
          problems,
        );
      }
      if (row.state !== 'vragenlijst') {
        throw new AppError(HttpStatus.CONFLICT, 'QUESTIONNAIRE_CLOSED', 'De vragenlijst kan nu niet worden gewijzigd: zij is al ingediend, of de toestemming is nog niet gegeven.');
      }
      const cipher = await this.crypto.forCase(tx, caseId);
      for (const [questionId, answer] of Object.entries(answers as Record<string, Answer | null>)) {
        if (answer === null) {
          await tx.query('DELETE FROM questionnaire_answers WHERE case_id = $1 AND question_id = $2', [caseId, questionId]);
          continue;
        }
        const sealed = cipher.encrypt(JSON.stringify({ value: answer.value, explanation: answer.explanation }), `case:${caseId}:answer:${questionId}`);
        await tx.query(
          `INSERT INTO questionnaire_answers (case_id, question_id, answer_encrypted) VALUES ($1, $2, $3)
           ON CONFLICT (case_id, question_id) DO UPDATE SET answer_encrypted = EXCLUDED.answer_encrypted, updated_at = now()`,
          [caseId, questionId, sealed],
        );
      }
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'questionnaire.save', object: `case:${caseId}`, result: 'ok' });
      return this.view(tx, caseId);
    });
  }

  /** What is still missing before the questionnaire can be submitted. */
  async missing(manager: EntityManager, caseId: string): Promise<MissingAnswer[]> {
    return missingAnswers((await this.caseTemplate(manager, caseId)).template, await this.answers(manager, caseId));
  }

  /** The case's template with the organisation's own questions it kept. */
  private async caseTemplate(manager: EntityManager, caseId: string, lock = false) {
    const found = await caseQuestionnaire(manager, caseId, lock);
    if (!found) throw new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'Het dossier bestaat niet.');
    return found;
  }

  private async view(manager: EntityManager, caseId: string, keep: (question: Question) => boolean = () => true): Promise<QuestionnaireView> {
    const row = await this.caseTemplate(manager, caseId);
    const template = row.template;
    const all = await this.answers(manager, caseId);
    const shown = new Set(questionsOf(template).filter(keep).map((q) => q.id));
    return {
      version: template.version,
      title: template.title,
      intro: template.intro,
      themes: withSeenBy(template, themesFor(template, keep)),
      answers: Object.fromEntries(Object.entries(all).filter(([id]) => shown.has(id))),
      missing: missingAnswers(template, all).filter((m) => shown.has(m.questionId)),
      open: row.state === 'vragenlijst',
    };
  }

  /**
   * The answers the griffier may see for the benoembaarheid checklist (questions tagged griffier or
   * both), never the rest of the disclosure. For the griffier's role (issue 18) to call after its own
   * access check; it reads no access itself and audits nothing, so the caller must do both.
   */
  async griffierAnswers(manager: EntityManager, caseId: string): Promise<{ version: string; questions: Question[]; answers: Record<string, Answer> }> {
    const { template } = await this.caseTemplate(manager, caseId);
    const questions = questionsOf(template).filter(forGriffier);
    const all = await this.answers(manager, caseId);
    return { version: template.version, questions, answers: Object.fromEntries(questions.filter((q) => all[q.id]).map((q) => [q.id, all[q.id]])) };
  }

  /** The answers that are risk material: what the screener may weigh and a report may show. */
  async screenerAnswers(manager: EntityManager, caseId: string): Promise<Record<string, Answer>> {
    const shown = new Set(questionsOf((await this.caseTemplate(manager, caseId)).template).filter(forScreener).map((q) => q.id));
    return Object.fromEntries(Object.entries(await this.answers(manager, caseId)).filter(([id]) => shown.has(id)));
  }

  async answers(manager: EntityManager, caseId: string): Promise<Record<string, Answer>> {
    const rows: { question_id: string; answer_encrypted: string }[] = await manager.query(
      'SELECT question_id, answer_encrypted FROM questionnaire_answers WHERE case_id = $1 ORDER BY question_id',
      [caseId],
    );
    if (rows.length === 0) return {};
    const cipher = await this.crypto.forCase(manager, caseId);
    return Object.fromEntries(rows.map((r) => [r.question_id, JSON.parse(cipher.decrypt(r.answer_encrypted, `case:${caseId}:answer:${r.question_id}`)) as Answer]));
  }
}
