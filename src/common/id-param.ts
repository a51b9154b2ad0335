import { ParseUUIDPipe } from '@nestjs/common';
import { notFound } from './app-error';

/** A path id that must be a UUID; a malformed one answers like a missing object (404), never 400. */
export const idParam = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => notFound(what) });

/** A UUID in its canonical text form, as PostgreSQL's uuid type accepts it. */
export const UUID_PATTERN = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
