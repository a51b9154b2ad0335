import { ParseUUIDPipe } from '@nestjs/common';
import { notFound } from './app-error';

/** A path id that must be a UUID; a malformed one answers like a missing object (404), never 400. */
export const idParam = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => notFound(what) });
