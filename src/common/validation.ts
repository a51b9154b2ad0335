import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidateIf } from 'class-validator';
import { AppError } from './app-error';
import { allowedValues, fieldLabel } from './field-labels';

const DUTCH: Record<string, string> = {
  whitelistValidation: 'is geen toegestaan veld',
  isDefined: 'is verplicht',
  isNotEmpty: 'mag niet leeg zijn',
  isString: 'moet tekst zijn',
  isEmail: 'moet een geldig e-mailadres zijn',
  isBoolean: 'moet waar of onwaar zijn',
  isInt: 'moet een geheel getal zijn',
  isNumber: 'moet een getal zijn',
  isUuid: 'moet een geldige id (UUID) zijn',
  isIn: 'heeft geen toegestane waarde',
  isEnum: 'heeft geen toegestane waarde',
  isArray: 'moet een lijst zijn',
  arrayNotEmpty: 'moet minstens één waarde bevatten',
  arrayUnique: 'mag geen dubbele waarden bevatten',
  isDateString: 'moet een datum zijn (JJJJ-MM-DD)',
  isISO8601: 'moet een datum zijn (JJJJ-MM-DD)',
  minLength: 'is te kort',
  maxLength: 'is te lang',
  min: 'is te klein',
  max: 'is te groot',
  matches: 'heeft niet de juiste vorm',
  nestedValidation: 'moet een object zijn',
  isObject: 'moet een object zijn',
};

const dutchOf = (context: unknown): string | undefined =>
  context && typeof context === 'object' && typeof (context as { dutch?: unknown }).dutch === 'string' ? (context as { dutch: string }).dutch : undefined;

export interface FieldProblem {
  field: string;
  /** The field's Dutch name, as people see it on the form (src/common/field-labels.ts). */
  label?: string;
  problems: { constraint: string; message: string }[];
}

/** Nothing entered: no value, or only spaces. */
const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The values an isIn/isEnum constraint of the validated class allows, read from class-validator's own metadata. */
function allowedBy(target: object | undefined, property: string, constraint: string): readonly unknown[] | undefined {
  if (!target || (constraint !== 'isIn' && constraint !== 'isEnum')) return undefined;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === property && m.name === constraint);
  const values = constraint === 'isIn' ? metadata?.constraints?.[0] : metadata?.constraints?.[1];
  return Array.isArray(values) ? values : undefined;
}

