import { Answer, FieldDefinition, Question } from './types';

/**
 * The form's own model of an answer (what the inputs hold), and the conversion to and from the
 * service's answers. Amounts are typed as text ("12,50") and checked here before saving.
 */
export type FieldValue = string | boolean | undefined;

export interface Entry {
  key: number;
  values: Record<string, FieldValue>;
}

export interface Draft {
  /** yes_no: true/false/undefined; declaration: true/false; text, date, amount: the typed text. */
  value: FieldValue;
  explanation: string;
  entries: Entry[];
}

export interface LocalProblem {
  field: string;
  message: string;
}

let nextKey = 1;
export const newEntry = (): Entry => ({ key: nextKey++, values: {} });

const amountText = (value: unknown): string => (typeof value === 'number' ? String(value).replace('.', ',') : '');

function fieldFromAnswer(definition: FieldDefinition, value: unknown): FieldValue {
  if (definition.type === 'yes_no') return typeof value === 'boolean' ? value : undefined;
  if (definition.type === 'amount') return amountText(value);
  return typeof value === 'string' ? value : '';
}

export function draftFromAnswer(question: Question, answer: Answer | undefined): Draft {
  const draft: Draft = { value: undefined, explanation: answer?.explanation ?? '', entries: [] };
  const value = answer?.value;
  switch (question.type) {
    case 'yes_no':
      draft.value = typeof value === 'boolean' ? value : undefined;
      break;
    case 'declaration':
      draft.value = value === true;
      break;
    case 'amount':
      draft.value = amountText(value);
      break;
    case 'text':
    case 'date':
      draft.value = typeof value === 'string' ? value : '';
      break;
    case 'list':
      draft.entries = (Array.isArray(value) ? (value as Record<string, unknown>[]) : []).map((entry) => ({
        key: nextKey++,
        values: Object.fromEntries((question.fields ?? []).map((f) => [f.id, fieldFromAnswer(f, entry?.[f.id])])),
      }));
      break;
  }
  return draft;
}

/** "1.250,50", "1250.5", "12" → a number; undefined when it is not an amount. */
export function parseAmount(text: string): number | undefined {
  const compact = text.trim().replace(/\s|€/g, '');
  if (!/^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$|^\d+(\.\d{1,2})?$/.test(compact)) return undefined;
  const normal = /,/.test(compact) || /^\d{1,3}(\.\d{3})+$/.test(compact) ? compact.replace(/\./g, '').replace(',', '.') : compact;
  const number = Number(normal);
  return Number.isFinite(number) ? number : undefined;
}

export const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

const AMOUNT_PROBLEM = 'vul een getal in, bijvoorbeeld 8 of 12,50';
const DATE_PROBLEM = 'vul een datum in';

function fieldToAnswer(definition: FieldDefinition, value: FieldValue, field: string, problems: LocalProblem[]): unknown {
  if (definition.type === 'yes_no') return typeof value === 'boolean' ? value : undefined;
  const text = typeof value === 'string' ? value : '';
  if (text.trim() === '') return undefined;
  if (definition.type === 'amount') {
    const amount = parseAmount(text);
    if (amount === undefined) problems.push({ field, message: AMOUNT_PROBLEM });
    return amount;
  }
  if (definition.type === 'date' && !isDate(text)) problems.push({ field, message: DATE_PROBLEM });
  return text;
}

/** The service's answer for a draft (null clears it), or the problems that stop it being saved. */
export function answerFromDraft(question: Question, draft: Draft): { answer: Answer | null; problems: LocalProblem[] } {
  const field = `answers.${question.id}.value`;
  const problems: LocalProblem[] = [];
  switch (question.type) {
    case 'yes_no':
      if (draft.value === undefined) return { answer: null, problems };
      return { answer: draft.value === true && question.explanationOnYes && draft.explanation !== '' ? { value: true, explanation: draft.explanation } : { value: draft.value }, problems };
    case 'declaration':
      return { answer: draft.value === true ? { value: true } : null, problems };
    case 'text':
      return { answer: draft.value === '' ? null : { value: draft.value }, problems };
    case 'date': {
      const text = String(draft.value ?? '');
      if (text === '') return { answer: null, problems };
      if (!isDate(text)) problems.push({ field, message: DATE_PROBLEM });
      return { answer: { value: text }, problems };
    }
    case 'amount': {
      const text = String(draft.value ?? '');
      if (text.trim() === '') return { answer: null, problems };
      const amount = parseAmount(text);
      if (amount === undefined) problems.push({ field, message: AMOUNT_PROBLEM });
      return { answer: { value: amount }, problems };
    }
    case 'list': {
      if (draft.entries.length === 0) return { answer: null, problems };
      const value = draft.entries.map((entry, index) => {
        const out: Record<string, unknown> = {};
        for (const definition of question.fields ?? []) {
          const converted = fieldToAnswer(definition, entry.values[definition.id], `${field}.${index}.${definition.id}`, problems);
          if (converted !== undefined) out[definition.id] = converted;
        }
        return out;
      });
      return { answer: { value }, problems };
    }
  }
}

/** Whether a question has an answer in the form (for the counts per step). */
export function isAnswered(question: Question, draft: Draft | undefined): boolean {
  if (!draft) return false;
  switch (question.type) {
    case 'yes_no':
      return draft.value !== undefined;
    case 'declaration':
      return draft.value === true;
    case 'list':
      return draft.entries.length > 0;
    default:
      return typeof draft.value === 'string' && draft.value.trim() !== '';
  }
}

/** A list that depends on a yes/no question is shown when that is answered yes, or when it has entries. */
export function isShown(question: Question, drafts: Record<string, Draft>): boolean {
  if (!question.requiredIf) return true;
  return drafts[question.requiredIf]?.value === true || (drafts[question.id]?.entries.length ?? 0) > 0;
}

/** The question a field name of the service belongs to ("answers.nevenfuncties.lijst.value.0.rol"). */
export function questionOfField(field: string, questions: Question[]): Question | undefined {
  return questions.find((q) => field === `answers.${q.id}` || field.startsWith(`answers.${q.id}.`));
}
