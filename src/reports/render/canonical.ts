import { createHash } from 'node:crypto';
import type { ReportContent } from '../report-model';

/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort does) and no
 * whitespace, so equal content always gives equal bytes whatever order its keys were built in.
 * Otherwise JSON semantics: undefined members are left out, undefined array items and
 * non-finite numbers become null.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const members = Object.keys(object)
      .filter((key) => object[key] !== undefined && typeof object[key] !== 'function')
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`cannot canonicalise a ${typeof value}`);
}

/** The fingerprint a binding carries of the content it was rendered from: SHA-256 hex of the canonical JSON. */
export function canonicalContentSha256(content: ReportContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
