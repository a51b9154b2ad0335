import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Public, RequirePermission } from '../access/decorators';
import { Principal } from '../access/principal';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccessTokenDto, LoginDto } from './login.dto';
import { LoginService } from './login.service';
import { AuditService } from '../audit/audit.service';
import { SessionInfo, tokenSha256 } from './auth.guard';
import { clearSessionCookie, cookiesAreSecure, requireWebClient, sessionToken, setSessionCookie } from './session-cookie';
import { SessionService } from './session.service';
import { TokenService, VerifiedToken } from './token.service';

interface OrganisationLinks {
  contactUrl: string | null;
  contactEmail: string | null;
  privacyStatementUrl: string | null;
  accessibilityStatementUrl: string | null;
}

export type SessionView =
  | {
      kind: 'user';
      id: string;
      name: string;
      email: string;
      roles: string[];
      /** What the page frame shows: the organisation's name and logo, and the links in the footer. */
      organisation: { id: string; name: string; kind: string; hasLogo: boolean; links: OrganisationLinks };
      expiresAt: string | null;
      /** Signed in through the organisation's provider: the web app also signs out there (GET /auth/oidc/logout). */
      viaProvider: boolean;
    }
  | { kind: 'candidate'; caseId: string; roles: ['kandidaat']; expiresAt: string | null };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secure = cookiesAreSecure(config);
  }

  private readonly secure: boolean;

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a local account; returns a bearer token' })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<AccessTokenDto> {
    return this.logins.login(body.email, body.password, req.ip ?? 'unknown');
  }

  @Post('session')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in for the web application: the token goes into an HttpOnly cookie, not into the response' })
  async startSession(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ expiresIn: number }> {
    requireWebClient(req);
    const { accessToken, expiresIn } = await this.logins.login(body.email, body.password, req.ip ?? 'unknown');
    setSessionCookie(res, accessToken, expiresIn, this.secure);
    return { expiresIn };
  }

  @Delete('session')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: the session ends on the server, for the cookie and for every token of the session (also as Bearer)' })
  async endSession(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const header = req.headers.authorization;
    const bearerToken = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/.exec(header.trim())?.[1] : undefined;
    const cookie = sessionToken(req, this.secure);
    clearSessionCookie(res, this.secure);
    const token = bearerToken ?? (cookie === 'ambiguous' ? null : cookie);
    if (!token) return;
    let verified: VerifiedToken;
    try {
      verified = await this.tokens.verify(token);
    } catch {
      return; // Expired or not ours: nothing left to end.
    }
    const { claims } = verified;
    await this.dataSource.transaction(async (tx) => {
      if (verified.source === 'local') {
        // The session, not this one token: earlier tokens of a renewed session end with it.
        if (!(await this.sessions.end(claims.sid, tx))) return;
      } else {
        // A provider's token has no session of ours: it is refused by its hash until it expires.
        await tx.query('DELETE FROM ended_sessions WHERE expires_at < now()');
        await tx.query('INSERT INTO ended_sessions (token_sha256, expires_at) VALUES ($1, to_timestamp($2)) ON CONFLICT DO NOTHING', [tokenSha256(token), claims.exp ?? Date.now() / 1000 + 86400]);
      }
      const actor = claims.sub.startsWith('kandidaat:') ? claims.sub : `user:${claims.sub}`;
      await this.audit.append(tx, { actor, action: 'auth.logout', object: 'session', result: 'ok' });
    });
  }

  @Get('session')
  @RequirePermission('session.read')
  @ApiOperation({ summary: 'Who is signed in: an official with roles and organisation, or the candidate of one case' })
  async session(@CurrentPrincipal() principal: Principal, @Req() req: Request & { session?: SessionInfo }): Promise<SessionView> {
    const expiresAt = req.session?.expiresAt ?? null;
    if (principal.kind === 'candidate') return { kind: 'candidate', caseId: principal.caseId, roles: principal.roles, expiresAt };
    const [row] = await this.dataSource.query(
      `SELECT u.name, u.email, o.id AS organisation_id, o.name AS organisation_name, o.kind, o.logo IS NOT NULL AS has_logo,
              o.contact_url, o.contact_email, o.privacy_statement_url, o.accessibility_statement_url
         FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      [principal.userId],
    );
    return {
      kind: 'user',
      id: principal.userId,
      name: row.name,
      email: row.email,
      roles: principal.roles,
      organisation: {
        id: row.organisation_id,
        name: row.organisation_name,
        kind: row.kind,
        hasLogo: row.has_logo,
        links: { contactUrl: row.contact_url, contactEmail: row.contact_email, privacyStatementUrl: row.privacy_statement_url, accessibilityStatementUrl: row.accessibility_statement_url },
      },
      expiresAt,
      viaProvider: req.session?.viaProvider ?? false,
    };
  }
}
