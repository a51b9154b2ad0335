import { Controller, Get, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Public } from '../access/decorators';
import { AuditService } from '../audit/audit.service';
import { API_BASE } from '../common/api-version';
import { notFound } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { IdentityService } from './identity.service';
import { OidcDiscoveryService } from './oidc-discovery.service';
import { cookiesAreSecure, setSessionCookie } from './session-cookie';
import { SessionService } from './session.service';
import { TokenService } from './token.service';

/** Holds state and PKCE verifier between the redirect to the provider and its return. */
const FLOW_COOKIE = 'basisscan_oidc';
const FLOW_SECONDS = 600;
const FLOW_PATH = `${API_BASE}/auth/oidc`;
const TOKEN_TIMEOUT_MS = 10_000;

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * Browser sign-in with the organisation's OIDC provider: authorisation code with PKCE. The
 * provider's token is checked as any bearer token is (issuer, audience, JWKS, roles), and the web
 * session then holds a token of our own, like a local sign-in.
 */
@ApiTags('auth')
@Controller('auth')
export class OidcLoginController {
  private readonly logger = new Logger('OidcLogin');
  private readonly secure: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly sessions: SessionService,
    private readonly identities: IdentityService,
    private readonly audit: AuditService,
    private readonly provider: OidcDiscoveryService,
  ) {
    this.secure = cookiesAreSecure(config);
  }

  @Get('methods')
  @Public()
  @ApiOperation({ summary: 'How one can sign in here: local accounts, and OIDC in the browser when configured' })
  methods(): { local: true; oidc: boolean } {
    return { local: true, oidc: !!this.config.oidc?.web };
  }

  @Get('oidc/start')
  @Public()
  @ApiOperation({ summary: "Starts the browser sign-in at the organisation's OIDC provider (redirect)" })
  async start(@Res() res: Response): Promise<void> {
    const web = this.config.oidc?.web;
    if (!web) throw notFound('Inloggen via de organisatie');
    let authorizationEndpoint: string | undefined;
    try {
      authorizationEndpoint = await this.provider.endpoint('authorizationEndpoint');
    } catch {
      // Logged by the discovery service; the person gets a Dutch message on the sign-in page.
    }
    if (!authorizationEndpoint) return res.redirect(302, '/inloggen?fout=oidc-onbereikbaar');
    const state = base64url(randomBytes(24));
    const verifier = base64url(randomBytes(32));
    // Lax, not Strict: it must come back with the provider's top-level redirect to us.
    res.cookie(FLOW_COOKIE, `${state}.${verifier}`, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: FLOW_PATH, maxAge: FLOW_SECONDS * 1000 });
    const url = new URL(authorizationEndpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: web.clientId,
      redirect_uri: this.callbackUrl(),
      scope: 'openid email profile',
      state,
      code_challenge: base64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
    }).toString();
    res.redirect(302, url.toString());
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({ summary: "The provider's return: code exchanged, session cookie set, on to the application" })
  async callback(@Query('code') code: unknown, @Query('state') state: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const web = this.config.oidc?.web;
    if (!web) throw notFound('Inloggen via de organisatie');
    const flow = /(?:^|;\s*)basisscan_oidc=([\w-]+)\.([\w-]+)/.exec(req.headers.cookie ?? '');
    res.clearCookie(FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: FLOW_PATH });
    const fail = async (reason: string) => {
      this.logger.warn(`OIDC sign-in refused: ${reason}`);
      await this.audit.append(null, { actor: 'anonymous', action: 'auth.login.oidc', object: 'oidc', result: 'failed' });
      res.redirect(302, '/inloggen?fout=oidc');
    };
    if (!flow || typeof state !== 'string' || typeof code !== 'string' || !code) return fail('no flow, state or code');
    const expected = Buffer.from(flow[1]);
    if (expected.length !== Buffer.byteLength(state) || !timingSafeEqual(expected, Buffer.from(state))) return fail('state mismatch');
    let accessToken: string;
    try {
      const tokenEndpoint = await this.provider.endpoint('tokenEndpoint');
      if (!tokenEndpoint) return fail('the provider has no token endpoint');
      const response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: this.callbackUrl(),
          client_id: web.clientId,
          code_verifier: flow[2],
          ...(web.clientSecret ? { client_secret: web.clientSecret } : {}),
        }),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
      const body = (await response.json().catch(() => ({}))) as { access_token?: unknown };
      if (!response.ok || typeof body.access_token !== 'string') return fail(`token endpoint answered ${response.status}`);
      accessToken = body.access_token;
    } catch (error) {
      return fail(`token endpoint unreachable: ${(error as Error).name}`);
    }
    let principal;
    try {
      principal = await this.identities.principalFor(await this.tokens.verify(accessToken));
    } catch {
      return fail('token not accepted');
    }
    if (principal.kind !== 'user') return fail('not an official');
    // `idp` marks the session for signing out at the provider too.
    const { token, expiresIn } = await this.sessions.start(principal.userId, { idp: 'oidc' });
    setSessionCookie(res, token, expiresIn, this.secure);
    await this.audit.append(null, { actor: `user:${principal.userId}`, organisationId: principal.organisationId, action: 'auth.login.oidc', object: `user:${principal.userId}`, result: 'ok' });
    res.redirect(302, '/');
  }

  /**
   * Sign-out at the provider (OpenID Connect RP-Initiated Logout 1.0), after the web app ended the
   * session here (DELETE /auth/session): a top-level navigation to the provider's
   * end_session_endpoint, which returns the person to the sign-in page. Without such an endpoint,
   * straight to the sign-in page. It changes nothing here, so it needs no protection against
   * cross-site requests.
   */
  @Get('oidc/logout')
  @Public()
  @ApiOperation({ summary: "Signs out at the organisation's OIDC provider too, when it offers that (redirect)" })
  async logout(@Res() res: Response): Promise<void> {
    const web = this.config.oidc?.web;
    if (!web) throw notFound('Afmelden bij de organisatie');
    const back = `${this.config.publicUrl}/inloggen?afgemeld=1`;
    let endSessionEndpoint: string | undefined;
    try {
      endSessionEndpoint = await this.provider.endpoint('endSessionEndpoint');
    } catch {
      // Provider unreachable: signed out here, which is what we can do.
    }
    if (!endSessionEndpoint) return res.redirect(302, '/inloggen?afgemeld=1');
    const url = new URL(endSessionEndpoint);
    url.searchParams.set('client_id', web.clientId);
    url.searchParams.set('post_logout_redirect_uri', back);
    res.redirect(302, url.toString());
  }

  /** Registered at the provider as the client's redirect URI. */
  private callbackUrl(): string {
    return `${this.config.publicUrl}${FLOW_PATH}/callback`;
  }
}
