import { isIsoDate } from '../../workflows/dates';
import { readTemplate } from '../common/templates';
import type { FieldProblem } from '../common/validation';

export type QuestionType = 'yes_no' | 'text' | 'date' | 'amount' | 'list' | 'declaration';

export interface FieldDefinition {
  id: string;
  type: Exclude<QuestionType, 'list' | 'declaration'>;
  label: string;
  required: boolean;
}

export interface Question {
  id: string;
  type: QuestionType;
  label: string;
  help: string;
  required?: boolean;
  /** A yes answer needs an explanation. */
  explanationOnYes?: boolean;
  /** A list that must have entries when this yes/no question is answered yes. */
  requiredIf?: string;
  fields?: FieldDefinition[];
  /** v2: the integrity aspect the question serves (bill 36892's aspects, or the organisation's own choice). */
  aspect?: QuestionAspect;
  /** v2: who may see the answer besides the candidate. v1 questions are all for the screener. */
  visibility?: QuestionVisibility;
  /** In a view only: who sees the answer, in words for the candidate (from the template's visibilityLabels). */
  seenBy?: string;
  /** A question of the organisation's own (issue 19): the words that mark it to the candidate, e.g. "Vraag van de gemeente zelf". */
  ownQuestion?: string;
}

/** Types an organisation's own question may have: the template's single-answer types. */
export const ORGANISATION_QUESTION_TYPES = ['yes_no', 'text', 'date', 'amount'] as const;
export type OrganisationQuestionType = (typeof ORGANISATION_QUESTION_TYPES)[number];

/** One of the organisation's own questions as a case keeps it (cases.organisation_questions). */
export interface OrganisationQuestionSnapshot {
  id: string;
  themeId: string;
  type: OrganisationQuestionType;
  label: string;
  help: string;
  required: boolean;
  explanationOnYes: boolean;
  /** How the candidate sees it marked, in the words of the organisation's kind at commissioning. */
  marking: string;
}

/**
 * The template a case reads: its version's template with the organisation's own questions the case
 * kept, each at the end of its theme, tagged as the organisation's own choice and for the screener.
 */
export function withOrganisationQuestions(template: QuestionnaireTemplate, own: OrganisationQuestionSnapshot[]): QuestionnaireTemplate {
  if (own.length === 0) return template;
  return {
    ...template,
    themes: template.themes.map((theme) => ({
      ...theme,
      questions: [
        ...theme.questions,
        ...own
          .filter((q) => q.themeId === theme.id)
          .map(
            (q): Question => ({
              id: q.id,
              type: q.type,
              label: q.label,
              help: q.help,
              required: q.required,
              ...(q.type === 'yes_no' && q.explanationOnYes ? { explanationOnYes: true } : {}),
              aspect: 'eigen_keuze_organisatie',
              visibility: 'screener',
              ownQuestion: q.marking,
            }),
          ),
      ],
    })),
  };
}

export const QUESTION_ASPECTS = ['onverenigbare_functies', 'verboden_handelingen', 'strijdige_financiele_belangen', 'benoembaarheidsvereisten', 'eigen_keuze_organisatie'] as const;
export type QuestionAspect = (typeof QUESTION_ASPECTS)[number];
export const QUESTION_VISIBILITIES = ['screener', 'griffier', 'both'] as const;
export type QuestionVisibility = (typeof QUESTION_VISIBILITIES)[number];

export interface Theme {
  id: string;
  title: string;
  /** v1 only: named the sources beside the theme. v2 keeps them in metadata. */
  source?: string;
  questions: Question[];
}

export interface QuestionnaireTemplate {
  version: string;
  title: string;
  intro: string;
  themes: Theme[];
  /** v2: per visibility, the sentence that tells the candidate who sees an answer. */
  visibilityLabels?: Record<QuestionVisibility, string>;
  /** For maintainers (sources per theme, aspect labels and references): never shown to the candidate. */
  metadata?: { sources?: Record<string, string>; aspects?: Record<string, { label: string; reference: string }>; [key: string]: unknown };
}

/** The template version new cases start with; running cases keep the one recorded on the case. */
export const CURRENT_QUESTIONNAIRE_VERSION = '2';

