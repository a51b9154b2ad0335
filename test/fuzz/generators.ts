import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { inDays } from '../support/cases';
import { looksLikeLeak } from './oracle';

/** JSON as the fuzzer writes it: besides plain values, raw text (1e309, -0, 10 000 brackets) and objects with repeated keys. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json } | Raw | DupKeys;

/** Written into the JSON text as is. */
export class Raw {
  constructor(readonly text: string) {}
}

/** An object whose keys may repeat, as JSON text allows and JSON.parse resolves (the last one wins). */
export class DupKeys {
  constructor(readonly entries: [string, Json][]) {}
}

export function toJson(value: Json): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof DupKeys) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  // A key whose value is undefined is left out, as JSON.stringify does.
  if (value && typeof value === 'object') return `{${Object.keys(value).filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${toJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** An object with an own property of any name, `__proto__` included (a literal would set the prototype). */
export function withKey(target: Record<string, Json>, key: string, value: Json): Record<string, Json> {
  const copy: Record<string, Json> = {};
  for (const k of Object.keys(target)) Object.defineProperty(copy, k, { value: target[k], enumerable: true, writable: true, configurable: true });
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Strings that have broken services before: control and direction characters, broken surrogates, injection attempts, odd Unicode. */
export const NASTY_STRINGS: string[] = [
  '\u0000',
  'a\u0000b',
  '\u202Eevil.exe',
  'naam\u202Egpj.exe',
  '\u200F\u200E\u2066\u2069\u061C',
  '\uD800',
  '\uDFFF',
  'a\uD83Db',
  '\uDC00\uD800',
  '\uFEFF',
  '\uFFFE\uFFFF',
  '\u0007\u0008\u001B[31m',
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '"; --',
  '\\',
  '\\u0000',
  '%00',
  '%s%s%n',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\r\nSet-Cookie: x=y',
  '\t',
  ' ',
  '   ',
  'Ünïcödé',
  'İıŞ',
  'ß',
  'ﬃ',
  '𝕏𝕐',
  '👩‍👩‍👧‍👦',
  'Z̸̢͓̈́a̷l̴g̶o̵',
  '\u0301',
  '日本語テキスト',
  'العربية',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'toString',
];

/** Free text between min and max length (UTF-16 code units, as the validators count), often nasty. */
export function text(min: number, max: number): fc.Arbitrary<string> {
  const cap = Math.min(max, 60);
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: cap, unit: 'grapheme' }) },
      { weight: 2, arbitrary: fc.string({ minLength: min, maxLength: cap, unit: 'binary' }) },
      { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
      { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...NASTY_STRINGS)).map(([a, b]) => `${a}${b}${a}`) },
      { weight: 1, arbitrary: fc.constant('x'.repeat(max)) },
    )
    .filter((s) => !looksLikeLeak(s))
    .map((s) => (s.length < min ? s.padEnd(min, 'x') : s.slice(0, max)));
}

/** A calendar date the validators accept (2000 to 2100), mostly around today. */
export const calendarDate = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min: -30, max: 120 }).map(inDays),
    fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  );

/** Strings that look like dates and are not, or are at the edges. */
export const ODD_DATES = ['2026-02-30', '2026-13-01', '2026-00-10', '0000-01-01', '0099-12-31', '1999-12-31', '2101-01-01', '9999-12-31', '+275760-09-13', '2026-1-1', '2026-01-01T00:00:00Z', '20260101', '٢٠٢٦-٠١-٠١', '2026-01-01\u0000', ' 2026-01-01', ''];

export const emailAddress = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.emailAddress().filter((e) => e.length <= 254),
    fc.constantFrom('a@b.nl', 'Jan.De.Vries@Example.NL', 'x+tag@example.nl', '"quoted"@example.nl', 'ünï@example.nl'),
  );

/** A different JSON type for a value: the near-valid "wrong type". */
export const WRONG_TYPES: Json[] = [0, -1, 1.5, 1e308, new Raw('-0'), new Raw('1e309'), new Raw('-1e309'), new Raw('1e-400'), new Raw('123456789012345678901234567890'), true, false, null, '', 'tekst', [], [1, 2], ['a'], {}, { a: 1 }, [{}], 'NaN'];

export const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'a.b', '$where', 'id', 'organisationId', 'roles', 'admin', 'isAdmin', '\u202Ekey', 'k\u0000ey'];

/** Nesting `depth` deep, as raw text (JSON.stringify would recurse). */
export const deepArray = (depth: number) => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
export const deepObject = (depth: number) => new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

export interface BodyBytes {
  contentType?: string;
  bytes: Buffer;
  headers?: Record<string, string>;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const json = (s: string, contentType = 'application/json'): BodyBytes => ({ contentType, bytes: utf8(s) });

/** The first string field of a body, to put odd things into it. */
function firstStringField(body: Json | undefined): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body) || body instanceof Raw || body instanceof DupKeys) return undefined;
  return Object.keys(body).find((k) => typeof body[k] === 'string');
}

function replaceField(body: Json | undefined, field: string | undefined, raw: string): string {
  if (!field || !body || typeof body !== 'object' || Array.isArray(body)) return `{"veld":${raw}}`;
  const replaced = { ...(body as Record<string, Json>), [field]: new Raw(raw) };
  return toJson(replaced);
}

/**
 * Hostile bodies, made from the route's valid body where one exists: broken JSON and JSON that
 * is valid but means harm (prototype keys, duplicate keys, deep nesting, huge or odd numbers),
 * wrong media types and encodings, invalid UTF-8, and bodies at and over the size limit.
 */
export const HOSTILE_BODIES: { name: string; make: (valid: Json | undefined) => BodyBytes }[] = [
  { name: 'empty with JSON type', make: () => json('') },
  { name: 'whitespace only', make: () => json(' \n\t ') },
  { name: 'JSON null', make: () => json('null') },
  { name: 'JSON string', make: () => json('"tekst"') },
  { name: 'JSON number', make: () => json('1e309') },
  { name: 'JSON true', make: () => json('true') },
  { name: 'empty array', make: () => json('[]') },
  { name: 'array of the valid body', make: (v) => json(`[${toJson(v ?? {})},${toJson(v ?? {})}]`) },
  { name: 'truncated', make: (v) => json(toJson(v ?? { a: 1 }).slice(0, -1)) },
  { name: 'trailing comma', make: (v) => json(toJson(v ?? { a: 1 }).replace(/}$/, ',}')) },
  { name: 'single quotes', make: () => json("{'a': 'b'}") },
  { name: 'NaN literal', make: () => json('{"a": NaN, "b": Infinity}') },
  { name: 'comment', make: (v) => json(`/* x */ ${toJson(v ?? {})}`) },
  { name: 'BOM before JSON', make: (v) => ({ contentType: 'application/json', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(toJson(v ?? {}))]) }) },
  { name: '__proto__ key', make: (v) => json(toJson(withKey((v as Record<string, Json>) ?? {}, '__proto__', { isAdmin: true, roles: ['beheerder'], hold: true }))) },
  { name: 'constructor.prototype key', make: (v) => json(toJson(withKey((v as Record<string, Json>) ?? {}, 'constructor', { prototype: { polluted: 'ja' } }))) },
  { name: 'nested __proto__', make: (v) => json(toJson(withKey((v as Record<string, Json>) ?? {}, 'x', new Raw('{"__proto__":{"polluted":"ja"}}')))) },
  {
    name: 'duplicate keys',
    make: (v) => {
      const field = firstStringField(v) ?? 'a';
      const entries = Object.entries((v as Record<string, Json>) ?? {});
      return json(toJson(new DupKeys([...entries, [field, { $ne: null }], [field, new Raw('1e309')]])));
    },
  },
  { name: 'duplicate keys, valid last', make: (v) => json(toJson(new DupKeys([[firstStringField(v) ?? 'a', [1, 2, 3]], ...Object.entries((v as Record<string, Json>) ?? {})]))) },
  { name: 'nesting 10000 deep (array)', make: () => json(deepArray(10_000).text) },
  { name: 'nesting 10000 deep in a field', make: (v) => json(replaceField(v, firstStringField(v), deepObject(10_000).text)) },
  { name: 'nesting 100 deep in a field', make: (v) => json(replaceField(v, firstStringField(v), deepArray(100).text)) },
  { name: 'huge number in a field', make: (v) => json(replaceField(v, firstStringField(v), '1e309')) },
  { name: 'minus zero in a field', make: (v) => json(replaceField(v, firstStringField(v), '-0')) },
  { name: 'NUL escapes', make: (v) => json(replaceField(v, firstStringField(v), '"a\\u0000b\\u0000"')) },
  { name: 'NUL in a key', make: (v) => json(toJson(withKey((v as Record<string, Json>) ?? {}, 'a\u0000b', 1))) },
  { name: 'lone surrogate escapes', make: (v) => json(replaceField(v, firstStringField(v), '"\\ud800x\\udfff"')) },
  { name: 'RTL override', make: (v) => json(replaceField(v, firstStringField(v), JSON.stringify('\u202Eredro\u202C'))) },
  {
    name: 'invalid UTF-8 in a string',
    make: (v) => {
      const text = replaceField(v, firstStringField(v), '"__BYTES__"');
      const [before, after] = text.split('__BYTES__');
      return { contentType: 'application/json', bytes: Buffer.concat([utf8(before), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]), utf8(after)]) };
    },
  },
  { name: 'invalid UTF-8 outside strings', make: () => ({ contentType: 'application/json', bytes: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }) },
  { name: '1 MB string (under the limit)', make: (v) => json(replaceField(v, firstStringField(v), JSON.stringify('a'.repeat(1_000_000)))) },
  { name: '2 MB string (over the limit)', make: (v) => json(replaceField(v, firstStringField(v), JSON.stringify('a'.repeat(2_000_000)))) },
  { name: '100 000 array items', make: (v) => json(replaceField(v, firstStringField(v), `[${new Array(100_000).fill('0').join(',')}]`)) },
  { name: 'text/plain', make: (v) => json(toJson(v ?? {}), 'text/plain') },
  { name: 'form encoded', make: () => ({ contentType: 'application/x-www-form-urlencoded', bytes: utf8('a=1&a=2&__proto__[x]=1&roles[]=beheerder') }) },
  { name: 'multipart', make: () => ({ contentType: 'multipart/form-data; boundary=xyz', bytes: utf8('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--\r\n') }) },
  { name: 'charset utf-16', make: (v) => ({ contentType: 'application/json; charset=utf-16', bytes: Buffer.from(toJson(v ?? {}), 'utf16le') }) },
  { name: 'charset latin1', make: (v) => json(toJson(v ?? {}), 'application/json; charset=latin1') },
  { name: 'unknown charset', make: (v) => json(toJson(v ?? {}), 'application/json; charset=x-unknown') },
  { name: 'vendor JSON type', make: (v) => json(toJson(v ?? {}), 'application/vnd.api+json') },
  { name: 'upper-case JSON type', make: (v) => json(toJson(v ?? {}), 'APPLICATION/JSON') },
  { name: 'malformed content type', make: (v) => json(toJson(v ?? {}), 'application/json; ;; charset="') },
  { name: 'PDF type with JSON', make: (v) => json(toJson(v ?? {}), 'application/pdf') },
  { name: 'no content type', make: (v) => ({ bytes: utf8(toJson(v ?? {})) }) },
  { name: 'gzip, valid JSON', make: (v) => ({ contentType: 'application/json', bytes: gzipSync(utf8(toJson(v ?? {}))), headers: { 'content-encoding': 'gzip' } }) },
  { name: 'gzip, garbage', make: (v) => ({ contentType: 'application/json', bytes: utf8(toJson(v ?? {})), headers: { 'content-encoding': 'gzip' } }) },
  { name: 'gzip bomb (10 MB of zeros)', make: () => ({ contentType: 'application/json', bytes: gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)), headers: { 'content-encoding': 'gzip' } }) },
  { name: 'unknown content encoding', make: (v) => ({ contentType: 'application/json', bytes: utf8(toJson(v ?? {})), headers: { 'content-encoding': 'x-fuzz' } }) },
];

/** Path segments instead of a real id: malformed, encoded, overlong, or the real id bent. */
export const HOSTILE_IDS: { name: string; make: (real: string) => string }[] = [
  { name: 'not a uuid', make: () => 'geen-uuid' },
  { name: 'nil uuid', make: () => '00000000-0000-0000-0000-000000000000' },
  { name: 'max uuid', make: () => 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
  { name: 'upper case', make: (real) => real.toUpperCase() },
  { name: 'braces', make: (real) => encodeURIComponent(`{${real}}`) },
  { name: 'without dashes', make: (real) => real.replace(/-/g, '') },
  { name: 'trailing NUL', make: (real) => `${real}%00` },
  { name: 'NUL', make: () => '%00' },
  { name: 'trailing space', make: (real) => `${real}%20` },
  { name: 'encoded slashes', make: () => '..%2F..%2Fetc%2Fpasswd' },
  { name: 'encoded dots', make: () => '%2e%2e' },
  { name: 'broken percent encoding', make: () => '%E0%A4%A' },
  { name: 'overlong UTF-8', make: () => '%C0%AF' },
  { name: 'RTL mark', make: (real) => `%E2%80%AE${real}` },
  { name: 'lone surrogate (CESU)', make: () => '%ED%A0%80' },
  { name: 'SQL', make: () => encodeURIComponent("' OR 1=1 --") },
  { name: '__proto__', make: () => '__proto__' },
  { name: 'constructor', make: () => 'constructor' },
  { name: 'number', make: () => '1e309' },
  { name: 'array syntax', make: () => '%5B%5D' },
  { name: '5000 characters', make: () => 'a'.repeat(5000) },
  { name: '20000 characters', make: () => 'a'.repeat(20_000) },
];

/** Query strings beside or instead of the valid one. */
export const HOSTILE_QUERIES: { name: string; make: (valid: string) => string }[] = [
  { name: 'repeated parameters', make: (q) => (q ? `${q}&${q}` : 'a=1&a=2') },
  { name: 'array syntax', make: (q) => (q ? q.replace(/^([^=&]+)=/, '$1[]=') : 'a[]=1') },
  { name: 'object syntax', make: (q) => (q ? q.replace(/^([^=&]+)=/, '$1[x]=') : 'a[x]=1') },
  { name: '__proto__ parameter', make: (q) => `${q ? `${q}&` : ''}__proto__[x]=1&constructor[prototype][y]=1` },
  { name: 'unknown parameter', make: (q) => `${q ? `${q}&` : ''}onbekend=1` },
  { name: 'NUL value', make: (q) => (q ? q.replace(/=([^&]*)/, '=$1%00') : 'a=%00') },
  { name: 'broken percent encoding', make: (q) => (q ? q.replace(/=([^&]*)/, '=%E0%A4%A') : 'a=%E0%A4%A') },
  { name: 'empty values', make: (q) => (q ? q.replace(/=[^&]*/g, '=') : '=') },
  { name: 'names only', make: (q) => (q ? q.replace(/=[^&]*/g, '') : '&&&') },
  { name: 'long value', make: (q) => (q ? q.replace(/=([^&]*)/, `=${'a'.repeat(8000)}`) : `a=${'a'.repeat(8000)}`) },
  { name: 'RTL value', make: (q) => (q ? q.replace(/=([^&]*)/, '=%E2%80%AE$1') : 'a=%E2%80%AE') },
  { name: 'SQL value', make: (q) => (q ? q.replace(/=([^&]*)/, `=${encodeURIComponent("' OR 1=1 --")}`) : `a=${encodeURIComponent("' OR 1=1 --")}`) },
];

/** The part of an OpenAPI schema the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  additionalProperties?: boolean | Schema;
}

export type OpenApi = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: { name: string; in: string }[] }>>; components?: { schemas?: Record<string, Schema> } };

export function resolveSchema(schema: Schema | undefined, doc: OpenApi): Schema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

type Path = (string | number)[];
const REMOVE = Symbol('remove');

/** A copy of `root` with the value at `path` replaced (or removed); `__proto__` stays an own key. */
export function setAt(root: Json, path: Path, value: Json | typeof REMOVE): Json {
  if (path.length === 0) return value === REMOVE ? {} : value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = root.slice();
    if (rest.length === 0 && value === REMOVE) copy.splice(Number(head), 1);
    else copy[Number(head)] = setAt(copy[Number(head)], rest, value);
    return copy;
  }
  const object = root && typeof root === 'object' && !(root instanceof Raw) && !(root instanceof DupKeys) ? (root as Record<string, Json>) : {};
  const copy: Record<string, Json> = {};
  for (const k of Object.keys(object)) if (!(k === String(head) && rest.length === 0 && value === REMOVE)) Object.defineProperty(copy, k, { value: object[k], enumerable: true, writable: true, configurable: true });
  if (!(rest.length === 0 && value === REMOVE)) {
    Object.defineProperty(copy, String(head), { value: setAt(object[String(head)] ?? null, rest, value), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

interface Slot {
  path: Path;
  value: Json;
  schema?: Schema;
  required: boolean;
}

function slotsOf(value: Json, schema: Schema | undefined, doc: OpenApi, path: Path, required: boolean, out: Slot[]): Slot[] {
  const s = resolveSchema(schema, doc);
  out.push({ path, value, schema: s, required });
  if (Array.isArray(value)) value.slice(0, 3).forEach((item, i) => slotsOf(item, s?.items, doc, [...path, i], false, out));
  else if (value && typeof value === 'object' && !(value instanceof Raw) && !(value instanceof DupKeys)) {
    for (const key of Object.keys(value)) {
      const child = s?.properties?.[key] ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined);
      slotsOf(value[key], child, doc, [...path, key], s?.required?.includes(key) ?? false, out);
    }
  }
  return out;
}

const label = (path: Path) => (path.length ? path.join('.') : '(body)');

/**
 * One near-valid change to a valid body: a field removed (a required one, or any), given another
 * JSON type, made huge, empty, nasty or out of its enum, a date made impossible, an unknown field
 * added, an object made an array and the other way round.
 */
export function nearValid(valid: Json, schema: Schema | undefined, doc: OpenApi): fc.Arbitrary<{ name: string; body: Json }> {
  const ops: fc.Arbitrary<{ name: string; body: Json }>[] = [];
  const change = (slot: Slot, name: string, replacement: fc.Arbitrary<Json>) =>
    ops.push(replacement.map((r) => ({ name: `${label(slot.path)}: ${name}`, body: setAt(valid, slot.path, r) })));
  for (const slot of slotsOf(valid, schema, doc, [], false, [])) {
    const { value, path } = slot;
    if (path.length > 0) ops.push(fc.constant({ name: `${label(path)}: ${slot.required ? 'required field missing' : 'removed'}`, body: setAt(valid, path, REMOVE) }));
    change(slot, 'wrong type', fc.constantFrom(...WRONG_TYPES));
    if (typeof value === 'string') {
      change(slot, 'nasty text', text(0, 80));
      change(slot, 'huge text', fc.constantFrom(10_000, 100_000, 1_000_000).map((n) => 'x'.repeat(n)));
      change(slot, 'empty', fc.constant(''));
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) change(slot, 'odd date', fc.constantFrom(...ODD_DATES));
      if (slot.schema?.enum) change(slot, 'outside the enum', fc.constantFrom(value.toUpperCase(), ` ${value}`, `${value}\u0000`, `${value}\u202E`, 'onbekend', ''));
    }
    if (typeof value === 'number') change(slot, 'odd number', fc.constantFrom<Json>(-1, 0, 2 ** 31, 2 ** 53 + 2, 1.5, new Raw('1e309'), new Raw('-0'), new Raw('1E2'), '1', [1]));
    if (typeof value === 'boolean') change(slot, 'boolean as text', fc.constantFrom<Json>('true', 'false', 1, 0, 'ja'));
    if (Array.isArray(value)) {
      change(slot, 'empty list', fc.constant([]));
      change(slot, 'huge list', fc.constantFrom<Json>(new Array(1000).fill(value[0] ?? 'x'), new Array(20_000).fill(0)));
      change(slot, 'object instead of list', fc.constant({ '0': value[0] ?? null }));
      change(slot, 'duplicate items', fc.constant([...value, ...value]));
    } else if (value && typeof value === 'object' && !(value instanceof Raw) && !(value instanceof DupKeys)) {
      ops.push(
        fc.tuple(fc.constantFrom(...EXTRA_KEYS), fc.constantFrom(...WRONG_TYPES)).map(([key, extra]) => ({
          name: `${label(path)}: unknown field ${JSON.stringify(key)}`,
          body: path.length ? setAt(valid, path, withKey(value as Record<string, Json>, key, extra)) : withKey(value as Record<string, Json>, key, extra),
        })),
      );
      change(slot, 'list instead of object', fc.constant([value]));
      change(slot, 'empty object', fc.constant({}));
    }
  }
  return fc.oneof(...ops);
}

/** Files for POST /reports/verify: the real report, broken and bent copies of it, and things that only look like a PDF. */
export function pdfBodies(real: Buffer): { name: string; make: () => BodyBytes }[] {
  const pdf = (bytes: Buffer, contentType = 'application/pdf'): BodyBytes => ({ contentType, bytes });
  const flip = (at: number) => {
    const copy = Buffer.from(real);
    copy[at] ^= 0xff;
    return copy;
  };
  const text = real.toString('latin1');
  const contents = text.indexOf('/Contents <');
  const byteRange = text.indexOf('/ByteRange [');
  const replaceAt = (index: number, length: number, replacement: string) =>
    index < 0 ? Buffer.from(real) : Buffer.concat([real.subarray(0, index), Buffer.from(replacement, 'latin1'), real.subarray(index + length)]);
  return [
    { name: 'the real report', make: () => pdf(real) },
    { name: 'first half', make: () => pdf(real.subarray(0, real.length >> 1)) },
    { name: 'first kilobyte', make: () => pdf(real.subarray(0, 1024)) },
    { name: 'a byte flipped in the middle', make: () => pdf(flip(real.length >> 1)) },
    { name: 'a byte flipped in the signature', make: () => pdf(flip(contents > 0 ? contents + 40 : 10)) },
    { name: 'garbage after %%EOF', make: () => pdf(Buffer.concat([real, Buffer.from('\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n')])) },
    { name: 'ByteRange with negative numbers', make: () => pdf(replaceAt(byteRange, 12, '/ByteRange [-1 -5 ')) },
    { name: 'ByteRange past the end', make: () => pdf(replaceAt(byteRange, 12, '/ByteRange [0 99999999999 ')) },
    { name: 'signature contents not hex', make: () => pdf(replaceAt(contents, 11, '/Contents <zz')) },
    { name: 'minimal PDF', make: () => pdf(Buffer.from('%PDF-1.7\n%%EOF\n')) },
    { name: 'PDF header, random rest', make: () => pdf(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x41)])) },
    { name: 'fake signature dictionary', make: () => pdf(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Sig /ByteRange [0 10 20 10] /Contents <3082> >> endobj\n%%EOF\n')) },
    { name: 'no bytes', make: () => pdf(Buffer.alloc(0)) },
    { name: 'over 5 MB', make: () => pdf(Buffer.concat([real, Buffer.alloc(5 * 1024 * 1024, 0x20)])) },
    { name: 'JSON type', make: () => pdf(real, 'application/json') },
    { name: 'no type', make: () => ({ bytes: real }) },
    { name: 'PDF type with parameters', make: () => pdf(real, 'application/pdf; charset=utf-8') },
    { name: 'gzip-encoded', make: () => ({ contentType: 'application/pdf', bytes: gzipSync(real), headers: { 'content-encoding': 'gzip' } }) },
    { name: 'NUL bytes', make: () => pdf(Buffer.alloc(2048, 0)) },
  ];
}

/** A copy of the real report with a few bytes changed at random places. */
export const bentPdf = (real: Buffer): fc.Arbitrary<Buffer> =>
  fc.array(fc.tuple(fc.nat({ max: real.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((changes) => {
    const copy = Buffer.from(real);
    for (const [at, byte] of changes) copy[at] = byte;
    return copy;
  });
