import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CaseContext } from '../../workflows/basisscan-2.machine';
import { variantOf } from '../../workflows/basisscan-2.machine';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { fill, readTemplate } from '../common/templates';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { SessionService } from '../auth/session.service';
import { LoginThrottle } from '../auth/login-throttle';
import { OutboxService } from './outbox.service';

const INVITATION_TEMPLATE = 'mail/kandidaat-uitnodiging-1.nl.json';
export const CANDIDATE_SCOPE = 'kandidaat';

export const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

@Injectable()
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: DataEncryptionService,
    private readonly outbox: OutboxService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A new single-use code for the case's candidate, replacing (revoking) any earlier one, and the
   * invitation mail in the outbox; in the caller's transaction. The code itself is stored nowhere
   * but in the encrypted mail: only its hash is kept.
   */
  async issue(tx: EntityManager, caseId: string, context: CaseContext, at: string): Promise<void> {
    const { link, expiresAt } = await this.freshLink(tx, caseId, at, { endSessions: true });

    const cipher = await this.crypto.forCase(tx, caseId);
    const [subject] = await tx.query('SELECT name_encrypted, email_encrypted FROM case_subjects WHERE case_id = $1', [caseId]);
    const [organisation] = await tx.query('SELECT o.name FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1', [caseId]);
    const variant = variantOf(context);
    const template = readTemplate<{ subject: string; text: string }>(INVITATION_TEMPLATE);
    const values = {
      candidateName: cipher.decrypt(subject.name_encrypted, `case:${caseId}:name`),
      organisationName: organisation.name,
      officeTitle: variant.officeTitle,
      opdrachtgeverTitle: variant.opdrachtgeverTitle,
      appointingBody: variant.appointingBody,
      link,
      expiresOn: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(expiresAt),
    };
    await this.outbox.enqueue(tx, caseId, INVITATION_TEMPLATE, {
      to: cipher.decrypt(subject.email_encrypted, `case:${caseId}:email`),
      subject: fill(template.subject, values),
      text: fill(template.text, values),
    }, 'uitnodiging');
  }

  /**
   * A new single-use sign-in link for the case's candidate, revoking every earlier unused link; in
   * the caller's transaction. `endSessions` also revokes the used ones, and with them the
   * candidate's sessions (a re-invitation); a notice's link leaves a session the candidate is in
   * alone. Only the code's hash is stored; the link goes into encrypted mail only.
   */
  async freshLink(tx: EntityManager, caseId: string, at: string, options: { endSessions: boolean }): Promise<{ link: string; expiresAt: Date }> {
    const code = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.parse(at) + this.config.invitationValidDays * 86_400_000);
    await tx.query(`UPDATE case_invitations SET revoked_at = now() WHERE case_id = $1 AND revoked_at IS NULL AND ($2 OR used_at IS NULL)`, [caseId, options.endSessions]);
    await tx.query(`INSERT INTO case_invitations (case_id, code_hash, expires_at) VALUES ($1, $2, $3)`, [caseId, hashCode(code), expiresAt]);
    // In the fragment, so the code never reaches a server log or a Referer header.
    return { link: `${this.config.publicUrl}/kandidaat#code=${code}`, expiresAt };
  }

  /** Exchanges a code, once, for a bearer token scoped to its case with the role kandidaat. */
  async exchange(code: string, clientAddress: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number; caseId: string }> {
    // The code is tried first: a valid one works whatever others behind the same address (a shared
    // NAT) got wrong. Guessing a 24-byte code is hopeless; the throttle only slows noise.
    const keys = this.throttle.keys({ address: clientAddress }, 'invitation');
    const [invitation]: { id: string; case_id: string }[] = await this.dataSource.query(
      `WITH used AS (
         UPDATE case_invitations i SET used_at = now()
          FROM cases c
          WHERE i.code_hash = $1 AND i.used_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
            AND c.id = i.case_id AND c.state <> 'vernietigd'
          RETURNING i.id, i.case_id)
       SELECT id, case_id FROM used`,
      [hashCode(code)],
    );
    if (!invitation) {
      await this.throttle.refuseWhenThrottled(keys);
      await this.throttle.recordFailure(keys);
      await this.audit.append(null, { actor: 'anonymous', action: 'auth.invitation', object: 'invitation:(onbekend)', result: 'failed' });
      throw new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_INVITATION', 'Deze uitnodigingscode is onbekend, verlopen of al gebruikt. Vraag om een nieuwe uitnodiging.');
    }
    await this.audit.append(null, { actor: `kandidaat:${invitation.id}`, action: 'auth.invitation', object: `case:${invitation.case_id}`, result: 'ok' });
    const { token, expiresIn } = await this.sessions.start(`kandidaat:${invitation.id}`, { scope: CANDIDATE_SCOPE, case: invitation.case_id }, this.config.candidateTokenTtlSeconds);
    return { accessToken: token, tokenType: 'Bearer', expiresIn, caseId: invitation.case_id };
  }
}
