import { SignPdf } from '@signpdf/signpdf';
import { createHash } from 'node:crypto';
import { canonicalContentSha256, renderReport } from './render';
import { ReportBinding, ReportContent } from './report-model';
import { PadesSigner, signatureLengthFor, SigningIdentity } from './signing';

export interface ReportSigner {
  identity: SigningIdentity;
  tsaUrl?: string;
  tsaTimeoutMs?: number;
}

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The short code printed in the report, derived from its id and content hash, so the offline
 * verifier can recompute it and the service can look the report up by it.
 */
export function verificationCode(reportId: string, contentSha256: string): string {
  const digest = createHash('sha256').update(`basisscan-report:${reportId}:${contentSha256}`).digest();
  let bits = 0n;
  for (const byte of digest.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 12; i++) code += CODE_ALPHABET[Number((bits >> BigInt(64 - 5 * (i + 1))) & 31n)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/** Accepts what people type: lower case, spaces, and the letters Crockford maps to digits. */
export function normaliseVerificationCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(cleaned)) return null;
  return `${cleaned.slice(0, 4)}-${cleaned.slice(4, 8)}-${cleaned.slice(8, 12)}`;
}

export interface BindingInput {
  reportId: string;
  version: number;
  generatedAt: string;
  auditHead: ReportBinding['auditHead'];
  signerRole: string;
  reason: string;
}

export function bindReport(content: ReportContent, identity: SigningIdentity, input: BindingInput): ReportBinding {
  const contentSha256 = canonicalContentSha256(content);
  return {
    reportId: input.reportId,
    version: input.version,
    caseId: content.case.id,
    generatedAt: input.generatedAt,
    contentSha256,
    auditHead: input.auditHead,
    machine: content.case.machine,
    questionnaireVersion: content.case.questionnaireVersion,
    consentTextVersion: content.case.consent?.textVersion ?? null,
    templateVersion: content.templateVersion,
    verificationCode: verificationCode(input.reportId, contentSha256),
    signer: { name: identity.subject.commonName, role: input.signerRole, testCertificate: identity.selfSigned },
    reason: input.reason,
  };
}

/** Renders the report with a signature placeholder and signs it (PAdES, B-T when a TSA is set). */
export async function renderAndSign(content: ReportContent, binding: ReportBinding, signer: ReportSigner): Promise<Buffer> {
  const unsigned = await renderReport(content, binding, { signaturePlaceholder: { signatureLength: signatureLengthFor({ tsaUrl: signer.tsaUrl }) } });
  return new SignPdf().sign(unsigned, new PadesSigner(signer.identity, { tsaUrl: signer.tsaUrl, tsaTimeoutMs: signer.tsaTimeoutMs }));
}