/** The Dutch message of one failed constraint. */
function dutchMessage(error: ValidationError, constraint: string): string {
  // A DTO may give its own Dutch wording: `{ context: { dutch: '…' } }` on the decorator.
  const own = dutchOf(error.contexts?.[constraint]);
  if (own) return own;
  // An empty field is missing, not too short or malformed.
  if (isEmpty(error.value) && ['isDefined', 'isNotEmpty', 'minLength', 'isString', 'arrayNotEmpty', 'matches', 'isEmail'].includes(constraint)) return 'is verplicht';
  const allowed = allowedBy(error.target, error.property, constraint);
  if (allowed?.length) return `heeft geen toegestane waarde; kies ${allowedValues(allowed)}`;
  return DUTCH[constraint] ?? 'is ongeldig';
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const problems = Object.keys(error.constraints).map((constraint) => ({ constraint, message: dutchMessage(error, constraint) }));
      // "is verplicht" says it all: no "moet tekst zijn" beside it.
      const required = problems.find((p) => p.message === 'is verplicht');
      // A DTO may name its field itself where the shared name does not fit: `{ context: { label: '…' } }`.
      const own = Object.values(error.contexts ?? {}).map((c) => (c && typeof c === 'object' ? (c as { label?: unknown }).label : undefined)).find((l): l is string => typeof l === 'string');
      out.push({ field, label: own ?? fieldLabel(field), problems: required ? [required] : problems });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** "E-mailadres moet een geldig e-mailadres zijn; Wachtwoord is verplicht": the problems in one Dutch sentence. */
export function describeProblems(details: FieldProblem[]): string {
  return details.map((d) => `${d.label ?? fieldLabel(d.field)} ${d.problems.map((p) => p.message).join(', ')}`).join('; ');
}

/** Whitelisting, unknown fields refused, types transformed; every failure as VALIDATION_FAILED. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Target and value let the messages tell empty from invalid and name the allowed values;
    // neither leaves this factory (the answer carries only field, label and problems).
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new AppError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `De invoer is ongeldig: ${describeProblems(details)}.`, details);
    },
  });
}

/** Deeper than any body of ours (the questionnaire's list entries are five levels down). */
export const MAX_JSON_DEPTH = 32;

/** Keys that reach an object's prototype when code copies a parsed body field by field. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** With the u flag a surrogate pair is one code point, so this matches only a surrogate without its partner. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function badCharacter(text: string): { constraint: string; message: string } | null {
  if (text.includes('\u0000')) return { constraint: 'noNulCharacter', message: 'bevat een ongeldig teken (NUL)' };
  if (LONE_SURROGATE.test(text)) return { constraint: 'isWellFormedText', message: 'bevat ongeldige Unicode-tekens' };
  return null;
}

/** A field name from the caller, fit to repeat in an answer: no control characters, not overlong. */
const printable = (field: string) => field.replace(/\p{Cc}/gu, '?').slice(0, 120) || '(leeg)';

/**
 * What no DTO can check, in one walk over a parsed JSON body (iterative, so depth itself cannot
 * overflow the stack): nesting deeper than MAX_JSON_DEPTH, which the recursive transformers and
 * validators behind it would not survive; prototype keys; the NUL character, which no PostgreSQL
 * text can hold; and lone surrogates (\ud800 in JSON), which are no text at all: the e-mail
 * validator throws on them, and the database would silently store U+FFFD instead.
 * Returns the first problem, or null.
 */
export function jsonBodyProblem(body: unknown): FieldProblem | null {
  const problem = (field: string, constraint: string, message: string): FieldProblem => ({ field: printable(field), problems: [{ constraint, message }] });
  const stack: { value: unknown; field: string; depth: number }[] = [{ value: body, field: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, field, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const bad = badCharacter(value);
      if (bad) return problem(field || 'body', bad.constraint, bad.message);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return problem(field || 'body', 'maxDepth', `is te diep genest (hoogstens ${MAX_JSON_DEPTH} niveaus)`);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], field: field ? `${field}.${i}` : String(i), depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = field ? `${field}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return problem(child, 'whitelistValidation', DUTCH.whitelistValidation);
      const bad = badCharacter(key);
      if (bad) return problem(child, bad.constraint, bad.message);
      stack.push({ value: (value as Record<string, unknown>)[key], field: child, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Express middleware after the JSON parser: a body with one of jsonBodyProblem's problems, or a
 * query string with a NUL character (which would reach a query as a parameter), is refused as
 * VALIDATION_FAILED before any route, guard or pipe sees it.
 */
export function rejectUnsafeInput(req: { body?: unknown; query?: unknown }, _res: unknown, next: (error?: unknown) => void): void {
  const problem = (req.body !== undefined && typeof req.body === 'object' ? jsonBodyProblem(req.body) : null) ?? queryProblem(req.query);
  if (!problem) return next();
  next(new AppError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `De invoer is ongeldig: ${problem.field} ${problem.problems[0].message}.`, [problem]));
}

function queryProblem(query: unknown): FieldProblem | null {
  if (!query || typeof query !== 'object') return null;
  for (const [key, value] of Object.entries(query)) {
    const texts = [key, ...(Array.isArray(value) ? value : [value])].filter((v): v is string => typeof v === 'string');
    if (texts.some((t) => t.includes('\u0000'))) return { field: printable(key), problems: [{ constraint: 'noNulCharacter', message: 'bevat een ongeldig teken (NUL)' }] };
  }
  return null;
}

/** Optional, but not null: an absent field is skipped, a null one is checked (and refused) like any other value. */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== undefined);
