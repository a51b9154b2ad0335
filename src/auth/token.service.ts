import { Inject, Injectable, Logger } from '@nestjs/common';
import { decodeJwt, errors as joseErrors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OidcDiscoveryService } from './oidc-discovery.service';
import { SigningKeyService } from './signing-key.service';

export const LOCAL_AUDIENCE = 'basisscan';

/** How many verified tokens are remembered; the oldest goes first. */
const VERIFIED_TOKENS_KEPT = 10_000;

export type VerifiedToken =
  | { source: 'local'; claims: JWTPayload & { sub: string } }
  | { source: 'oidc'; claims: JWTPayload & { sub: string } };

export class InvalidTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid') {
    super(reason === 'expired' ? 'token expired' : 'token invalid');
  }
}

/** Issues local access tokens and verifies both local tokens and those of the configured OIDC provider. */
@Injectable()
export class TokenService {
  private readonly logger = new Logger('Tokens');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeyService,
    private readonly provider: OidcDiscoveryService,
  ) {}

  get localIssuer(): string {
    return this.config.publicUrl;
  }

  async issueLocal(subject: string, extraClaims: Record<string, unknown> = {}, ttlSeconds?: number): Promise<{ token: string; expiresIn: number }> {
    const expiresIn = ttlSeconds ?? this.config.accessTokenTtlSeconds;
    const token = await new SignJWT(extraClaims)
      .setProtectedHeader({ alg: 'EdDSA', kid: this.keys.keyId, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.localIssuer)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.keys.privateKey);
    return { token, expiresIn };
  }

  /**
   * Tokens whose signature was checked, until they expire. A signature check (Ed25519, or the
   * provider's RSA) cost more CPU than the rest of a typical request's own work; a client sends
   * the same token with every request. Who the token names is still looked up on every request.
   */
  private readonly verified = new Map<string, { result: VerifiedToken; expiresAtMs: number }>();

  async verify(token: string): Promise<VerifiedToken> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.result;
      this.verified.delete(token);
      throw new InvalidTokenError('expired');
    }
    const result = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { result, expiresAtMs: (result.claims.exp as number) * 1000 });
    return result;
  }

  private async verifySignature(token: string): Promise<VerifiedToken> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new InvalidTokenError('invalid');
    }
    try {
      if (issuer === this.localIssuer) {
        const { payload } = await jwtVerify(token, this.keys.publicKey, {
          issuer: this.localIssuer,
          audience: LOCAL_AUDIENCE,
          algorithms: ['EdDSA'],
          requiredClaims: ['sub', 'exp'],
        });
        return { source: 'local', claims: payload as VerifiedToken['claims'] };
      }
      if (this.config.oidc && issuer === this.config.oidc.issuer) {
        const { payload } = await jwtVerify(token, this.provider.keys, {
          issuer: this.config.oidc.issuer,
          audience: this.config.oidc.audience,
          algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
          requiredClaims: ['sub', 'exp'],
        });
        return { source: 'oidc', claims: payload as VerifiedToken['claims'] };
      }
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('expired');
      if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError('invalid');
      // Discovery or JWKS unreachable, or the like: not the caller's fault, but we cannot accept the token.
      this.logger.warn({ errorName: (error as Error).name }, 'Token verification failed unexpectedly');
      throw new InvalidTokenError('invalid');
    }
    throw new InvalidTokenError('invalid');
  }
}

/** Reads a claim by dotted path, e.g. `realm_access.roles` as Keycloak nests roles. */
export function claimAt(claims: Record<string, unknown>, dottedPath: string): unknown {
  if (dottedPath in claims) return claims[dottedPath];
  return dottedPath.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), claims);
}