export const visibilityOf = (question: Question): QuestionVisibility => question.visibility ?? 'screener';
/** Risk material: what the screener may read and weigh. Benoembaarheid facts (griffier only) are not. */
export const forScreener = (question: Question): boolean => visibilityOf(question) !== 'griffier';
export const forGriffier = (question: Question): boolean => visibilityOf(question) !== 'screener';

/** The themes as a reader sees them: no maintainers' sources, only the questions the filter keeps. */
export function themesFor(template: QuestionnaireTemplate, keep: (question: Question) => boolean = () => true): Theme[] {
  return template.themes
    .map(({ id, title, questions }) => ({ id, title, questions: questions.filter(keep) }))
    .filter((theme) => theme.questions.length > 0);
}

/** The themes with, per question, who sees its answer (v2 templates say it; v1 did not). */
export function withSeenBy(template: QuestionnaireTemplate, themes: Theme[]): Theme[] {
  const labels = template.visibilityLabels;
  if (!labels) return themes;
  return themes.map((theme) => ({ ...theme, questions: theme.questions.map((q) => ({ ...q, seenBy: labels[visibilityOf(q)] })) }));
}

export interface Answer {
  value: unknown;
  explanation?: string;
}

const MAX_TEXT = 4000;
/**
 * Checked on the number's shortest notation, which is what the candidate typed: multiplying by
 * 100 is not exact in floating point (1.1 * 100 is 110.00000000000001), and refused 1.1 and 0.29.
 */
const AT_MOST_TWO_DECIMALS = /^\d+(\.\d{1,2})?$/;
const MAX_ENTRIES = 50;

const templates = new Map<string, QuestionnaireTemplate>();

export function questionnaireTemplate(version: string): QuestionnaireTemplate {
  if (!/^\d+$/.test(version)) throw new Error(`Unknown questionnaire version ${version}`);
  let template = templates.get(version);
  if (!template) {
    template = readTemplate<QuestionnaireTemplate>(`questionnaire/v${version}.nl.json`);
    templates.set(version, template);
  }
  return template;
}

export const questionsOf = (template: QuestionnaireTemplate): Question[] => template.themes.flatMap((t) => t.questions);

const problem = (field: string, constraint: string, message: string): FieldProblem => ({ field, problems: [{ constraint, message }] });

function checkScalar(type: FieldDefinition['type'] | 'declaration', value: unknown, field: string): FieldProblem | null {
  switch (type) {
    case 'yes_no':
    case 'declaration':
      return typeof value === 'boolean' ? null : problem(field, 'isBoolean', 'moet ja (true) of nee (false) zijn');
    case 'text':
      if (typeof value !== 'string') return problem(field, 'isString', 'moet tekst zijn');
      return value.length > MAX_TEXT ? problem(field, 'maxLength', `is te lang (hoogstens ${MAX_TEXT} tekens)`) : null;
    case 'date':
      return isIsoDate(value) ? null : problem(field, 'isDateString', 'moet een datum zijn (JJJJ-MM-DD)');
    case 'amount':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1e12 && AT_MOST_TWO_DECIMALS.test(String(value))
        ? null
        : problem(field, 'isAmount', 'moet een bedrag of aantal zijn (niet negatief, hoogstens twee decimalen)');
  }
}

/**
 * Checks a partial set of answers against the template: unknown questions, wrong types, unknown
 * fields in list entries. Returns every problem, each naming its field.
 */
