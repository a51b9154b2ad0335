import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EntityManager } from 'typeorm';
import { AnyMachineSnapshot } from 'xstate';
import { CaseContext, vogValidOn } from '../../workflows/basisscan-2.machine';
import { basisscanVersion } from '../../workflows';
import { VARIANTS } from '../../workflows/variants';
import { AssessmentService } from '../assessment/assessment.service';
import { caseQuestionnaire } from '../candidates/case-template';
import { Answer, forScreener, Question, questionnaireTemplate, themesFor } from '../candidates/questionnaire';
import { QuestionnaireService } from '../candidates/questionnaire.service';
import { caseReference } from '../cases/case-reference';
import { scanPhase } from '../cases/guide';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { ReportContent } from './report-model';

/** New reports use v2; v1 stays readable for the reports made with it (templates/report/v1.nl.json). */
export const REPORT_TEMPLATE_VERSION = '2';

export interface ReportCaseRow {
  id: string;
  organisation_id: string;
  organisation_name: string;
  machine_id: string;
  machine_version: string;
  questionnaire_version: string;
  created_by: string;
  screener_id: string | null;
  created_at: Date;
}


/** Collects and decrypts everything a report shows; the caller audits the read. */
@Injectable()
export class ReportContentBuilder {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly crypto: DataEncryptionService,
    private readonly questionnaire: QuestionnaireService,
    private readonly assessment: AssessmentService,
  ) {}

  async build(manager: EntityManager, row: ReportCaseRow, snapshot: AnyMachineSnapshot): Promise<ReportContent> {
    const context = snapshot.context as CaseContext;
    const cipher = await this.crypto.forCase(manager, row.id);
    const [subject] = await manager.query('SELECT name_encrypted FROM case_subjects WHERE case_id = $1', [row.id]);
    const [response] = await manager.query('SELECT response_encrypted FROM wederhoor_responses WHERE case_id = $1', [row.id]);
    const file = await this.assessment.read(manager, row.id);
    const answers = await this.questionnaire.screenerAnswers(manager, row.id);
    const names = await this.userNames(manager, [row.created_by, row.screener_id]);
    const template = (await caseQuestionnaire(manager, row.id))?.template ?? questionnaireTemplate(row.questionnaire_version);
    // Only what grounds a risk is shown: the answers and sources the risks rest on, and the sources the screener marked as a finding.
    const grounding = new Set(file.risks.flatMap((risk) => risk.facts.answers));
    const questionLabels = new Map(template.themes.flatMap((theme) => theme.questions.map((question) => [question.id, question.label] as const)));
    const sourcesById = new Map(file.sources.map((source) => [source.id, source]));
    const groundingSources = new Set(file.risks.flatMap((risk) => risk.facts.sources));
    const [finalEvent]: { at: Date }[] = await manager.query(`SELECT at FROM case_events WHERE case_id = $1 AND type = 'SUBMIT_FINAL' ORDER BY seq DESC LIMIT 1`, [row.id]);
    const conclusion = context.screenerConclusion ?? file.draft?.conclusion;
    const rules = basisscanVersion(row.machine_version);

    return {
      templateVersion: REPORT_TEMPLATE_VERSION,
      organisation: { name: row.organisation_name },
      variant: VARIANTS[context.organisationKind],
      case: {
        id: row.id,
        reference: caseReference(row.id, context.commissionedAt),
        commissionedAt: context.commissionedAt,
        plannedAppointmentDate: context.plannedAppointmentDate,
        phase: scanPhase(snapshot),
        machine: { id: row.machine_id, version: row.machine_version },
        questionnaireVersion: row.questionnaire_version,
        consent: context.consent ?? null,
      },
      candidate: { name: subject ? cipher.decrypt(subject.name_encrypted, `case:${row.id}:name`) : '(onbekend)' },
      commissionedBy: { name: names.get(row.created_by) ?? '(onbekend)' },
      screener: row.screener_id ? { name: names.get(row.screener_id) ?? '(onbekend)' } : null,
      questionnaire: {
        title: template.title,
        submittedAt: context.questionnaireSubmittedAt ?? null,
        // Risk material only (the griffier's benoembaarheid facts never reach the report), and of that only what a risk rests on.
        themes: themesFor(template, forScreener)
          .map((theme) => ({
            id: theme.id,
            title: theme.title,
            items: theme.questions.filter((question) => grounding.has(question.id)).map((question) => formatAnswer(question, answers[question.id])),
          }))
          .filter((theme) => theme.items.length > 0),
      },
      sources: file.sources.map(({ id, kind, consultedOn, query, found, isFinding }) => ({ kind, consultedOn, query, found, isFinding: isFinding || groundingSources.has(id) })),
      interview: file.interview ? { heldOn: file.interview.heldOn, participants: file.interview.participants, summaries: file.interview.summaries } : null,
      risks: file.risks.map(({ theme, description, likelihood, impact, level, measures, facts }) => ({
        theme,
        description,
        likelihood: likelihood as ReportContent['risks'][number]['likelihood'],
        impact: impact as ReportContent['risks'][number]['impact'],
        level,
        measures,
        facts: {
          answers: facts.answers.map((id) => questionLabels.get(id) ?? id),
          sources: facts.sources.flatMap((id) => (sourcesById.has(id) ? [{ kind: sourcesById.get(id)!.kind, consultedOn: sourcesById.get(id)!.consultedOn }] : [])),
        },
      })),
      wederhoor: context.wederhoor
        ? { how: context.wederhoor.how, at: context.wederhoor.at, response: response ? cipher.decrypt(response.response_encrypted, `case:${row.id}:wederhoor`) : null }
        : null,
      screenerConclusion: conclusion
        ? { conclusion, explanation: file.draft?.explanation ?? '', final: context.screenerConclusion !== undefined }
        : null,
      advice: context.advice ?? null,
      vog: rules.vogAtAppointment ? vogAtMostValid(context) : vogAsRecorded(context),
      trail: await this.trail(manager, row.id, rules.vogAtAppointment, VARIANTS[context.organisationKind].opdrachtgeverTitle, row.screener_id),
      outcome: context.outcome ? { outcome: context.outcome.outcome, date: context.outcome.date } : null,
      councilInformedDate: context.councilInformedDate ?? null,
      peildatum: finalEvent ? finalEvent.at.toISOString().slice(0, 10) : null,
      verifyUrl: `${this.config.publicUrl}/controle`,
    };
  }

  /** Accepted events and earlier report versions, with who acted: role and name for officials, the candidate by role, the service's deadlines as such. */
  private async trail(manager: EntityManager, caseId: string, withoutVogTrack: boolean, opdrachtgeverTitle: string, screenerId: string | null): Promise<ReportContent['trail']> {
    const rows: { at: Date; type: string; actor: string }[] = await manager.query(
      `SELECT at, type, actor FROM case_events WHERE case_id = $1 AND NOT ($2 AND (type LIKE 'VOG\\_%' OR type = 'RECORD_NOT_APPOINTABLE'))
       UNION ALL
       SELECT created_at, 'REPORT_GENERATED', 'user:' || created_by FROM reports WHERE case_id = $1
       ORDER BY 1`,
      [caseId, withoutVogTrack],
    );
    const names = await this.userNames(manager, rows.map((r) => /^(?:user|opdrachtgever|screener):(.+)$/.exec(r.actor)?.[1] ?? null));
    // The commissioning and a report are recorded by account (`user:`): the commissioner is the opdrachtgever,
    // a report's maker the assigned screener or else the opdrachtgever.
    const inRole = (actor: string) =>
      actor.startsWith('user:') ? (actor.slice(5) === screenerId ? `screener:${actor.slice(5)}` : `opdrachtgever:${actor.slice(5)}`) : actor;
    return rows.map((r, index) => ({ sequence: index + 1, at: r.at.toISOString(), actor: actorLabel(inRole(r.actor), names, opdrachtgeverTitle), event: r.type }));
  }

  private async userNames(manager: EntityManager, ids: (string | null)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await manager.query('SELECT id, name FROM users WHERE id = ANY($1::uuid[])', [wanted]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

/**
 * Who did a step, as a reader knows them: "Burgemeester — Naam", "Screener — Naam", "Kandidaat",
 * and the service itself only for what it does by itself (a deadline passing, retention).
 */
export function actorLabel(actor: string, names: Map<string, string>, opdrachtgeverTitle: string): string {
  const [kind, id] = [actor.slice(0, actor.indexOf(':')), actor.slice(actor.indexOf(':') + 1)];
  const title = opdrachtgeverTitle.charAt(0).toUpperCase() + opdrachtgeverTitle.slice(1);
  const named = (role: string) => (names.has(id) ? `${role} — ${names.get(id)}` : role);
  switch (kind) {
    case 'opdrachtgever':
      return named(title);
    case 'screener':
      return named('Screener');
    case 'user':
      return names.get(id) ?? 'Medewerker';
    case 'kandidaat':
      return 'Kandidaat';
    default:
      // `system:deadline:<kind>` is a deadline passing; `system:admin` is the operator's command line (a migration).
      return id.startsWith('deadline:') ? 'De dienst (termijn verstreken)' : id === 'admin' ? 'Beheer van de dienst' : 'De dienst';
  }
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
/** One date style in the whole report: "2 januari 2027". */
const dutchDate = (iso: string): string => {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
};

const euro = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

function formatScalar(type: string, value: unknown): string {
  switch (type) {
    case 'yes_no':
      return value ? 'Ja' : 'Nee';
    case 'declaration':
      return value ? 'Verklaard' : 'Niet verklaard';
    case 'date':
      return typeof value === 'string' ? dutchDate(value) : '';
    case 'amount':
      return typeof value === 'number' ? euro.format(value) : '';
    default:
      return String(value ?? '');
  }
}

/** An answer as the report prints it; lists become one line per entry. */
export function formatAnswer(question: Question, answer: Answer | undefined): ReportContent['questionnaire']['themes'][number]['items'][number] {
  if (!answer) return { question: question.label, answer: 'Niet beantwoord', explanation: null };
  if (question.type === 'list') {
    const entries = Array.isArray(answer.value) ? (answer.value as Record<string, unknown>[]) : [];
    const fields = question.fields ?? [];
    const lines = entries.map((entry) =>
      fields
        .filter((f) => entry[f.id] !== undefined && entry[f.id] !== '')
        .map((f) => `${f.label}: ${formatScalar(f.type, entry[f.id])}`)
        .join('; '),
    );
    return { question: question.label, answer: lines.length ? lines.join('\n') : 'Geen', explanation: null };
  }
  return { question: question.label, answer: formatScalar(question.type, answer.value), explanation: answer.explanation ?? null };
}

/** 1.0.0 reports: the VOG's dates as recorded. */
function vogAsRecorded(context: CaseContext): ReportContent['vog'] {
  return {
    requestedDate: context.vog.requestedDate ?? null,
    intendedRefusalDate: context.vog.intendedRefusalDate ?? null,
    zienswijzeDate: context.vog.zienswijzeDate ?? null,
    issueDate: context.vog.issueDate ?? null,
    refusedDate: context.vog.refusedDate ?? null,
    maxAgeMonths: context.vogMaxAgeMonths,
    validForAppointment: context.vog.issueDate || context.vog.refusedDate ? vogValidOn(context, context.plannedAppointmentDate) : null,
  };
}

/**
 * 2.0.0 reports: at most "VOG aanwezig en geldig op [datum]". Nothing of a request, a voornemen
 * tot weigering or a refusal: the screener downloads the same report, and such a track reveals that
 * justitiële gegevens exist (AVG art. 10).
 */
function vogAtMostValid(context: CaseContext): ReportContent['vog'] {
  const valid = vogValidOn(context, context.plannedAppointmentDate);
  return {
    requestedDate: null,
    intendedRefusalDate: null,
    zienswijzeDate: null,
    issueDate: valid ? context.vog.issueDate! : null,
    refusedDate: null,
    maxAgeMonths: context.vogMaxAgeMonths,
    validForAppointment: valid ? true : null,
  };
}
