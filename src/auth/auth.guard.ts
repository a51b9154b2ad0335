import { CanActivate, ExecutionContext, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PERMISSION_KEY, PUBLIC_KEY } from '../access/decorators';
import { Permission, rolesGrant } from '../access/permissions';
import { Principal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { IdentityService } from './identity.service';
import { needsWebClientHeader, sessionToken } from './session-cookie';
import { InvalidTokenError, TokenService } from './token.service';

/**
 * Deny by default: a route is reachable only if it is @Public() or declares a permission that
 * one of the caller's roles grants. Runs globally, on every request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly identities: IdentityService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no permission; refused`);
      throw new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'U heeft geen toestemming voor deze handeling.');
    }

    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const route = `route:${request.method} ${(request.route as { path?: string } | undefined)?.path ?? '?'}`;
    let principal: Principal;
    try {
      principal = await this.authenticate(request);
    } catch (error) {
      if (error instanceof AppError && error.getStatus() === 401) {
        await this.audit.append(null, { actor: 'anonymous', action: 'auth.unauthenticated', object: route, result: 'denied' });
      }
      throw error;
    }
    request.principal = principal;
    if (!rolesGrant(principal.roles, permission)) {
      await this.audit.append(null, { actor: actorOf(principal), organisationId: principal.organisationId, action: `auth.forbidden.${permission}`, object: route, result: 'denied' });
      throw new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'Uw rol geeft geen toestemming voor deze handeling.');
    }
    return true;
  }

  private async authenticate(request: Request): Promise<Principal> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null;
    const cookie = match ? null : sessionToken(request);
    if (!match && !cookie) {
      throw new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'Aanmelden is nodig: stuur een geldig toegangstoken (Authorization: Bearer ...).', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (cookie && needsWebClientHeader(request)) {
      throw new AppError(HttpStatus.FORBIDDEN, 'WEB_CLIENT_HEADER_MISSING', 'Dit verzoek komt niet van de Basisscan-toepassing en is geweigerd.');
    }
    try {
      return await this.identities.principalFor(await this.tokens.verify(match ? match[1] : cookie!));
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        throw new AppError(
          HttpStatus.UNAUTHORIZED,
          error.reason === 'expired' ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED',
          error.reason === 'expired' ? 'Uw aanmelding is verlopen; meld u opnieuw aan.' : 'Het toegangstoken is ongeldig.',
          undefined,
          { 'WWW-Authenticate': `Bearer error="invalid_token"` },
        );
      }
      throw error;
    }
  }
}
