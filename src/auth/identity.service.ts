import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../access/principal';
import { AppError } from '../common/app-error';
import { UUID_PATTERN } from '../common/id-param';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Organisation, roleFitsOrganisation } from '../orgs/organisation.entity';
import { comparableEmail, mixedScriptProblem } from '../users/email';
import { Role, ROLES, User } from '../users/user.entity';
import { claimAt, InvalidTokenError, VerifiedToken } from './token.service';

const unauthenticated = (message = 'U bent niet aangemeld, of uw aanmelding is verlopen.') =>
  new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', message);

/** Turns a verified token into the caller: a local account, or an OIDC identity provisioned on first use. */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Who the token names, on every request. A local token holds only while its session runs (not
   * signed out, begun after the account's `sessions_valid_after`); a provider's token only when
   * issued after that moment. Ended sessions throw InvalidTokenError('expired').
   */
  async principalFor(token: VerifiedToken): Promise<Principal> {
    if (token.source === 'local' && token.claims.scope === 'kandidaat') return this.candidate(token.claims);
    const user = token.source === 'local' ? await this.localUser(token.claims.sub, token.claims.sid) : await this.oidcUser(token.claims);
    if (!user || !user.active) throw unauthenticated();
    const sessionId = token.source === 'local' ? (token.claims.sid as string) : undefined;
    return { kind: 'user', userId: user.id, organisationId: user.organisationId, roles: user.roles, authMethod: token.source, ...(sessionId ? { sessionId } : {}) };
  }

  /**
   * A candidate's token holds while its invitation is the case's current one (a new invitation
   * revokes it) and the case is not destroyed.
   */
  private async candidate(claims: VerifiedToken['claims']): Promise<Principal> {
    const invitationId = claims.sub.replace(/^kandidaat:/, '');
    if (!UUID_PATTERN.test(invitationId) || typeof claims.case !== 'string' || !UUID_PATTERN.test(claims.case)) throw unauthenticated();
    if (typeof claims.sid !== 'string' || !UUID_PATTERN.test(claims.sid)) throw new InvalidTokenError('invalid');
    const [row]: { case_id: string; organisation_id: string; session_running: boolean }[] = await this.dataSource.query(
      `SELECT i.case_id, c.organisation_id,
              EXISTS (SELECT 1 FROM sessions s WHERE s.id = $3 AND s.subject = 'kandidaat:' || i.id::text AND s.ended_at IS NULL AND s.expires_at > now()) AS session_running
         FROM case_invitations i JOIN cases c ON c.id = i.case_id
        WHERE i.id = $1 AND i.case_id = $2 AND i.revoked_at IS NULL AND c.state <> 'vernietigd'`,
      [invitationId, claims.case, claims.sid],
    );
    if (!row) throw unauthenticated('Uw uitnodiging is vervangen of niet meer geldig; gebruik de nieuwste uitnodiging.');
    if (!row.session_running) throw new InvalidTokenError('expired');
    return { kind: 'candidate', caseId: row.case_id, invitationId, organisationId: row.organisation_id, roles: ['kandidaat'] };
  }

  /**
   * Who a local token names, on every request: a deactivated account or changed roles hold at once,
   * and so does the end of its session (signed out, or begun before the account's
   * `sessions_valid_after`: a password reset or a role taken away).
   */
  private async localUser(sub: string, sessionId: unknown): Promise<Pick<User, 'id' | 'organisationId' | 'roles' | 'active'> | null> {
    if (!UUID_PATTERN.test(sub)) return null;
    if (typeof sessionId !== 'string' || !UUID_PATTERN.test(sessionId)) throw new InvalidTokenError('invalid');
    // A plain query: the repository's query building cost more than the query on this hot path.
    const [row]: { id: string; organisation_id: string; roles: User['roles']; active: boolean; session_running: boolean }[] = await this.dataSource.query(
      `SELECT u.id, u.organisation_id, u.roles, u.active,
              EXISTS (SELECT 1 FROM sessions s WHERE s.id = $2 AND s.user_id = u.id AND s.ended_at IS NULL AND s.expires_at > now()
                         AND s.created_at > u.sessions_valid_after) AS session_running
         FROM users u WHERE u.id = $1`,
      [sub, sessionId],
    );
    if (row && !row.session_running) throw new InvalidTokenError('expired');
    return row ? { id: row.id, organisationId: row.organisation_id, roles: row.roles, active: row.active } : null;
  }

  private async oidcUser(claims: VerifiedToken['claims']): Promise<User> {
    const oidc = this.config.oidc!;
    const orgCode = claimAt(claims, oidc.organisationClaim);
    const email = claimAt(claims, oidc.emailClaim);
    const name = claimAt(claims, oidc.nameClaim);
    const rawRoles = claimAt(claims, oidc.rolesClaim);
    const roles = (Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(/[\s,]+/) : [])
      .filter((r): r is Role => (ROLES as readonly string[]).includes(r as string));
    if (typeof orgCode !== 'string' || typeof email !== 'string') {
      throw unauthenticated('Uw aanmelding mist de organisatie of het e-mailadres; neem contact op met uw beheerder.');
    }
    if (mixedScriptProblem(comparableEmail(email))) throw unauthenticated('Uw e-mailadres mengt letters uit verschillende schriften en wordt niet aanvaard; neem contact op met uw beheerder.');
    const repo = this.dataSource.getRepository(User);
    const organisation = await this.dataSource.getRepository(Organisation).findOne({ where: { code: orgCode } });
    if (!organisation) throw unauthenticated('Uw organisatie is niet bekend in deze dienst; neem contact op met uw beheerder.');
    // A screening bureau has no opdrachtgever or auditor, whatever its provider says.
    const fittingRoles = roles.filter((role) => roleFitsOrganisation(role, organisation.kind));

    const found = await repo.findOne({ where: { oidcIssuer: oidc.issuer, oidcSubject: claims.sub } });
    // Linking to an existing account by address needs an address the provider verified.
    const verified = claimAt(claims, 'email_verified') !== false;
    const user = found ?? (await this.provision(organisation, claims.sub, comparableEmail(email), typeof name === 'string' ? name.trim() : '', fittingRoles, verified));
    if (user.organisationId !== organisation.id) {
      throw unauthenticated('Uw account hoort bij een andere organisatie; neem contact op met uw beheerder.');
    }
    // A password reset or a role taken away here ends the provider's earlier tokens too.
    const [{ valid }]: { valid: boolean }[] = await this.dataSource.query(
      'SELECT to_timestamp($2) > sessions_valid_after AS valid FROM users WHERE id = $1',
      [user.id, typeof claims.iat === 'number' ? claims.iat : 0],
    );
    if (!valid) throw new InvalidTokenError('expired');
    if (!sameRoles(user.roles, fittingRoles)) {
      // The provider is the source of truth for roles of OIDC accounts.
      await repo.update({ id: user.id }, { roles: fittingRoles });
      user.roles = fittingRoles;
    }
    return user;
  }

  /**
   * First sign-in of a subject: link the local account with the same address in the same
   * organisation, or create one. Each step is one atomic statement, so concurrent first requests
   * of one subject end with one account and none of them fails.
   */
  private async provision(organisation: Organisation, subject: string, email: string, name: string, roles: Role[], emailVerified: boolean): Promise<User> {
    const issuer = this.config.oidc!.issuer;
    const repo = this.dataSource.getRepository(User);
    const linked: { id: string }[] = !emailVerified ? [] : await this.dataSource.query(
      // As a CTE so the driver returns the rows, not TypeORM's [rows, count] for a bare UPDATE.
      `WITH linked AS (UPDATE users SET oidc_issuer = $1, oidc_subject = $2, updated_at = now()
        WHERE email = $3 AND organisation_id = $4 AND oidc_issuer IS NULL RETURNING id) SELECT id FROM linked`,
      [issuer, subject, email, organisation.id],
    );
    const created: { id: string }[] = linked.length
      ? []
      : await this.dataSource.query(
          `INSERT INTO users (organisation_id, email, name, roles, oidc_issuer, oidc_subject)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
          [organisation.id, email, name || email, roles, issuer, subject],
        );
    if (created.length) this.logger.log({ userId: created[0].id, organisationId: organisation.id }, 'Provisioned OIDC account');
    // Linked, created, or provisioned by a concurrent request of the same subject.
    const user = await repo.findOne({ where: { oidcIssuer: issuer, oidcSubject: subject } });
    if (!user) throw unauthenticated('Dit e-mailadres hoort bij een ander account; neem contact op met uw beheerder.');
    return user;
  }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
