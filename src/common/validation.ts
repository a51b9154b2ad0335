import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';

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

export interface FieldProblem {
  field: string;
  problems: { constraint: string; message: string }[];
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      out.push({
        field,
        problems: Object.keys(error.constraints).map((constraint) => ({
          constraint,
          message: DUTCH[constraint] ?? 'is ongeldig',
        })),
      });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** Whitelisting, unknown fields refused, types transformed; every failure as VALIDATION_FAILED. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new AppError(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        `De invoer is ongeldig: ${details.map((d) => `${d.field} ${d.problems.map((p) => p.message).join(', ')}`).join('; ')}.`,
        details,
      );
    },
  });
}
