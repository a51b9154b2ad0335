#!/usr/bin/env node
/**
 * Offline verification of a Basisscan risk report, for auditors: no service, no network.
 *   basisscan-verify rapport.pdf --trust certificaat.pem [--trust …] [--json]
 * Anyone can sign a PDF with a certificate of their own making, so a report is only GELDIG when it
 * is intact and signed with a certificate the auditor trusts (the organisation's, or its CA's;
 * GET /reports/certificate gives the service's).
 * A timestamp must come from an authority the auditor trusts too: it sits outside the signature.
 * Exit codes: 0 valid; 1 not intact; 2 intact but its origin (signer or timestamp) not established; 64 usage; 66 unreadable file.
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { checkReportPdf, ReportCheck } from './check-report';

const USAGE = 'Gebruik: basisscan-verify <rapport.pdf> --trust <certificaat.pem|.cer> [--trust …] [--json]';

function parseArgs(argv: string[]): { file: string; trust: string[]; json: boolean } | null {
  const trust: string[] = [];
  let file: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--trust' && argv[i + 1]) trust.push(argv[++i]);
    else if (!arg.startsWith('--') && file === undefined) file = arg;
    else return null;
  }
  return file ? { file, trust, json } : null;
}

/** A certificate in PEM or DER, as DER. */
function certificateDer(file: string): Buffer {
  return Buffer.from(new X509Certificate(fs.readFileSync(file)).raw);
}

const yesNo = (value: boolean) => (value ? 'ja' : 'nee');

/** "intact", or what is wrong: something added after signing is not the same as a changed signed part. */
function signatureLabel(signature: ReportCheck['signature']): string {
  if (signature.valid) return 'intact';
  if (signature.signedPartIntact && !signature.coversWholeDocument) return 'het ondertekende deel is intact, maar na ondertekening is er iets aan het bestand toegevoegd';
  return 'NIET intact: het ondertekende deel is gewijzigd of de handtekening klopt niet';
}

function verdict(check: ReportCheck): string {
  if (!check.valid) return 'ONGELDIG';
  if (check.trusted) return 'GELDIG';
  if (!check.signature.trusted) return 'INTACT, MAAR HERKOMST NIET VASTGESTELD (ondertekend met een certificaat dat niet met --trust is opgegeven)';
  return 'INTACT, MAAR HERKOMST NIET VASTGESTELD (de tijdstempel komt van een tijdstempeldienst die niet met --trust is opgegeven; iemand kan hem na ondertekening hebben toegevoegd)';
}

/** "geldig" only for a timestamp that is intact and from a trusted authority. */
function timestampLabel(timestamp: NonNullable<ReportCheck['signature']['timestamp']>): string {
  if (!timestamp.valid) return 'ONGELDIG';
  return timestamp.trusted ? 'geldig' : 'NIET VERTROUWD: tijdstempeldienst niet met --trust opgegeven';
}

function describe(check: ReportCheck, file: string, trustGiven: boolean): string {
  const { signature, binding } = check;
  const lines = [
    `Bestand:            ${file}`,
    `SHA-256:            ${check.sha256}`,
    `Handtekening:       ${signatureLabel(signature)}${signature.subFilter ? ` (${signature.subFilter})` : ''}`,
    `Heel document:      ${signature.coversWholeDocument ? 'ja' : 'NEE: niet het hele document is ondertekend'}`,
  ];
  if (signature.signer) {
    lines.push(`Ondertekenaar:      ${signature.signer.commonName}${signature.signer.organisation ? `, ${signature.signer.organisation}` : ''}`);
    lines.push(`Certificaat:        ${signature.signer.selfSigned ? 'testcertificaat (zelf ondertekend)' : 'uitgegeven door een certificaatautoriteit'}; SHA-256 ${signature.signer.certificateSha256}`);
    // Whether the signer is trusted means something only for a signature that holds.
    const trust = !signature.valid ? 'niet van toepassing: de handtekening houdt geen stand' : trustGiven ? yesNo(signature.trusted) : 'niet gecontroleerd (geef --trust <certificaat>)';
    lines.push(`Vertrouwd:          ${trust}`);
  }
  if (signature.signedAt) lines.push(`Ondertekend op:     ${signature.signedAt.toISOString()}`);
  lines.push(`Tijdstempel:        ${signature.timestamp ? `${signature.timestamp.time.toISOString()} door ${signature.timestamp.authority} (${timestampLabel(signature.timestamp)})` : 'geen'}`);
  if (binding) {
    lines.push(
      `Rapport:            ${binding.reportId}, versie ${binding.version}`,
      `Dossier:            ${binding.caseId}`,
      `Verificatiecode:    ${binding.verificationCode}`,
      `Inhoud (SHA-256):   ${binding.contentSha256}`,
      `Auditketen-kop:     ${binding.auditHead ? `#${binding.auditHead.sequence} ${binding.auditHead.hash}` : 'geen'}`,
      `Versies:            werkproces ${binding.machine.id} ${binding.machine.version}, vragenlijst ${binding.questionnaireVersion}, toestemmingstekst ${binding.consentTextVersion ?? '-'}, rapportsjabloon ${binding.templateVersion}`,
    );
  }
  for (const problem of check.problems) lines.push(`Probleem:           ${problem}`);
  lines.push(`Resultaat:          ${verdict(check)}`);
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!args) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  let pdf: Buffer;
  let trustAnchors: Buffer[];
  try {
    pdf = fs.readFileSync(args.file);
    trustAnchors = args.trust.map(certificateDer);
  } catch (error) {
    process.stderr.write(`Kan het bestand niet lezen: ${(error as Error).message}\n`);
    return 66;
  }
  const check = await checkReportPdf(pdf, { trustAnchors });
  if (args.json) process.stdout.write(`${JSON.stringify({ ...check, trustChecked: args.trust.length > 0 }, null, 2)}\n`);
  else process.stdout.write(`${describe(check, args.file, args.trust.length > 0)}\n`);
  if (!check.valid) return 1;
  return check.trusted ? 0 : 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Controle mislukt: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
