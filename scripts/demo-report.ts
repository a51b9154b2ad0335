/**
 * Renders and signs the report of a fully populated demo case, without the service:
 *   npm run demo:report -- rapport-demo.pdf
 * Signs with REPORT_SIGNING_P12 when set, otherwise with the test certificate under DATA_DIR/keys.
 */
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { demoReport } from '../src/reports/demo-fixture';
import { bindReport, renderAndSign } from '../src/reports/produce';
import { signingIdentityFor } from '../src/reports/report-signing.service';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'rapport-demo.pdf');
  const config = loadConfig(process.env);
  const identity = signingIdentityFor(config);
  const { content, binding: fixture } = demoReport();
  const binding = bindReport(content, identity, {
    reportId: randomUUID(),
    version: fixture.version,
    generatedAt: new Date().toISOString(),
    auditHead: fixture.auditHead,
    signerRole: fixture.signer.role,
    reason: fixture.reason,
  });
  const started = performance.now();
  const pdf = await renderAndSign(content, binding, { identity, tsaUrl: config.reportSigning.tsaUrl, tsaTimeoutMs: config.reportSigning.tsaTimeoutMs });
  const elapsed = performance.now() - started;
  fs.writeFileSync(out, pdf);
  const certificateFile = out.replace(/\.pdf$/i, '') + '.pem';
  fs.writeFileSync(certificateFile, new X509Certificate(identity.certificate).toString());
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
  console.log(`Geschreven: ${out}`);
  console.log(`${pages} pagina's, ${pdf.length} bytes, gemaakt en ondertekend in ${elapsed.toFixed(0)} ms`);
  console.log(`SHA-256: ${createHash('sha256').update(pdf).digest('hex')}`);
  console.log(`Verificatiecode: ${binding.verificationCode}`);
  console.log(`Ondertekend met: ${identity.subject.commonName}${identity.selfSigned ? ' (testcertificaat)' : ''}; certificaat: ${certificateFile}`);
  console.log(`Controleren: npm run verify -- ${path.relative(process.cwd(), out)} --trust ${path.relative(process.cwd(), certificateFile)}`);
}

main().catch((error: unknown) => {
  console.error(`Het demorapport is niet gemaakt: ${(error as Error).message}`);
  process.exit(1);
});
