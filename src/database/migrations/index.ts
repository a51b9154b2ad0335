import { Foundation1764000000000 } from './1764000000000-foundation';

/** Every migration, in order. Listed explicitly so the same list runs from ts-jest and from dist/. */
export const MIGRATIONS = [Foundation1764000000000];
