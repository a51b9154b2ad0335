import { RawResponse } from './http';

/** Traces of internals: a stack, an error class, the driver's or the database's own words. */
const STACK = [/\n\s+at\s/, /\bat [\w$.<>]+ \([^)]*:\d+:\d+\)/, /node_modules\//, /\/src\/[\w/.-]+\.(?:ts|js)\b/];
const ERROR_CLASSES = /\b(?:QueryFailedError|EntityNotFoundError|TypeORMError|TypeError|RangeError|ReferenceError|SyntaxError|DatabaseError|AggregateError|EvalError|URIError)\b/;
const DRIVER_TEXT = [
  /\bsyntax error\b/i,
  /\brelation "/i,
  /\bviolates\b/i,
  /\bduplicate key\b/i,
  /\binvalid input syntax\b/i,
  /\binvalid byte sequence\b/i,
  /\bunsupported Unicode escape\b/i,
  /\bout of range\b/i,
  /\bcolumn "/i,
  /\bcolumn\b/i,
  /\bpg_\w+/,
  /\bSQLSTATE\b/i,
  /\b(?:SELECT|INSERT|UPDATE|DELETE)\b[\s\S]{0,400}\b(?:FROM|INTO|SET|WHERE)\b/,
];
/** In a served body the caller's own fuzzed text may come back; only the unmistakable signs count there. */
const DRIVER_TEXT_IN_SERVED = [/\bsyntax error at or near\b/i, /\bviolates (?:foreign key|unique|check|not-null) constraint\b/i, /\bduplicate key value\b/i, /\brelation "\w+" does not exist\b/i];

const ERROR_KEYS = new Set(['type', 'title', 'status', 'detail', 'instance', 'statusCode', 'code', 'message', 'details', 'traceId']);

/** Every way an answer breaks the rules of issue 8; empty when it keeps them. */
export function responseProblems(res: RawResponse, method = 'GET'): string[] {
  const problems: string[] = [];
  if (res.status >= 500 || res.status < 100) problems.push(`status ${res.status}`);
  const type = String(res.headers['content-type'] ?? '');
  const textual = !/application\/pdf/.test(type);
  // The raw text and, for JSON, its strings decoded: an escaped newline or quote hides nothing. The
  // separator is no whitespace, so two harmless strings cannot make up "\n   at " between them.
  const text = textual ? [res.text, ...jsonStrings(res.text)].join('\u0000') : '';
  const failed = res.status >= 400;
  for (const pattern of STACK) if (pattern.test(text)) problems.push(`stack trace in body (${pattern})`);
  if (failed || res.status >= 500) {
    if (ERROR_CLASSES.test(text)) problems.push(`error class in body (${ERROR_CLASSES.exec(text)![0]})`);
    for (const pattern of DRIVER_TEXT) if (pattern.test(text)) problems.push(`database text in body (${pattern})`);
  } else {
    if (ERROR_CLASSES.test(text) && /Error:/.test(text)) problems.push('error class in body');
    for (const pattern of DRIVER_TEXT_IN_SERVED) if (pattern.test(text)) problems.push(`database text in body (${pattern})`);
  }
  // A HEAD answer has the headers of the GET and no body to judge.
  if (failed && method !== 'HEAD') problems.push(...errorShapeProblems(res));
  if (method === 'HEAD' && failed && !/^application\/problem\+json\b/.test(type)) problems.push(`error answer to HEAD is not typed problem JSON (${type || 'no content-type'})`);
  return problems;
}

/** Every string (keys included) in a JSON text; none when it is not JSON. */
function jsonStrings(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const stack = [value];
  while (stack.length && out.length < 10_000) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        out.push(k);
        stack.push(child);
      }
    }
  }
  return out;
}

/** The one error shape: RFC 9457 problem details {type, title, status, detail, instance} with {statusCode, code, message, details?, traceId}, as application/problem+json. */
function errorShapeProblems(res: RawResponse): string[] {
  // Node's own HTTP parser answers a too-large header block before any of our code runs.
  if (res.status === 431 && res.body.length === 0) return [];
  if (!/^application\/problem\+json\b/.test(String(res.headers['content-type'] ?? ''))) return [`error answer is not problem JSON (${res.headers['content-type'] ?? 'no content-type'})`];
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.text) as Record<string, unknown>;
  } catch {
    return ['error answer is not valid JSON'];
  }
  const problems: string[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return ['error answer is not an object'];
  if (body.statusCode !== res.status) problems.push(`statusCode ${String(body.statusCode)} differs from status ${res.status}`);
  if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(body.code)) problems.push(`code ${JSON.stringify(body.code)} is not a stable code`);
  if (typeof body.message !== 'string' || body.message.length === 0) problems.push('message missing');
  if (typeof body.traceId !== 'string' || !/^[0-9a-f]{32}$/.test(body.traceId)) problems.push('traceId missing');
  if (body.status !== res.status) problems.push(`status ${String(body.status)} differs from status ${res.status}`);
  if (body.type !== `urn:basisscan:probleem:${String(body.code)}`) problems.push(`type ${JSON.stringify(body.type)} does not match the code`);
  if (typeof body.title !== 'string' || body.title.length === 0) problems.push('title missing');
  if (body.detail !== body.message) problems.push('detail differs from message');
  const extra = Object.keys(body).filter((k) => !ERROR_KEYS.has(k));
  if (extra.length) problems.push(`unexpected keys in error answer: ${extra.join(', ')}`);
  return problems;
}

/** Whether a generated string would itself look like a leak when a served answer echoes it back. */
export function looksLikeLeak(text: string): boolean {
  return [...STACK, ...DRIVER_TEXT].some((p) => p.test(text)) || ERROR_CLASSES.test(text);
}
