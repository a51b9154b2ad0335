import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createRemoteJWKSet, JWTVerifyGetKey } from 'jose';
import { APP_CONFIG, AppConfig, OidcConfig } from '../config/app-config';

/** The parts of the provider's metadata (OpenID Connect Discovery 1.0, §3) this service uses. */
interface Endpoints {
  jwksUri?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  /** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), when the provider offers it. */
  endSessionEndpoint?: string;
}

export class OidcDiscoveryError extends Error {}

const FETCH_TIMEOUT_MS = 10_000;
/** After a failed fetch, the next try waits this long, so a provider outage is not hammered. */
const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * The provider's endpoints and keys from `OIDC_ISSUER/.well-known/openid-configuration`, fetched
 * on first use and again when the cache runs out (`OIDC_DISCOVERY_CACHE_SECONDS`). When a refresh
 * fails, the last good document stays in use: a provider hiccup must not sign everyone out.
 * Explicitly configured URLs replace single entries (for providers that publish internal
 * addresses, or none).
 */
@Injectable()
export class OidcDiscoveryService implements OnApplicationBootstrap {
  private readonly logger = new Logger('OidcDiscovery');
  private readonly oidc?: OidcConfig;
  private cached?: { endpoints: Endpoints; fetchedAtMs: number };
  private inFlight?: Promise<Endpoints>;
  private lastFailureMs = 0;
  private keySet?: { uri: string; get: JWTVerifyGetKey };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.oidc = config.oidc;
  }

  /** Fetches the document at start-up so the first sign-in does not wait; a failure is logged, not fatal. */
  onApplicationBootstrap(): void {
    if (this.oidc && !this.oidc.overrides.jwksUri) this.discovered().catch(() => undefined);
  }

  /** One endpoint: configured, or else from the discovery document (undefined when the provider has none). */
  async endpoint(name: keyof Endpoints): Promise<string | undefined> {
    if (!this.oidc) throw new OidcDiscoveryError('OIDC is not configured');
    return this.oidc.overrides[name] ?? (await this.discovered())[name];
  }

  private async discovered(): Promise<Endpoints> {
    const oidc = this.oidc!;
    const fresh = this.cached && Date.now() - this.cached.fetchedAtMs < oidc.discoveryCacheSeconds * 1000;
    if (this.cached && (fresh || Date.now() - this.lastFailureMs < RETRY_AFTER_FAILURE_MS)) return this.cached.endpoints;
    this.inFlight ??= this.fetchDocument(oidc).finally(() => (this.inFlight = undefined));
    try {
      return await this.inFlight;
    } catch (error) {
      this.lastFailureMs = Date.now();
      const problem = { errorName: (error as Error).name, reason: (error as Error).message };
      if (this.cached) {
        this.logger.warn(problem, 'OIDC discovery refresh failed; the last good document stays in use');
        return this.cached.endpoints;
      }
      this.logger.warn(problem, 'OIDC discovery failed');
      throw error;
    }
  }

  /** A key resolver for `jwtVerify`, built on the (possibly rediscovered) `jwks_uri`. */
  readonly keys: JWTVerifyGetKey = async (header, token) => {
    const jwksUri = await this.endpoint('jwksUri');
    if (!jwksUri) throw new OidcDiscoveryError('the provider publishes no keys');
    if (this.keySet?.uri !== jwksUri) {
      const maxAge = (this.oidc?.discoveryCacheSeconds ?? 3600) * 1000;
      this.keySet = { uri: jwksUri, get: createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: 30_000, cacheMaxAge: maxAge, timeoutDuration: FETCH_TIMEOUT_MS }) };
    }
    return this.keySet.get(header, token);
  };

  private async fetchDocument(oidc: OidcConfig): Promise<Endpoints> {
    const url = `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new OidcDiscoveryError(`discovery document answered ${response.status}`);
    const document = (await response.json()) as Record<string, unknown>;
    // Discovery §4.3: the document must name exactly the issuer it was fetched for.
    if (document.issuer !== oidc.issuer) throw new OidcDiscoveryError('discovery document names another issuer');
    const url_ = (key: string): string | undefined => {
      const value = document[key];
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || !/^https?:\/\//.test(value)) throw new OidcDiscoveryError(`discovery document has an invalid ${key}`);
      return value;
    };
    const endpoints: Endpoints = {
      jwksUri: url_('jwks_uri'),
      authorizationEndpoint: url_('authorization_endpoint'),
      tokenEndpoint: url_('token_endpoint'),
      endSessionEndpoint: url_('end_session_endpoint'),
    };
    this.cached = { endpoints, fetchedAtMs: Date.now() };
    this.logger.log({ endSession: !!endpoints.endSessionEndpoint }, 'OIDC provider discovered');
    return endpoints;
  }
}
