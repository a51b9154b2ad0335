import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { AppError, ErrorBody, ErrorCode, PROBLEM_TITLES, problemType } from './app-error';
import { traceIdFor } from './trace';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

const MESSAGE_BY_STATUS: Record<number, string> = {
  400: 'Het verzoek is ongeldig.',
  401: 'U bent niet aangemeld, of uw aanmelding is verlopen.',
  403: 'U heeft geen toestemming voor deze handeling.',
  404: 'Dit adres bestaat niet.',
  405: 'Dit adres bestaat niet.',
  409: 'Het verzoek botst met de huidige toestand.',
  413: 'Het verzoek is te groot.',
  422: 'Het verzoek kan niet worden verwerkt.',
  429: 'Te veel verzoeken; probeer het later opnieuw.',
  503: 'De dienst is tijdelijk niet beschikbaar; probeer het later opnieuw.',
};

const DATABASE_UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

/**
 * The database was unreachable or dropped the connection. When a connection reports its error
 * between two queries of a transaction (the server shut down or ended the backend), TypeORM
 * releases the transaction's query runner at once, and the next query fails with "query runner
 * already released" instead of the connection's error; that transaction never reached COMMIT.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = error as { code?: string; message?: string; driverError?: unknown } | undefined;
  if (!candidate) return false;
  if (candidate.code && DATABASE_UNAVAILABLE_CODES.has(candidate.code)) return true;
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established/i.test(candidate.message ?? '')) return true;
  return candidate.driverError !== undefined && isDatabaseUnavailable(candidate.driverError);
}

export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } } | undefined;
  return candidate?.code === '23505' || candidate?.driverError?.code === '23505';
}

/** Deadlock and serialisation failures: nothing was committed, and the same request may simply be sent again. */
function isRetryableConflict(error: unknown): boolean {
  const candidate = error as { code?: string; driverError?: { code?: string } } | undefined;
  return ['40P01', '40001'].includes(candidate?.code ?? '') || ['40P01', '40001'].includes(candidate?.driverError?.code ?? '');
}

type BareErrorBody = Pick<ErrorBody, 'statusCode' | 'code' | 'message' | 'details' | 'traceId'>;

/**
 * The answer to an error: RFC 9457 problem details around our own members. `instance` is the
 * path the caller asked for (without the query string, which may hold personal data).
 */
export function toErrorBody(exception: unknown, traceId: string, instance?: string): { body: ErrorBody; headers: Record<string, string> } {
  const { body, headers } = classify(exception, traceId);
  return {
    body: {
      type: problemType(body.code),
      title: PROBLEM_TITLES[body.statusCode] ?? (body.statusCode >= 500 ? PROBLEM_TITLES[500] : PROBLEM_TITLES[400]),
      status: body.statusCode,
      detail: body.message,
      ...(instance !== undefined ? { instance } : {}),
      ...body,
    },
    headers,
  };
}

/** The path of a request as RFC 9457 `instance`: as asked (an unversioned alias stays as it was sent), never the query. */
export function instanceOf(req: Request): string {
  return (req.originalUrl ?? req.url ?? '').split('?')[0].slice(0, 512);
}

/** Sends a problem-details answer. */
export function sendProblem(res: Response, body: ErrorBody, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(body.statusCode).type('application/problem+json').send(JSON.stringify(body));
}

function classify(exception: unknown, traceId: string): { body: BareErrorBody; headers: Record<string, string> } {
  if (exception instanceof AppError) {
    return {
      body: { statusCode: exception.getStatus(), code: exception.code, message: exception.message, ...(exception.details !== undefined ? { details: exception.details } : {}), traceId },
      headers: exception.headers ?? {},
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const headers: Record<string, string> = {};
    if (status === 429) headers['Retry-After'] = '60';
    return {
      body: { statusCode: status, code: CODE_BY_STATUS[status] ?? 'ERROR', message: MESSAGE_BY_STATUS[status] ?? 'Het verzoek is mislukt.', traceId },
      headers,
    };
  }
  const bodyParserError = exception as { type?: string; status?: number } | undefined;
  if (bodyParserError?.type === 'entity.parse.failed') {
    return { body: { statusCode: 400, code: 'MALFORMED_REQUEST', message: 'De inhoud van het verzoek is geen geldige JSON.', traceId }, headers: {} };
  }
  if (bodyParserError?.type === 'entity.too.large') {
    return { body: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: MESSAGE_BY_STATUS[413], traceId }, headers: {} };
  }
  if (typeof bodyParserError?.status === 'number' && bodyParserError.status >= 400 && bodyParserError.status < 500) {
    const status = bodyParserError.status;
    return { body: { statusCode: status, code: CODE_BY_STATUS[status] ?? 'MALFORMED_REQUEST', message: MESSAGE_BY_STATUS[status] ?? MESSAGE_BY_STATUS[400], traceId }, headers: {} };
  }
  if (isUniqueViolation(exception)) {
    // A concurrent request won the race that a service-level check could not see.
    return { body: { statusCode: 409, code: 'CONFLICT', message: 'Dit bestaat al; vernieuw de gegevens en probeer het opnieuw.', traceId }, headers: {} };
  }
  if (isRetryableConflict(exception)) {
    return { body: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'Het verzoek botste met een gelijktijdig verzoek; probeer het opnieuw.', traceId }, headers: { 'Retry-After': '1' } };
  }
  if (isDatabaseUnavailable(exception)) {
    return { body: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: MESSAGE_BY_STATUS[503], traceId }, headers: { 'Retry-After': '5' } };
  }
  return {
    body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Er ging iets mis aan onze kant. Vermeld bij contact het trace-id.', traceId },
    headers: {},
  };
}

/** One error shape for every non-2xx answer; internals go to the log (without personal data), never to the caller. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const traceId = traceIdFor(req, res);
    const { body, headers } = toErrorBody(exception, traceId, instanceOf(req));
    if (body.statusCode >= 500) logUnexpected(this.logger, exception, traceId, body.statusCode);
    if (res.headersSent) return;
    sendProblem(res, body, headers);
  }
}

/** Logs class, code and stack only: driver errors carry SQL parameters and row values, which may be personal. */
export function logUnexpected(logger: Logger, exception: unknown, traceId: string, status: number): void {
  const error = exception as { name?: string; code?: string; stack?: string } | undefined;
  const firstStackLines = error?.stack?.split('\n').slice(1, 8).join('\n');
  logger.error({ traceId, status, errorName: error?.name, errorCode: error?.code, stack: firstStackLines }, 'Unexpected error');
}

/** Express error middleware for errors raised before Nest's pipeline (body parsing). */
export function expressErrorHandler(error: unknown, req: Request, res: Response, next: (err?: unknown) => void): void {
  if (res.headersSent) return next(error);
  const traceId = traceIdFor(req, res);
  const { body, headers } = toErrorBody(error, traceId, instanceOf(req));
  sendProblem(res, body, headers);
}
