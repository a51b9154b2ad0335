import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PERMISSION_KEY, PUBLIC_KEY } from '../access/decorators';
import { Permission, rolesGrant } from '../access/permissions';
import { Principal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { API_BASE } from '../common/api-version';
import { AppError } from '../common/app-error';
import { IdentityService } from './identity.service';
import { cookiesAreSecure, needsWebClientHeader, SESSION_ABSOLUTE_SECONDS, sessionToken, setSessionCookie } from './session-cookie';
import { SessionService } from './session.service';
import { InvalidTokenError, TokenService, VerifiedToken } from './token.service';

export const tokenSha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

/** What the guard learned about a cookie session, for GET /auth/session. */
export interface SessionInfo {
  expiresAt: string;
  /** Signed in through the organisation's OIDC provider: signing out ends the provider's session too. */
  viaProvider: boolean;
}

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
    private readonly sessions: SessionService,
    private readonly identities: IdentityService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no permission; refused`);
      throw new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'U heeft geen toestemming voor deze handeling.');
    }

    const request = context.switchToHttp().getRequest<Request & { principal?: Principal; session?: SessionInfo }>();
    const route = `route:${request.method} ${(request.route as { path?: string } | undefined)?.path ?? '?'}`;
    let principal: Principal;
    try {
      principal = await this.authenticate(request, context.switchToHttp().getResponse<Response>());
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

  private async authenticate(request: Request & { session?: SessionInfo }, response: Response): Promise<Principal> {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null;
    const secure = cookiesAreSecure(this.config);
    const cookie = match ? null : sessionToken(request, secure);
    if (cookie === 'ambiguous') {
      throw new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'De sessie is ongeldig; meld u opnieuw aan.');
    }
    if (!match && !cookie) {
      throw new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'Aanmelden is nodig: stuur een geldig toegangstoken (Authorization: Bearer ...).', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (cookie && needsWebClientHeader(request)) {
      throw new AppError(HttpStatus.FORBIDDEN, 'WEB_CLIENT_HEADER_MISSING', 'Dit verzoek komt niet van de Basisscan-toepassing en is geweigerd.');
    }
    try {
      const token = match ? match[1] : cookie!;
      const verified = await this.tokens.verify(token);
      // A provider's token has no session of ours: signing out with it records the token itself.
      if (verified.source === 'oidc') {
        const [ended] = await this.dataSource.query('SELECT 1 FROM ended_sessions WHERE token_sha256 = $1', [tokenSha256(token)]);
        if (ended) throw new InvalidTokenError('expired');
      }
      // The session is checked here for every token, whatever carries it (IdentityService).
      const principal = await this.identities.principalFor(verified);
      if (!cookie) return principal;
      // Only the web application's own check of its session renews it, so an idle page expires.
      const renew = request.method === 'GET' && request.path === `${API_BASE}/auth/session`;
      request.session = await this.renewWhenHalfUsed(verified, principal, response, secure, renew);
      return principal;
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

  /**
   * A web session stays alive while it is used: past half its lifetime, the application's check of
   * its session (on activity, or the user's "Sessie verlengen") gets a fresh token, up to
   * SESSION_ABSOLUTE_SECONDS after signing in. An idle session simply expires.
   */
  private async renewWhenHalfUsed(verified: VerifiedToken, principal: Principal, response: Response, secure: boolean, renew: boolean): Promise<SessionInfo> {
    const claims = verified.claims as VerifiedToken['claims'] & { exp?: number; iat?: number; session_start?: number };
    const now = Math.floor(Date.now() / 1000);
    const ttl = principal.kind === 'candidate' ? this.config.candidateTokenTtlSeconds : this.config.accessTokenTtlSeconds;
    const start = claims.session_start ?? claims.iat ?? now;
    const exp = claims.exp ?? now;
    const viaProvider = claims.idp === 'oidc';
    if (!renew || verified.source !== 'local' || exp - now > ttl / 2 || start + SESSION_ABSOLUTE_SECONDS <= now) return { expiresAt: new Date(exp * 1000).toISOString(), viaProvider };
    const lifetime = Math.min(ttl, start + SESSION_ABSOLUTE_SECONDS - now);
    // The same session: its id carries over, so signing out ends this token and every earlier one.
    const extra = principal.kind === 'candidate' ? { scope: claims.scope, case: claims.case, sid: claims.sid, session_start: start } : { sid: claims.sid, session_start: start, ...(claims.idp ? { idp: claims.idp } : {}) };
    const { token } = await this.sessions.renew(claims.sub, extra, lifetime);
    setSessionCookie(response, token, lifetime, secure);
    return { expiresAt: new Date((now + lifetime) * 1000).toISOString(), viaProvider };
  }
}
