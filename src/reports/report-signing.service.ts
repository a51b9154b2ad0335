import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
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
  }

  signer(): ReportSigner {
    return { identity: this.identity, tsaUrl: this.config.reportSigning.tsaUrl, tsaTimeoutMs: this.config.reportSigning.tsaTimeoutMs };
  }

  /** The signer certificate, the one trust anchor a report of this service is checked against. */
  certificate(): Buffer {
    return this.identity.certificate;
  }
}

/** The configured PKCS#12, or the test certificate under DATA_DIR/keys (made on first use). */
export function signingIdentityFor(config: Pick<AppConfig, 'reportSigning' | 'dataDir'>): SigningIdentity {
  const { p12File, p12Password } = config.reportSigning;
  if (p12File) return loadSigningIdentity(fs.readFileSync(p12File), p12Password ?? '');
  return ensureTestSigningIdentity(path.join(config.dataDir, 'keys'), 'Basisscan');
}
