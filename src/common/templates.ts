import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository's templates/ folder, found from both src/ (ts) and dist/src/ (built). */
export function templatesDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'templates');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('templates/ folder not found');
}

export function readTemplate<T>(relativePath: string): T {
  return JSON.parse(fs.readFileSync(path.join(templatesDir(), relativePath), 'utf8')) as T;
}

/** Fills {placeholders}; an unknown placeholder is left visible rather than silently dropped. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
