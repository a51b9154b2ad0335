import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CaseContext, variantOf } from '../../../workflows/basisscan-2.machine';
import { UserPrincipal } from '../../access/principal';
import { AccessService } from '../../access/access.service';
import { AssessmentService } from '../../assessment/assessment.service';
import { actorOf, AuditService } from '../../audit/audit.service';
import { OutboxService } from '../../candidates/outbox.service';
import { caseReference } from '../../cases/case-reference';
import { AppError, notFound } from '../../common/app-error';
import { longDate } from '../../common/dutch-date';
import { fill, readTemplate } from '../../common/templates';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DataEncryptionService } from '../../crypto/data-encryption.service';
import { ReportSigningService } from '../report-signing.service';
import { RenderPool } from '../render-pool';
import { DocumentContent, DocumentKind, DocumentTexts } from './render-document';

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['samenvatting', 'mededeling'];
export const RECIPIENT_ROLES = ['formateur', 'fractievoorzitter', 'raad'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

const TEMPLATE_VERSION = '1';
const MAIL_TEMPLATE = 'mail/document-ontvanger-1.nl.json';
/** How long a recipient's personal link works. */
const LINK_VALID_DAYS = 14;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  title: string;
  version: number;
  createdAt: string;
  deliveries: { id: string; role: RecipientRole; name: string; email: string; sentAt: string; expiresAt: string; firstDownloadedAt: string | null; downloads: number }[];
}

