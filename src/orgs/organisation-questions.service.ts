import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UserPrincipal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { CURRENT_QUESTIONNAIRE_VERSION, ownQuestionMarking, questionnaireTemplate } from '../candidates/questionnaire';
import { AppError, notFound } from '../common/app-error';
import { PUBLIC_BODY_KINDS, OrganisationKind } from './organisation.entity';
import { OrganisationQuestionDto, OrganisationQuestionsView, OrganisationQuestionView } from './organisation-questions.dto';

interface QuestionRow {
  id: string;
  theme_id: string;
  type: OrganisationQuestionView['type'];
  label: string;
  help: string;
  required: boolean;
  explanation_on_yes: boolean;
  created_at: Date;
}

const MAX_QUESTIONS = 30;
/** The Dutch names of the fields, as the beheerder sees them on the form. */
const LABELS: Record<string, string> = { themeId: 'Thema', explanationOnYes: 'Toelichting bij ja' };
const invalid = (code: string, field: string, message: string) =>
  new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, `De vraag is niet opgeslagen: ${LABELS[field] ?? field} ${message}.`, [{ field, label: LABELS[field] ?? field, problems: [{ constraint: code.toLowerCase(), message }] }]);

/**
 * Questions of the organisation's own (issue 19): its beheerder adds them to a theme of the current
 * questionnaire template. A case keeps the set that existed when it was commissioned
 * (cases.organisation_questions), so a change here never reaches a running case. Every change is audited.
 */
@Injectable()
export class OrganisationQuestionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(organisationId: string): Promise<OrganisationQuestionsView> {
    const kind = await this.kindOf(this.dataSource.manager, organisationId);
    const rows: QuestionRow[] = await this.dataSource.query(
      'SELECT * FROM organisation_questions WHERE organisation_id = $1 AND questionnaire_version = $2 ORDER BY created_at, id',
      [organisationId, CURRENT_QUESTIONNAIRE_VERSION],
    );
    return {
      questionnaireVersion: CURRENT_QUESTIONNAIRE_VERSION,
      marking: ownQuestionMarking(kind),
      themes: this.themes().map(({ id, title }) => ({ id, title })),
      questions: rows.map((r) => this.toView(r)),
    };
  }

  async create(principal: UserPrincipal, organisationId: string, dto: OrganisationQuestionDto): Promise<OrganisationQuestionView> {
    return this.dataSource.transaction(async (tx) => {
      await this.requirePublicBody(tx, organisationId);
      this.check(dto);
      const [{ count }] = await tx.query('SELECT count(*)::int AS count FROM organisation_questions WHERE organisation_id = $1 AND questionnaire_version = $2', [organisationId, CURRENT_QUESTIONNAIRE_VERSION]);
      if (count >= MAX_QUESTIONS) throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'TOO_MANY_QUESTIONS', `De vraag is niet opgeslagen: een organisatie kan hoogstens ${MAX_QUESTIONS} eigen vragen hebben.`);
      const [row]: QuestionRow[] = await tx.query(
        `INSERT INTO organisation_questions (organisation_id, questionnaire_version, theme_id, type, label, help, required, explanation_on_yes, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [organisationId, CURRENT_QUESTIONNAIRE_VERSION, dto.themeId, dto.type, dto.label, dto.help, dto.required, dto.type === 'yes_no' && dto.explanationOnYes, principal.userId],
      );
      await this.audit.append(tx, { actor: actorOf(principal), organisationId, action: 'organisation.question.create', object: `organisation_question:${row.id}`, result: 'ok' });
      return this.toView(row);
    });
  }

  async update(principal: UserPrincipal, organisationId: string, questionId: string, dto: OrganisationQuestionDto): Promise<OrganisationQuestionView> {
    return this.dataSource.transaction(async (tx) => {
      await this.requirePublicBody(tx, organisationId);
      this.check(dto);
      const [row]: QuestionRow[] = await tx.query(
        `WITH u AS (UPDATE organisation_questions SET theme_id = $3, type = $4, label = $5, help = $6, required = $7, explanation_on_yes = $8
         WHERE id = $1 AND organisation_id = $2 RETURNING *) SELECT * FROM u`,
        [questionId, organisationId, dto.themeId, dto.type, dto.label, dto.help, dto.required, dto.type === 'yes_no' && dto.explanationOnYes],
      );
      if (!row) throw notFound('De vraag');
      await this.audit.append(tx, { actor: actorOf(principal), organisationId, action: 'organisation.question.update', object: `organisation_question:${row.id}`, result: 'ok' });
      return this.toView(row);
    });
  }

  async remove(principal: UserPrincipal, organisationId: string, questionId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const deleted = await tx.query('WITH d AS (DELETE FROM organisation_questions WHERE id = $1 AND organisation_id = $2 RETURNING id) SELECT id FROM d', [questionId, organisationId]);
      if (deleted.length === 0) throw notFound('De vraag');
      await this.audit.append(tx, { actor: actorOf(principal), organisationId, action: 'organisation.question.delete', object: `organisation_question:${questionId}`, result: 'ok' });
    });
  }

  private themes() {
    return questionnaireTemplate(CURRENT_QUESTIONNAIRE_VERSION).themes;
  }

  private check(dto: OrganisationQuestionDto): void {
    if (!this.themes().some((t) => t.id === dto.themeId)) throw invalid('THEME_UNKNOWN', 'themeId', 'is geen thema van de huidige vragenlijst');
    if (dto.explanationOnYes && dto.type !== 'yes_no') throw invalid('EXPLANATION_ONLY_YES_NO', 'explanationOnYes', 'kan alleen bij een ja/nee-vraag');
  }

  private async kindOf(manager: EntityManager, organisationId: string): Promise<OrganisationKind> {
    const [row] = await manager.query('SELECT kind FROM organisations WHERE id = $1', [organisationId]);
    if (!row) throw notFound('De organisatie');
    return row.kind;
  }

  /** Only a public body commissions scans, so only it has candidates to ask its own questions. */
  private async requirePublicBody(manager: EntityManager, organisationId: string): Promise<void> {
    const kind = await this.kindOf(manager, organisationId);
    if (!PUBLIC_BODY_KINDS.includes(kind)) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'NO_OWN_QUESTIONS', 'Een screeningsbureau geeft geen opdracht voor een screening en kan daarom geen eigen vragen toevoegen.');
    }
  }

  private toView(r: QuestionRow): OrganisationQuestionView {
    const theme = this.themes().find((t) => t.id === r.theme_id);
    return {
      id: r.id,
      themeId: r.theme_id,
      themeTitle: theme?.title ?? r.theme_id,
      type: r.type,
      label: r.label,
      help: r.help,
      required: r.required,
      explanationOnYes: r.explanation_on_yes,
      createdAt: new Date(r.created_at).toISOString(),
    };
  }
}
