import type { ReportBinding } from '../report-model';
import { canonicalJson } from './canonical';

/** Name of the custom key in the PDF's document information dictionary that carries the binding. */
export const BINDING_INFO_KEY = 'BasisscanBinding';

/**
 * The binding as the Info dictionary carries it: base64 of its canonical JSON. Base64 needs no
 * escaping in a PDF string and pdfkit writes Info values uncompressed, so a verifier finds it with
 * a regular expression, without a PDF parser.
 */
export function encodeBinding(binding: ReportBinding): string {
  return Buffer.from(canonicalJson(binding), 'utf8').toString('base64');
}

const DIRECT_OR_REFERENCE = new RegExp(`/${BINDING_INFO_KEY}\\s*(?:\\(([A-Za-z0-9+/=]+)\\)|(\\d+)\\s+(\\d+)\\s+R)`, 'g');

/** Reads the binding back from a PDF's Info dictionary (offline verification); null when absent or malformed. Never throws. */
export function readBinding(pdf: Buffer): ReportBinding | null {
  try {
    const text = pdf.toString('latin1');
    const encoded = lastEncodedBinding(text);
    if (!encoded) return null;
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    return isReportBinding(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The last one wins: an incremental update (such as a later signature) may write a newer Info dictionary. */
function lastEncodedBinding(text: string): string | null {
  let found: RegExpExecArray | null = null;
  for (const match of text.matchAll(DIRECT_OR_REFERENCE)) found = match;
  if (!found) return null;
  if (found[1]) return found[1];
  const object = new RegExp(`(?:^|[\\r\\n\\s])${found[2]}\\s+${found[3]}\\s+obj\\s*\\(([A-Za-z0-9+/=]+)\\)\\s*endobj`, 'g');
  let value: string | null = null;
  for (const match of text.matchAll(object)) value = match[1];
  return value;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isUuid = (value: unknown): value is string => isString(value) && UUID.test(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isReportBinding(value: unknown): value is ReportBinding {
  if (!isRecord(value)) return false;
  const { machine, signer, auditHead } = value;
  return (
    isUuid(value.reportId) &&
    isCount(value.version) &&
    isUuid(value.caseId) &&
    isString(value.generatedAt) &&
    isString(value.contentSha256) &&
    /^[0-9a-f]{64}$/.test(value.contentSha256) &&
    (auditHead === null || (isRecord(auditHead) && isCount(auditHead.sequence) && isString(auditHead.hash) && /^[0-9a-f]{64}$/.test(auditHead.hash))) &&
    isRecord(machine) &&
    isString(machine.id) &&
    isString(machine.version) &&
    isString(value.questionnaireVersion) &&
    (value.consentTextVersion === null || isString(value.consentTextVersion)) &&
    isString(value.templateVersion) &&
    isString(value.verificationCode) &&
    isRecord(signer) &&
    isString(signer.name) &&
    isString(signer.role) &&
    typeof signer.testCertificate === 'boolean' &&
    isString(value.reason)
  );
}
