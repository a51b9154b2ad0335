import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ReportSigner } from './produce';
import { ensureTestSigningIdentity, loadSigningIdentity, SigningIdentity } from './signing';

/** The key and certificate reports are signed with, loaded once at start-up. */
@Injectable()
export class ReportSigningService implements OnModuleInit {
  private readonly logger = new Logger('ReportSigning');
  private identity: SigningIdentity;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    this.identity = signingIdentityFor(this.config);
    if (this.identity.selfSigned) {
      this.logger.warn('Reports are signed with a generated test certificate; set REPORT_SIGNING_P12 for a real one.');
    }
    if (this.identity.notAfter.getTime() < Date.now() + 30 * 86_400_000) {
      this.logger.error(`The report signing certificate expires on ${this.identity.notAfter.toISOString().slice(0, 10)}; reports cannot be signed after that.`);
    }
  }

  signer(): ReportSigner {
    return { identity: this.identity, tsaUrl: this.config.reportSigning.tsaUrl, tsaTimeoutMs: this.config.reportSigning.tsaTimeoutMs };
  }

  /** SHA-256 of the signer certificate, stored with each report: which key made it, across rotations. */
  certificateSha256(): string {
    return createHash('sha256').update(this.identity.certificate).digest('hex');
  }

  /** The signer certificate, PEM, for auditors to verify reports offline (`--trust`). */
  certificatePem(): string {
    const base64 = this.identity.certificate.toString('base64').replace(/.{64}/g, '$&\n');
    return `-----BEGIN CERTIFICATE-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
  }

  /**
   * The certificate authorities of the configured chain: a report is trusted when its signer
   * chains to one of them. A test certificate has none, so it is never trusted.
   */
  trustAnchors(): Buffer[] {
    return this.identity.chain;
  }
}

/** The configured PKCS#12, or the test certificate under DATA_DIR/keys (made on first use). */
export function signingIdentityFor(config: Pick<AppConfig, 'reportSigning' | 'dataDir'>): SigningIdentity {
  const { p12File, p12Password } = config.reportSigning;
  if (p12File) return loadSigningIdentity(fs.readFileSync(p12File), p12Password ?? '');
  return ensureTestSigningIdentity(path.join(config.dataDir, 'keys'), 'Basisscan');
}
