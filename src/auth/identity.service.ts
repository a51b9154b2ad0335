import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserPrincipal } from '../access/principal';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Organisation } from '../orgs/organisation.entity';
import { Role, ROLES, User } from '../users/user.entity';
import { claimAt, VerifiedToken } from './token.service';

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

  async principalFor(token: VerifiedToken): Promise<UserPrincipal> {
    const user = token.source === 'local' ? await this.localUser(token.claims.sub) : await this.oidcUser(token.claims);
    if (!user || !user.active) throw unauthenticated();
    return { kind: 'user', userId: user.id, organisationId: user.organisationId, roles: user.roles, authMethod: token.source };
  }

  private async localUser(sub: string): Promise<User | null> {
    if (!/^[\da-f-]{36}$/i.test(sub)) return null;
    return this.dataSource.getRepository(User).findOne({ where: { id: sub } });
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
    const repo = this.dataSource.getRepository(User);
    const organisation = await this.dataSource.getRepository(Organisation).findOne({ where: { code: orgCode } });
    if (!organisation) throw unauthenticated('Uw organisatie is niet bekend in deze dienst; neem contact op met uw beheerder.');

    const identity = { oidcIssuer: oidc.issuer, oidcSubject: claims.sub };
    let user = await repo.findOne({ where: identity });
    if (user && user.organisationId !== organisation.id) {
      throw unauthenticated('Uw account hoort bij een andere organisatie; neem contact op met uw beheerder.');
    }
    if (!user) {
      // An account the beheerder created earlier with the same address is linked on first sign-in.
      const existing = await repo.findOne({ where: { email: email.toLowerCase() } });
      if (existing && (existing.organisationId !== organisation.id || existing.oidcSubject)) {
        throw unauthenticated('Dit e-mailadres hoort bij een ander account; neem contact op met uw beheerder.');
      }
      user = existing ?? repo.create({ email: email.toLowerCase(), organisationId: organisation.id, passwordHash: null, active: true });
      Object.assign(user, identity);
      user.name = typeof name === 'string' && name.trim() ? name.trim() : email.toLowerCase();
      user.roles = roles;
      user = await repo.save(user);
      this.logger.log({ userId: user.id, organisationId: organisation.id }, 'Provisioned OIDC account');
    } else if (!sameRoles(user.roles, roles)) {
      // The provider is the source of truth for roles of OIDC accounts.
      await repo.update({ id: user.id }, { roles });
      user.roles = roles;
    }
    return user;
  }
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
