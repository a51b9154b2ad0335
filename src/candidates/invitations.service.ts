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
import { SigningKeyService } from '../auth/signing-key.service';
import { longDate } from '../common/dutch-date';
import { OutboxService } from './outbox.service';

/** Version 2 (issue 17): a spent link points to the "send me a new link" page. */
const INVITATION_TEMPLATE = 'mail/kandidaat-uitnodiging-2.nl.json';
const NEW_LINK_TEMPLATE = 'mail/kandidaat-nieuwe-link-1.nl.json';
/** "Send me a new link": requests per address asked for and per client, in the sign-in window. */
export const NEW_LINK_LIMITS = { perEmail: 3, perClient: 10 };
/** The one answer to every well-formed request, known address or not. */
export const NEW_LINK_ANSWER =
  'Als dit e-mailadres hoort bij een lopende risicoanalyse, sturen we binnen enkele minuten een nieuwe persoonlijke link. Kijk ook in uw map met ongewenste e-mail. Krijgt u niets, neem dan contact op met de organisatie die u uitnodigde.';
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
    private readonly signingKeys: SigningKeyService,
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
    // From now on the candidate can ask for a new link with this address.
    await tx.query('UPDATE case_subjects SET email_lookup = $2 WHERE case_id = $1', [caseId, this.emailLookup(cipher.decrypt(subject.email_encrypted, `case:${caseId}:email`))]);
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
      newLinkPage: `${this.config.publicUrl}/kandidaat/nieuwe-link`,
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

  private emailLookup(email: string): string {
    return this.signingKeys.pseudonym('candidate-email', email.trim().toLowerCase());
  }

  /**
   * "Send me a new link": when the address is that of an invited candidate of an open case, a fresh
   * single-use link goes to it (earlier unused links revoked). The caller learns nothing: every
   * well-formed request gets the same answer, and the throttle counts every request, known
   * address or not, per address asked for and per client.
   */
  async requestNewLink(email: string, clientAddress: string): Promise<{ message: string }> {
    const normalized = email.trim().toLowerCase();
    const keys = [
      { key: this.signingKeys.pseudonym('new-link:email', normalized), max: NEW_LINK_LIMITS.perEmail },
      { key: this.signingKeys.pseudonym('new-link:address', clientAddress), max: NEW_LINK_LIMITS.perClient },
    ];
    const window = this.config.loginFailureWindowSeconds;
    const counts: { key_hash: string; n: number; retry_after: number }[] = await this.dataSource.query(
      `SELECT key_hash, count(*)::int AS n, ceil(extract(epoch FROM min(failed_at) + make_interval(secs => $2) - now()))::int AS retry_after
         FROM login_failures WHERE key_hash = ANY($1) AND failed_at > now() - make_interval(secs => $2) GROUP BY key_hash`,
      [keys.map((k) => k.key), window],
    );
    const over = keys.map((k) => ({ ...k, row: counts.find((c) => c.key_hash === k.key) })).find((k) => k.row && k.row.n >= k.max);
    if (over) {
      const retryAfter = Math.max(1, over.row!.retry_after);
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'NEW_LINK_THROTTLED', `U heeft al een paar keer om een nieuwe link gevraagd. Kijk in uw e-mail (ook bij ongewenste e-mail) of probeer het over ${Math.ceil(retryAfter / 60)} minuten opnieuw.`, { retryAfterSeconds: retryAfter }, { 'Retry-After': String(retryAfter) });
    }
    await this.dataSource.query(`INSERT INTO login_failures (key_hash) SELECT unnest($1::text[])`, [keys.map((k) => k.key)]);

    const at = new Date().toISOString();
    const sent = await this.dataSource.transaction(async (tx) => {
      const cases: { id: string; machine_version: string; snapshot: { context: CaseContext } }[] = await tx.query(
        `SELECT c.id, c.machine_version, c.snapshot FROM case_subjects s JOIN cases c ON c.id = s.case_id
          WHERE s.email_lookup = $1 AND c.state NOT IN ('afgesloten', 'vernietigd')
            AND EXISTS (SELECT 1 FROM case_invitations i WHERE i.case_id = c.id)
          ORDER BY c.created_at FOR UPDATE OF c`,
        [this.emailLookup(normalized)],
      );
      for (const kase of cases) {
        const { link, expiresAt } = await this.freshLink(tx, kase.id, at, { endSessions: false });
        const cipher = await this.crypto.forCase(tx, kase.id);
        const [subject] = await tx.query('SELECT name_encrypted, email_encrypted FROM case_subjects WHERE case_id = $1', [kase.id]);
        const [organisation] = await tx.query('SELECT o.name FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1', [kase.id]);
        const variant = variantOf(kase.snapshot.context);
        const template = readTemplate<{ subject: string; text: string }>(NEW_LINK_TEMPLATE);
        const values = {
          candidateName: cipher.decrypt(subject.name_encrypted, `case:${kase.id}:name`),
          organisationName: organisation.name,
          officeTitle: variant.officeTitle,
          opdrachtgeverTitle: variant.opdrachtgeverTitle,
          link,
          expiresOn: longDate(expiresAt.toISOString()),
        };
        await this.outbox.enqueue(tx, kase.id, NEW_LINK_TEMPLATE, { to: cipher.decrypt(subject.email_encrypted, `case:${kase.id}:email`), subject: fill(template.subject, values), text: fill(template.text, values) }, 'nieuwe_link');
        await this.audit.append(tx, { actor: 'anonymous', action: 'auth.invitation.new_link', object: `case:${kase.id}`, result: 'ok' });
      }
      return cases.length;
    });
    if (sent > 0) this.outbox.deliverPending().catch(() => undefined);
    return { message: NEW_LINK_ANSWER };
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
      throw new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_INVITATION', 'Deze uitnodigingscode is onbekend, verlopen of al gebruikt. Vraag een nieuwe link aan met uw e-mailadres, of vraag om een nieuwe uitnodiging.');
    }
    await this.audit.append(null, { actor: `kandidaat:${invitation.id}`, action: 'auth.invitation', object: `case:${invitation.case_id}`, result: 'ok' });
    const { token, expiresIn } = await this.sessions.start(`kandidaat:${invitation.id}`, { scope: CANDIDATE_SCOPE, case: invitation.case_id }, this.config.candidateTokenTtlSeconds);
    return { accessToken: token, tokenType: 'Bearer', expiresIn, caseId: invitation.case_id };
  }
}
