import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { readTemplate } from '../common/templates';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { Answer, QuestionnaireTemplate, Theme, themesFor, validateAnswers } from './questionnaire';

/** The safety intake's questions: a separate, voluntary template, never part of the questionnaire. */
export const SAFETY_INTAKE_VERSION = '1';
const template = () => readTemplate<QuestionnaireTemplate>(`safety-intake/v${SAFETY_INTAKE_VERSION}.nl.json`);

export interface SafetyIntakeView {
  version: string;
  title: string;
  intro: string;
  themes: Theme[];
  /** Whether the candidate chose to fill it in; nothing is kept otherwise. */
  optedIn: boolean;
  answers: Record<string, Answer>;
  /** The candidate may add, change or remove answers while the case is open. */
  open: boolean;
}

const CLOSED = ['afgesloten', 'vernietigd'];

/**
 * Threats and intimidation, asked apart from the integrity questionnaire (questionnaire.md, second
 * edition): only when the candidate opts in, read by the opdrachtgever alone (never the screener,
 * the report, the risk register or an export to others), encrypted with the case key and deleted with
 * the case's other content. Its processing belongs to the activity 'voluntary' (consent).
 */
@Injectable()
export class SafetyIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly audit: AuditService,
  ) {}

  async get(principal: Principal, caseId: string): Promise<SafetyIntakeView> {
    await this.access.require(principal, 'safety_intake.read', caseId, 'Het dossier');
    const view = await this.view(caseId);
    if (view.optedIn) await this.audit.read(principal, 'safety_intake', caseId);
    return view;
  }

  /** Saving is opting in; the candidate's own answers replace what was there. */
  async save(principal: Principal, caseId: string, body: unknown): Promise<SafetyIntakeView> {
    await this.access.require(principal, 'safety_intake.write', caseId, 'Het dossier');
    const answers = (body as { answers?: unknown } | null)?.answers;
    const extra = body && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'answers') : [];
    const problems = [
      ...extra.map((field) => ({ field, problems: [{ constraint: 'whitelistValidation', message: 'is geen toegestaan veld' }] })),
      ...validateAnswers(template(), answers),
    ];
    const nulls = answers && typeof answers === 'object' ? Object.entries(answers as Record<string, unknown>).filter(([, a]) => a === null).map(([id]) => id) : [];
    for (const id of nulls) problems.push({ field: `answers.${id}`, problems: [{ constraint: 'isObject', message: 'moet een antwoord zijn; laat de vraag weg om haar niet te beantwoorden' }] });
    if (problems.length) {
      throw new AppError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'INVALID_ANSWERS',
        `De antwoorden zijn niet opgeslagen: ${problems.map((p) => `${p.field} ${p.problems.map((x) => x.message).join(', ')}`).join('; ')}.`,
        problems,
      );
    }
    await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query('SELECT state FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
      if (CLOSED.includes(row.state)) throw new AppError(HttpStatus.CONFLICT, 'CASE_CLOSED', 'Het dossier is afgesloten: het veiligheidsgesprek kan niet meer worden ingevuld.');
      const cipher = await this.crypto.forCase(tx, caseId);
      const sealed = cipher.encrypt(JSON.stringify(answers), `case:${caseId}:safety_intake`);
      await tx.query(
        `INSERT INTO safety_intakes (case_id, template_version, answers_encrypted) VALUES ($1, $2, $3)
         ON CONFLICT (case_id) DO UPDATE SET answers_encrypted = EXCLUDED.answers_encrypted, template_version = EXCLUDED.template_version, updated_at = now()`,
        [caseId, SAFETY_INTAKE_VERSION, sealed],
      );
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'safety_intake.save', object: `case:${caseId}`, result: 'ok' });
    });
    return this.view(caseId);
  }

  /** The candidate withdraws: everything of the intake is deleted at once. */
  async remove(principal: Principal, caseId: string): Promise<void> {
    await this.access.require(principal, 'safety_intake.write', caseId, 'Het dossier');
    await this.dataSource.transaction(async (tx) => {
      const deleted: unknown[] = await tx.query('DELETE FROM safety_intakes WHERE case_id = $1 RETURNING case_id', [caseId]);
      if (deleted.length) {
        await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'safety_intake.delete', object: `case:${caseId}`, result: 'ok' });
      }
    });
  }

  private async view(caseId: string): Promise<SafetyIntakeView> {
    const t = template();
    const [row] = await this.dataSource.query('SELECT s.answers_encrypted, c.state FROM cases c LEFT JOIN safety_intakes s ON s.case_id = c.id WHERE c.id = $1', [caseId]);
    const answers = row?.answers_encrypted
      ? (JSON.parse((await this.crypto.forCase(this.dataSource.manager, caseId)).decrypt(row.answers_encrypted, `case:${caseId}:safety_intake`)) as Record<string, Answer>)
      : {};
    return { version: t.version, title: t.title, intro: t.intro, themes: themesFor(t), optedIn: !!row?.answers_encrypted, answers, open: !CLOSED.includes(row?.state) };
  }
}
