import { createHash } from 'node:crypto';
import { readBinding } from './render';
import { verificationCode } from './produce';
import { ReportBinding } from './report-model';
import { PdfSignatureCheck, verifyPdfSignature } from './signing';

export interface ReportCheck {
  /** The signature is intact, covers the whole file, and the embedded report data is consistent. */
  valid: boolean;
  signature: PdfSignatureCheck;
  binding: ReportBinding | null;
  /**
   * The origin is established: the signer chains to a trust anchor, and a timestamp, if there is
   * one, is valid and from an authority that chains to one too. A timestamp sits outside the
   * signature, so anyone can add one after signing: one that is not trusted leaves it open.
   */
  trusted: boolean;
  /** SHA-256 of the file as checked. */
  sha256: string;
  problems: string[];
}

/**
 * Everything that can be checked from the file alone, without the service or a network: the
 * PAdES signature, and that the report data embedded in the signed bytes belongs together.
 */
export async function checkReportPdf(pdf: Buffer, options: { trustAnchors?: Buffer[] } = {}): Promise<ReportCheck> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const signature = await verifyPdfSignature(pdf, options);
  const problems = [...signature.problems];
  const binding = signature.byteRange ? readBinding(pdf) : null;
  if (!binding) {
    problems.push('Het document bevat geen verificatiegegevens van Basisscan.');
  } else {
    if (binding.verificationCode !== verificationCode(binding.reportId, binding.contentSha256)) {
      problems.push('De verificatiecode past niet bij het rapport-id en de inhoud.');
    }
    if (signature.signer && binding.signer.name !== signature.signer.commonName) {
      problems.push('De ondertekenaar in het rapport is niet de houder van het certificaat.');
    }
    if (signature.signer && binding.signer.testCertificate !== signature.signer.selfSigned) {
      problems.push('Het rapport vermeldt het soort certificaat onjuist.');
    }
  }
  const valid = signature.valid && binding !== null && problems.length === signature.problems.length;
  const timestampTrusted = signature.timestamp === null || (signature.timestamp.valid && signature.timestamp.trusted);
  return { valid, trusted: signature.trusted && timestampTrusted, signature, binding, sha256, problems };
}