/**
 * The two documents that leave the case after the advice (domain brief, "Outputs"): the one-page
 * summary for formateur and voordragende fractievoorzitter (conclusion and agreed measures, no
 * findings) and the mededeling aan de raad (in general terms). Each is signed like the report,
 * stored encrypted per case, and sent to a named recipient with a personal link that expires —
 * the mail itself carries no name of the candidate and no content.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly audit: AuditService,
    private readonly assessment: AssessmentService,
    private readonly signing: ReportSigningService,
    private readonly outbox: OutboxService,
    private readonly pool: RenderPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Read once per process: the list, the mail and the rendering all need them. */
  private readonly textsByKind = new Map<DocumentKind, DocumentTexts>();
  private mailTemplate?: { subject: string; text: string };

  texts(kind: DocumentKind): DocumentTexts {
    let texts = this.textsByKind.get(kind);
    if (!texts) this.textsByKind.set(kind, (texts = readTemplate<DocumentTexts>(`documents/${kind}-${TEMPLATE_VERSION}.nl.json`)));
    return texts;
  }

  async generate(principal: UserPrincipal, caseId: string, kind: DocumentKind): Promise<{ documentId: string; kind: DocumentKind; version: number; sha256: string }> {
    await this.access.require(principal, 'document.manage', caseId, 'Het dossier');
    const [row]: { snapshot: { context: CaseContext }; organisation_name: string; created_at: Date }[] = await this.dataSource.query(
      'SELECT c.snapshot, o.name AS organisation_name, c.created_at FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1',
      [caseId],
    );
    const context = row.snapshot.context;
    if (!context.advice) {
      throw new AppError(HttpStatus.CONFLICT, 'NO_ADVICE', 'Geef eerst het advies: de samenvatting en de mededeling geven de conclusie van het advies weer.');
    }
    const cipher = await this.crypto.forCase(this.dataSource.manager, caseId);
    const [subject] = await this.dataSource.query('SELECT name_encrypted FROM case_subjects WHERE case_id = $1', [caseId]);
    const file = await this.assessment.read(this.dataSource.manager, caseId);
    const variant = variantOf(context);
    const identity = this.signing.signer().identity;
    const content: DocumentContent = {
      organisation: row.organisation_name,
      officeTitle: variant.officeTitle,
      opdrachtgeverTitle: variant.opdrachtgeverTitle,
      appointingBody: variant.appointingBody,
      reference: caseReference(caseId, context.commissionedAt),
      candidate: cipher.decrypt(subject.name_encrypted, `case:${caseId}:name`),
      advice: { conclusion: context.advice.conclusion, at: context.advice.at },
      measures: file.risks.flatMap((risk) => risk.measures.map(({ measure, who, byWhen }) => ({ measure, who, byWhen }))),
      generatedAt: new Date().toISOString(),
      signer: { name: identity.subject.commonName, role: `De ${variant.opdrachtgeverTitle} van ${row.organisation_name}` },
    };
    const pdf = await this.pool.render({ kind: 'document', texts: this.texts(kind), content });
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    return this.dataSource.transaction(async (tx) => {
      const [created]: { id: string; version: number }[] = await tx.query(
        `INSERT INTO case_documents (case_id, kind, version, template_version, sha256, pdf_encrypted, created_by)
         SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, '\\x00', $5 FROM case_documents WHERE case_id = $1 AND kind = $2
         RETURNING id, version`,
        [caseId, kind, TEMPLATE_VERSION, sha256, principal.userId],
      );
      await tx.query('UPDATE case_documents SET pdf_encrypted = $2 WHERE id = $1', [created.id, (await this.crypto.forCase(tx, caseId)).encryptBytes(pdf, `document:${created.id}`)]);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: `document.generate.${kind}`, object: `case:${caseId}`, result: 'ok' });
      return { documentId: created.id, kind, version: created.version, sha256 };
    });
  }

  async list(principal: UserPrincipal, caseId: string): Promise<DocumentView[]> {
    await this.access.require(principal, 'document.manage', caseId, 'Het dossier');
    const cipher = await this.crypto.forCase(this.dataSource.manager, caseId);
    const documents: { id: string; kind: DocumentKind; version: number; created_at: Date }[] = await this.dataSource.query(
      'SELECT id, kind, version, created_at FROM case_documents WHERE case_id = $1 ORDER BY kind, version',
      [caseId],
    );
    const deliveries: { id: string; document_id: string; recipient_role: RecipientRole; recipient_encrypted: string; sent_at: Date; expires_at: Date; first_downloaded_at: Date | null; downloads: number }[] =
      await this.dataSource.query('SELECT * FROM case_document_deliveries WHERE case_id = $1 ORDER BY sent_at', [caseId]);
    return documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      title: this.texts(d.kind).title,
      version: d.version,
      createdAt: d.created_at.toISOString(),
      deliveries: deliveries
        .filter((x) => x.document_id === d.id)
        .map((x) => {
          const recipient = JSON.parse(cipher.decrypt(x.recipient_encrypted, `delivery:${x.id}`)) as { name: string; email: string };
          return { id: x.id, role: x.recipient_role, name: recipient.name, email: recipient.email, sentAt: x.sent_at.toISOString(), expiresAt: x.expires_at.toISOString(), firstDownloadedAt: x.first_downloaded_at?.toISOString() ?? null, downloads: x.downloads };
        }),
    }));
  }

  async pdf(principal: UserPrincipal, caseId: string, documentId: string): Promise<{ bytes: Buffer; filename: string }> {
    await this.access.require(principal, 'document.manage', caseId, 'Het dossier');
    return this.dataSource.transaction(async (tx) => {
      const document = await this.document(tx, caseId, documentId);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: `document.download.${document.kind}`, object: `case:${caseId}`, result: 'ok' });
      return { bytes: document.bytes, filename: document.filename };
    });
  }

  /** Records who the document goes to and mails them a personal link; the mail names no candidate and holds no content. */
  async send(principal: UserPrincipal, caseId: string, documentId: string, recipient: { role: RecipientRole; name: string; email: string }): Promise<{ deliveryId: string; expiresAt: string }> {
    await this.access.require(principal, 'document.manage', caseId, 'Het dossier');
    return this.dataSource.transaction(async (tx) => {
      const document = await this.document(tx, caseId, documentId);
      const [kase]: { snapshot: { context: CaseContext }; organisation_name: string }[] = await tx.query(
        'SELECT c.snapshot, o.name AS organisation_name FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1',
        [caseId],
      );
      const token = randomBytes(32).toString('base64url');
      const cipher = await this.crypto.forCase(tx, caseId);
      const [delivery]: { id: string; expires_at: Date }[] = await tx.query(
        `INSERT INTO case_document_deliveries (document_id, case_id, recipient_role, recipient_encrypted, token_sha256, expires_at, sent_by)
         VALUES ($1, $2, $3, 'pending', $4, date_trunc('day', now()) + make_interval(days => $5) + interval '23 hours 59 minutes', $6) RETURNING id, expires_at`,
        [documentId, caseId, recipient.role, hashToken(token), LINK_VALID_DAYS, principal.userId],
      );
      await tx.query('UPDATE case_document_deliveries SET recipient_encrypted = $2 WHERE id = $1', [delivery.id, cipher.encrypt(JSON.stringify({ name: recipient.name, email: recipient.email }), `delivery:${delivery.id}`)]);
      const variant = variantOf(kase.snapshot.context);
      const mail = (this.mailTemplate ??= readTemplate<{ subject: string; text: string }>(MAIL_TEMPLATE));
      const values = {
        recipientName: recipient.name,
        opdrachtgeverTitle: variant.opdrachtgeverTitle,
        organisationName: kase.organisation_name,
        documentTitle: this.texts(document.kind).title.toLowerCase(),
        link: `${this.config.publicUrl}/api/v1/document-links/${token}`,
        expiresOn: longDate(delivery.expires_at.toISOString().slice(0, 10)),
      };
      await this.outbox.enqueue(tx, caseId, MAIL_TEMPLATE, { to: recipient.email, subject: fill(mail.subject, values), text: fill(mail.text, values) });
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: `document.send.${document.kind}`, object: `case:${caseId}`, result: 'ok' });
      return { deliveryId: delivery.id, expiresAt: delivery.expires_at.toISOString() };
    });
  }

  /** The recipient's personal link: the document while the link is valid, every download counted and audited. */
  async byLink(token: string): Promise<{ bytes: Buffer; filename: string }> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw notFound('Dit document');
    return this.dataSource.transaction(async (tx) => {
      const [delivery]: { id: string; case_id: string; document_id: string; expired: boolean; organisation_id: string }[] = await tx.query(
        `SELECT d.id, d.case_id, d.document_id, d.expires_at < now() AS expired, c.organisation_id
           FROM case_document_deliveries d JOIN cases c ON c.id = d.case_id WHERE d.token_sha256 = $1 FOR UPDATE OF d`,
        [hashToken(token)],
      );
      if (!delivery) throw notFound('Dit document');
      if (delivery.expired) throw new AppError(HttpStatus.GONE, 'LINK_EXPIRED', 'Deze link werkt niet meer. Vraag de afzender om het document opnieuw te sturen.');
      const document = await this.document(tx, delivery.case_id, delivery.document_id);
      await tx.query('UPDATE case_document_deliveries SET downloads = downloads + 1, first_downloaded_at = coalesce(first_downloaded_at, now()) WHERE id = $1', [delivery.id]);
      await this.audit.append(tx, { actor: `ontvanger:${delivery.id}`, organisationId: delivery.organisation_id, action: `document.download.${document.kind}`, object: `case:${delivery.case_id}`, result: 'ok' });
      return { bytes: document.bytes, filename: document.filename };
    });
  }

  private async document(tx: EntityManager, caseId: string, documentId: string) {
    const [row]: { id: string; kind: DocumentKind; version: number; pdf_encrypted: Buffer; commissioned_at: string }[] = await tx.query(
      `SELECT d.id, d.kind, d.version, d.pdf_encrypted, c.snapshot->'context'->>'commissionedAt' AS commissioned_at
         FROM case_documents d JOIN cases c ON c.id = d.case_id WHERE d.id = $1 AND d.case_id = $2`,
      [documentId, caseId],
    );
    if (!row) throw notFound('Het document');
    const bytes = (await this.crypto.forCase(tx, caseId)).decryptBytes(Buffer.from(row.pdf_encrypted), `document:${row.id}`);
    return { kind: row.kind, bytes, filename: `${row.kind}-${caseReference(caseId, row.commissioned_at ?? '0000')}-v${row.version}.pdf` };
  }
}
