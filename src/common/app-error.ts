import { HttpException, HttpStatus } from '@nestjs/common';

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNPROCESSABLE'
  | 'TOO_MANY_REQUESTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR'
  | (string & {});

/**
 * The body of every non-2xx answer: RFC 9457 problem details (`type`, `title`, `status`,
 * `detail`, `instance`, served as `application/problem+json`) with our extension members
 * `statusCode`, `code`, `message`, `details` and `traceId`, which clients read since before.
 */
export interface ErrorBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
  traceId: string;
}

/** The stable problem type of a code: one URI per code, the same on every installation. */
export const problemType = (code: string) => `urn:basisscan:probleem:${code}`;

/** A short Dutch title per status (RFC 9457 `title`: the same for every occurrence of the problem type's status). */
export const PROBLEM_TITLES: Record<number, string> = {
  400: 'Ongeldig verzoek',
  401: 'Niet aangemeld',
  403: 'Geen toestemming',
  404: 'Niet gevonden',
  405: 'Niet gevonden',
  409: 'Conflict met de huidige toestand',
  410: 'Niet meer beschikbaar',
  413: 'Verzoek te groot',
  415: 'Soort inhoud niet ondersteund',
  422: 'Verzoek niet verwerkbaar',
  429: 'Te veel verzoeken',
  500: 'Fout in de dienst',
  503: 'Dienst tijdelijk niet beschikbaar',
};

/**
 * An error meant for the caller: a stable English code for programs and a Dutch message for
 * people. Never put personal data or internals in either.
 */
export class AppError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super({ code, message, details }, status);
  }
}

export const notFound = (what = 'Het gevraagde object') => new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} bestaat niet.`);