export function validateAnswers(template: QuestionnaireTemplate, answers: unknown): FieldProblem[] {
  if (!answers || typeof answers !== 'object' || Array.isArray(answers)) return [problem('answers', 'isObject', 'moet een object zijn met per vraag-id een antwoord')];
  const byId = new Map(questionsOf(template).map((q) => [q.id, q]));
  const problems: FieldProblem[] = [];
  for (const [id, raw] of Object.entries(answers as Record<string, unknown>)) {
    const field = `answers.${id}`;
    const question = byId.get(id);
    if (!question) {
      problems.push(problem(field, 'unknownQuestion', 'is geen vraag van deze vragenlijst'));
      continue;
    }
    if (raw === null) continue; // clears the answer
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(problem(field, 'isObject', 'moet een object zijn: {"value": …, "explanation"?: …}'));
      continue;
    }
    const { value, explanation, ...rest } = raw as Answer & Record<string, unknown>;
    for (const key of Object.keys(rest)) problems.push(problem(`${field}.${key}`, 'whitelistValidation', 'is geen toegestaan veld'));
    if (explanation !== undefined) {
      if (question.type !== 'yes_no') problems.push(problem(`${field}.explanation`, 'whitelistValidation', 'hoort niet bij dit soort vraag'));
      else {
        const bad = checkScalar('text', explanation, `${field}.explanation`);
        if (bad) problems.push(bad);
      }
    }
    if (question.type !== 'list') {
      const bad = checkScalar(question.type, value, `${field}.value`);
      if (bad) problems.push(bad);
      continue;
    }
    if (!Array.isArray(value)) {
      problems.push(problem(`${field}.value`, 'isArray', 'moet een lijst zijn'));
      continue;
    }
    if (value.length > MAX_ENTRIES) problems.push(problem(`${field}.value`, 'arrayMaxSize', `mag hoogstens ${MAX_ENTRIES} regels bevatten`));
    value.forEach((entry, index) => {
      const at = `${field}.value.${index}`;
      if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return problems.push(problem(at, 'isObject', 'moet een object zijn'));
      const fields = new Map((question.fields ?? []).map((f) => [f.id, f]));
      for (const [key, fieldValue] of Object.entries(entry as Record<string, unknown>)) {
        const definition = fields.get(key);
        if (!definition) problems.push(problem(`${at}.${key}`, 'whitelistValidation', 'is geen toegestaan veld'));
        else {
          const bad = checkScalar(definition.type, fieldValue, `${at}.${key}`);
          if (bad) problems.push(bad);
        }
      }
    });
  }
  return problems;
}

export interface MissingAnswer {
  questionId: string;
  reason: 'onbeantwoord' | 'toelichting_ontbreekt' | 'lijst_leeg' | 'lijstregel_onvolledig' | 'verklaring_niet_gegeven';
}

/** What stands between these answers and a complete questionnaire. */
export function missingAnswers(template: QuestionnaireTemplate, answers: Record<string, Answer>): MissingAnswer[] {
  const missing: MissingAnswer[] = [];
  for (const question of questionsOf(template)) {
    const answer = answers[question.id];
    const required = question.requiredIf ? answers[question.requiredIf]?.value === true : question.required;
    if (!answer || answer.value === undefined || answer.value === '') {
      if (required) missing.push({ questionId: question.id, reason: question.type === 'list' ? 'lijst_leeg' : 'onbeantwoord' });
      continue;
    }
    if (question.type === 'yes_no' && answer.value === true && question.explanationOnYes && !answer.explanation?.trim()) {
      missing.push({ questionId: question.id, reason: 'toelichting_ontbreekt' });
    }
    if (question.type === 'declaration' && answer.value !== true) missing.push({ questionId: question.id, reason: 'verklaring_niet_gegeven' });
    if (question.type === 'list') {
      const entries = answer.value as Record<string, unknown>[];
      if (required && entries.length === 0) missing.push({ questionId: question.id, reason: 'lijst_leeg' });
      const incomplete = entries.some((entry) => (question.fields ?? []).some((f) => f.required && (entry[f.id] === undefined || entry[f.id] === '')));
      if (incomplete) missing.push({ questionId: question.id, reason: 'lijstregel_onvolledig' });
    }
  }
  return missing;
}

const OWN_QUESTION_MARKINGS: Record<string, string> = {
  gemeente: 'Vraag van de gemeente zelf',
  provincie: 'Vraag van de provincie zelf',
  waterschap: 'Vraag van het waterschap zelf',
  openbaar_lichaam: 'Vraag van het openbaar lichaam zelf',
};
/** How a question of the organisation's own is marked to the candidate, in the words of its kind. */
export const ownQuestionMarking = (organisationKind: string): string => OWN_QUESTION_MARKINGS[organisationKind] ?? 'Vraag van de organisatie zelf';
