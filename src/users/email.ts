import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/app-error';

/**
 * Scripts whose letters are told apart from Latin ones by people only with difficulty, or not at
 * all (Cyrillic "е" and Latin "e"). Letters of other scripts count as a script of their own too.
 */
const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Cherokee', 'Hebrew', 'Arabic', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Devanagari'] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((script) => ({ script, pattern: new RegExp(`\\p{Script=${script}}`, 'u') }));

function scriptOf(letter: string): string {
  return SCRIPT_PATTERNS.find(({ pattern }) => pattern.test(letter))?.script ?? 'Other';
}

/** The scripts of the letters in `text` (digits, punctuation and marks belong to none). */
export function scriptsOf(text: string): Set<string> {
  const scripts = new Set<string>();
  for (const char of text) if (/\p{L}/u.test(char)) scripts.add(scriptOf(char));
  return scripts;
}

/** Why an address is refused, or null: a local part or a domain label that mixes scripts. */
export function mixedScriptProblem(email: string): string | null {
  const at = email.lastIndexOf('@');
  const parts = at < 0 ? [email] : [email.slice(0, at), ...email.slice(at + 1).split('.')];
  return parts.some((part) => scriptsOf(part).size > 1)
    ? 'mag geen letters uit verschillende schriften mengen (zoals een Cyrillische "е" tussen Latijnse letters); typ het adres opnieuw'
    : null;
}

/**
 * The one form of an e-mail address the service stores and compares: Unicode NFKC (so full-width
 * and compatibility characters become their plain forms), trimmed, lower-cased. An address that
 * mixes scripts in its local part or a domain label is refused: it is made to look like another.
 */
export function normaliseEmail(email: string, field = 'email'): string {
  const normalised = email.normalize('NFKC').trim().toLowerCase();
  const problem = mixedScriptProblem(normalised);
  if (problem) {
    throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'VALIDATION_FAILED', `Het e-mailadres ${problem}.`, [
      { field, problems: [{ constraint: 'singleScript', message: problem }] },
    ]);
  }
  return normalised;
}

/** For looking an address up (sign-in): the same form, without refusing; a mixed address simply matches nobody. */
export const comparableEmail = (email: string): string => email.normalize('NFKC').trim().toLowerCase();
