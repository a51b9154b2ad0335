import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { SignPdfError } from '@signpdf/utils';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { reportRefusal } from '../../workflows/report';
import { AccessService } from '../access/access.service';
import { Principal, UserPrincipal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { restore } from '../cases/cases.service';
import { scanPhase } from '../cases/guide';
import { AppError, notFound } from '../common/app-error';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { checkReportPdf } from './check-report';
import { bindReport, normaliseVerificationCode } from './produce';
import { caseReference } from '../cases/case-reference';
import { ReportCaseRow, ReportContentBuilder } from './report-content';
import { RenderPool } from './render-pool';
import { ReportSigningService } from './report-signing.service';
import { SigningConfigurationError, TimestampError } from './signing';

export interface GeneratedReport {
  reportId: string;
  version: number;
  sha256: string;
}

export interface ReportSummary {
  reportId: string;
  caseId: string;
  version: number;
  sha256: string;
  sizeBytes: number;
  generatedAt: string;
  signedAt: string;
  signer: string;
  testCertificate: boolean;
  timestamped: boolean;
  verificationCode: string;
  casePhase: string;
  /** The case version the report reflects; `upToDate` is false once the case has moved on. */
  caseVersion: number;
  upToDate: boolean;
  auditHead: { sequence: number; hash: string } | null;
  /** The PDF is gone with the case's content; what it was checked against stays. */
  destroyed: boolean;
}

export interface ReportVerification {
  valid: boolean;
  /** Whether the certificate chains to a trusted root; a generated test certificate never does. */
  trusted: boolean;
  signer: { name: string; organisation: string | null; testCertificate: boolean; signedByThisService: boolean } | null;
  signedAt: string | null;
  timestamp: { time: string; authority: string; valid: boolean; trusted: boolean } | null;
  reportId: string | null;
  caseId: string | null;
  version: number | null;
  sha256: string;
  matchesStoredReport: boolean;
  auditHead: { sequence: number; hash: string } | null;
  auditHeadMatches: boolean;
  verificationCode: string | null;
  problems: string[];
}

interface ReportRow {
  id: string;
  case_id: string;
  version: number;
  sha256: string;
  size_bytes: number;
  created_at: Date;
  signed_at: Date;
  signer: string;
  test_certificate: boolean;
  timestamped: boolean;
  verification_code: string;
  case_phase: string;
  case_version: number;
  content_version: number;
  current_case_version: number;
  current_content_version: number;
  audit_head_seq: string | null;
  audit_head_hash: string | null;
  destroyed_at: Date | null;
}

const SUMMARY_COLUMNS = `r.id, r.case_id, r.version, r.sha256, r.size_bytes, r.created_at, r.signed_at, r.signer, r.test_certificate, r.timestamped,
  r.verification_code, r.case_phase, r.case_version, r.content_version, c.version AS current_case_version, c.content_version AS current_content_version,
  r.audit_head_seq, r.audit_head_hash, r.destroyed_at`;

const summaryOf = (r: ReportRow): ReportSummary => ({
  reportId: r.id,
  caseId: r.case_id,
  version: r.version,
  sha256: r.sha256,
  sizeBytes: r.size_bytes,
  generatedAt: r.created_at.toISOString(),
  signedAt: r.signed_at.toISOString(),
  signer: r.signer,
  testCertificate: r.test_certificate,
  timestamped: r.timestamped,
  verificationCode: r.verification_code,
  casePhase: r.case_phase,
  caseVersion: r.case_version,
  upToDate: r.case_version === r.current_case_version && r.content_version === r.current_content_version,
  auditHead: r.audit_head_seq === null ? null : { sequence: Number(r.audit_head_seq), hash: r.audit_head_hash! },
  destroyed: r.destroyed_at !== null,
});

const REFUSALS = {
  wederhoor_not_finished: 'Een rapport kan worden gemaakt zodra hoor en wederhoor is afgerond (vanaf de eindrapportage).',
  destroyed: 'De inhoud van dit dossier is vernietigd; er kan geen rapport meer worden gemaakt.',
} as const;

/** The signed risk report: generation, versions, download and verification. */

/** Phases after the screener's final assessment: a report made then is the final report the candidate gets a copy of. */
const FINAL_REPORT_PHASES = ['advies', 'raadInformeren', 'raadGeinformeerd', 'afgesloten'];

@Injectable()
export class ReportsService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly audit: AuditService,
    private readonly contentBuilder: ReportContentBuilder,
    private readonly signing: ReportSigningService,
    private readonly pool: RenderPool,
  ) {}

  /**
   * Renders and signs outside any transaction (CPU, and a timestamp authority over the network),
   * then stores the report only if the case did not change meanwhile: a report always reflects
   * exactly the case version it names.
   */
  async generate(principal: UserPrincipal, caseId: string): Promise<GeneratedReport> {
    await this.access.require(principal, 'report.create', caseId, 'Het dossier');
    const [row]: (ReportCaseRow & Parameters<typeof restore>[0] & { version: number; content_version: number })[] = await this.dataSource.query(
      `SELECT c.id, c.organisation_id, o.name AS organisation_name, c.machine_id, c.machine_version, c.questionnaire_version, c.created_by,
              c.screener_id, c.created_at, c.snapshot, c.version, c.content_version
         FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1`,
      [caseId],
    );
    const snapshot = restore(row);
    const phase = scanPhase(snapshot);
    const refusal = reportRefusal(snapshot.context, phase);
    if (refusal) throw new AppError(HttpStatus.CONFLICT, 'REPORT_NOT_ALLOWED', REFUSALS[refusal], { phase });

    const content = await this.contentBuilder.build(this.dataSource.manager, row, snapshot);
    const [{ next }] = await this.dataSource.query('SELECT coalesce(max(version), 0) + 1 AS next FROM reports WHERE case_id = $1', [caseId]);
    const head = await this.audit.head();
    const signer = this.signing.signer();
    const binding = bindReport(content, signer.identity, {
      reportId: randomUUID(),
      version: Number(next),
      generatedAt: new Date().toISOString(),
      auditHead: head.seq > 0 ? { sequence: head.seq, hash: head.hash } : null,
      signerRole: `Namens de ${content.variant.opdrachtgeverTitle} van ${content.organisation.name}`,
      reason: `Risicoanalyse integriteit ${content.case.reference}, versie ${next}`,
    });
    let pdf: Buffer;
    try {
      pdf = await this.pool.render({ kind: 'report', content, binding });
    } catch (error) {
      await this.auditFailedGeneration(principal, caseId);
      throw this.signingFailure(error);
    }
    const sha256 = createHash('sha256').update(pdf).digest('hex');

    await this.dataSource.transaction(async (tx) => {
      const [current] = await tx.query('SELECT version, content_version FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
      if (current.version !== row.version || current.content_version !== row.content_version) {
        throw new AppError(HttpStatus.CONFLICT, 'CASE_CHANGED', 'Het dossier is gewijzigd terwijl het rapport werd gemaakt; het rapport is niet opgeslagen. Probeer het opnieuw.', { retryable: true });
      }
      const [{ taken }] = await tx.query('SELECT count(*)::int AS taken FROM reports WHERE case_id = $1 AND version >= $2', [caseId, binding.version]);
      if (taken > 0) {
        throw new AppError(HttpStatus.CONFLICT, 'REPORT_VERSION_TAKEN', 'Tegelijk is een andere versie van dit rapport gemaakt; dit rapport is niet opgeslagen. Probeer het opnieuw.', { retryable: true });
      }
      const cipher = await this.crypto.forCase(tx, caseId);
      await tx.query(
        `INSERT INTO reports (id, case_id, organisation_id, version, sha256, content_sha256, size_bytes, case_version, content_version, case_phase,
                              audit_head_seq, audit_head_hash, verification_code, template_version, signer, signer_certificate_sha256, test_certificate,
                              timestamped, signed_at, pdf_encrypted, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
        [
          binding.reportId, caseId, row.organisation_id, binding.version, sha256, binding.contentSha256, pdf.length, row.version, row.content_version, phase,
          binding.auditHead?.sequence ?? null, binding.auditHead?.hash ?? null, binding.verificationCode, binding.templateVersion, binding.signer.name,
          this.signing.certificateSha256(), binding.signer.testCertificate, signer.tsaUrl !== undefined, binding.generatedAt,
          cipher.encryptBytes(pdf, `report:${binding.reportId}`), principal.userId,
        ],
      );
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'report.generate', object: `case:${caseId}`, result: 'ok' });
    }).catch(async (error: unknown) => {
      await this.auditFailedGeneration(principal, caseId);
      throw error;
    });
    return { reportId: binding.reportId, version: binding.version, sha256 };
  }

  /** The case's content was read for a report that was not stored: the read is still on record. */
  private async auditFailedGeneration(principal: UserPrincipal, caseId: string): Promise<void> {
    await this.audit.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'report.generate', object: `case:${caseId}`, result: 'failed' });
  }

  private signingFailure(error: unknown): unknown {
    if (error instanceof TimestampError) {
      return new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'TIMESTAMP_UNAVAILABLE', 'De tijdstempeldienst antwoordt niet; het rapport is niet gemaakt. Probeer het later opnieuw.', undefined, { 'Retry-After': '30' });
    }
    if (error instanceof SigningConfigurationError || error instanceof SignPdfError) {
      this.logger.error(`Report signing failed: ${error.message}`);
      return new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'REPORT_SIGNING_UNAVAILABLE', 'Het rapport kan nu niet worden ondertekend: het certificaat of de ondertekening is niet in orde. Meld dit aan de beheerder.');
    }
    return error;
  }

  async list(principal: Principal, caseId: string): Promise<ReportSummary[]> {
    await this.access.require(principal, 'case.read', caseId, 'Het dossier');
    const rows: ReportRow[] = await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS} FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.case_id = $1 ORDER BY r.version`, [caseId]);
    return rows.map(summaryOf);
  }

  async pdf(principal: Principal, reportId: string): Promise<{ bytes: Buffer; filename: string }> {
    await this.access.require(principal, 'report.read', reportId, 'Het rapport');
    return this.dataSource.transaction(async (tx) => {
      const [row]: { case_id: string; version: number; pdf_encrypted: Buffer | null; commissioned_at: string }[] = await tx.query(
        `SELECT r.case_id, r.version, r.pdf_encrypted, c.snapshot->'context'->>'commissionedAt' AS commissioned_at
           FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.id = $1`,
        [reportId],
      );
      if (!row.pdf_encrypted) throw new AppError(HttpStatus.CONFLICT, 'REPORT_DESTROYED', 'Dit rapport is vernietigd met de inhoud van het dossier.');
      const bytes = (await this.crypto.forCase(tx, row.case_id)).decryptBytes(row.pdf_encrypted, `report:${reportId}`);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'report.download', object: `case:${row.case_id}`, result: 'ok' });
      return { bytes, filename: `risicoanalyse-${caseReference(row.case_id, row.commissioned_at ?? '0000')}-v${row.version}.pdf` };
    });
  }

  /**
   * The candidate's own copy of the final report (AVG art. 15): the newest version made once the
   * screener's final assessment was in. Audited as the candidate's download.
   */
  async candidateCopy(principal: Principal, caseId: string): Promise<{ bytes: Buffer; filename: string }> {
    await this.access.require(principal, 'report.copy', caseId, 'Het dossier');
    const [report]: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM reports WHERE case_id = $1 AND case_phase = ANY($2) ORDER BY version DESC LIMIT 1`,
      [caseId, FINAL_REPORT_PHASES],
    );
    if (!report) throw new AppError(HttpStatus.CONFLICT, 'NO_FINAL_REPORT', 'Het eindrapport is er nog niet. U kunt uw exemplaar downloaden zodra de opdrachtgever het rapport heeft opgemaakt na de eindrapportage.');
    return this.dataSource.transaction(async (tx) => {
      const [row]: { version: number; pdf_encrypted: Buffer | null; commissioned_at: string }[] = await tx.query(
        `SELECT r.version, r.pdf_encrypted, c.snapshot->'context'->>'commissionedAt' AS commissioned_at FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.id = $1`,
        [report.id],
      );
      if (!row.pdf_encrypted) throw new AppError(HttpStatus.CONFLICT, 'REPORT_DESTROYED', 'Dit rapport is vernietigd met de inhoud van het dossier.');
      const bytes = (await this.crypto.forCase(tx, caseId)).decryptBytes(row.pdf_encrypted, `report:${report.id}`);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'report.copy.download', object: `case:${caseId}`, result: 'ok' });
      return { bytes, filename: `risicoanalyse-${caseReference(caseId, row.commissioned_at ?? '0000')}-v${row.version}-kandidaat.pdf` };
    });
  }

  /**
   * Checks an uploaded PDF: the signature and embedded data from the file itself, then whether this
   * service signed it, whether it is the stored report it claims to be, and whether the audit
   * chain still holds its head. Valid means all of that; a stored report must match byte for byte,
   * which also catches changes to the unsigned signature field.
   */
  async verify(principal: Principal, pdf: Buffer): Promise<ReportVerification> {
    const check = await checkReportPdf(pdf, { trustAnchors: this.signing.trustAnchors() });
    const { binding, signature } = check;
    const visible = binding ? await this.access.allowed(principal, 'report.verify', [binding.reportId]) : new Set<string>();
    // Whether the file is a report this service signed, as signed, is answered the same for every
    // organisation: the file names its report, and its hash is compared with the one kept for it
    // (kept after destruction too). What else is stored is shown only within the organisation.
    const [signed]: { sha256: string; signer_certificate_sha256: string }[] = binding
      ? await this.dataSource.query('SELECT sha256, signer_certificate_sha256 FROM reports WHERE id = $1', [binding.reportId])
      : [];
    const stored = signed && visible.has(binding!.reportId) ? signed : undefined;
    const [head] = binding?.auditHead
      ? await this.dataSource.query('SELECT 1 FROM audit_log WHERE seq = $1 AND hash = $2', [binding.auditHead.sequence, binding.auditHead.hash])
      : [];
    const signerSha256 = signature.signer?.certificateSha256;
    const signedByThisService = signerSha256 !== undefined && signerSha256 === (signed?.signer_certificate_sha256 ?? this.signing.certificateSha256());
    const matchesSigned = signed !== undefined && signed.sha256 === check.sha256;
    const matchesStoredReport = stored !== undefined && matchesSigned;
    // Without the kept hash, a timestamp must speak for itself: from an authority the service trusts.
    const timestampAcceptable = signature.timestamp === null || (signature.timestamp.valid && signature.timestamp.trusted);
    const problems = [...check.problems];
    if (signature.signer && !signedByThisService) problems.push('Het rapport is niet ondertekend met het certificaat van deze dienst.');
    if (signed && !matchesSigned) problems.push('Dit bestand wijkt af van het rapport dat deze dienst met dit rapport-id ondertekende (bijvoorbeeld een tijdstempel die later is toegevoegd).');
    if (binding && !stored) problems.push('Dit rapport is in uw organisatie niet opgeslagen.');
    if (binding?.auditHead && !head) problems.push('De auditketen bevat de vermelde kop niet.');
    await this.audit.append(null, {
      actor: actorOf(principal),
      organisationId: principal.organisationId,
      action: 'report.verify',
      object: stored ? `report:${binding!.reportId}` : 'report:(onbekend)',
      result: 'ok',
    });
    return {
      valid: check.valid && signedByThisService && (signed !== undefined ? matchesSigned : timestampAcceptable),
      trusted: signature.trusted,
      signer: signature.signer
        ? { name: signature.signer.commonName, organisation: signature.signer.organisation, testCertificate: signature.signer.selfSigned, signedByThisService }
        : null,
      signedAt: signature.signedAt?.toISOString() ?? null,
      timestamp: signature.timestamp ? { ...signature.timestamp, time: signature.timestamp.time.toISOString() } : null,
      reportId: binding?.reportId ?? null,
      caseId: binding?.caseId ?? null,
      version: binding?.version ?? null,
      sha256: check.sha256,
      matchesStoredReport,
      auditHead: binding?.auditHead ?? null,
      auditHeadMatches: head !== undefined,
      verificationCode: binding?.verificationCode ?? null,
      problems,
    };
  }

  signingCertificatePem(): string {
    return this.signing.certificatePem();
  }

  /** Looks a report up by the code printed in it, for an auditor holding a paper copy. */
  async byCode(principal: Principal, input: string): Promise<ReportSummary> {
    const code = normaliseVerificationCode(input);
    if (!code) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'De verificatiecode bestaat uit 12 tekens, zoals K7QM-2XHD-91PA.', [
        { field: 'code', problems: [{ constraint: 'isVerificationCode', message: 'moet 12 tekens zijn (cijfers en letters), zoals K7QM-2XHD-91PA' }] },
      ]);
    }
    const [row]: { id: string }[] = await this.dataSource.query('SELECT id FROM reports WHERE verification_code = $1', [code]);
    if (!row) throw notFound('Het rapport');
    await this.access.require(principal, 'report.verify', row.id, 'Het rapport');
    const [summary]: ReportRow[] = await this.dataSource.query(`SELECT ${SUMMARY_COLUMNS} FROM reports r JOIN cases c ON c.id = r.case_id WHERE r.id = $1`, [row.id]);
    await this.audit.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'report.lookup', object: `report:${row.id}`, result: 'ok' });
    return summaryOf(summary);
  }
}
