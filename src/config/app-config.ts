import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBase64,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  Matches,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { isIP } from 'node:net';
import { DEFAULT_REGIME_CALENDAR, RegimeCalendar } from '../../workflows/regimes';
import * as os from 'node:os';
import * as path from 'node:path';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const text = String(value).toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Where the client address comes from: `false` (the connection), a hop count, or the proxies' addresses and networks. */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY as Express takes it; undefined when the value is not valid. */
export function parseTrustProxy(value: string): TrustProxy | undefined {
  const text = value.trim();
  if (text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops >= 1 && hops <= 10 ? hops : undefined;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (PROXY_NAMES.includes(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (!family || rest.length > 0) return undefined;
    if (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128))) return undefined;
  }
  return entries;
}

@ValidatorConstraint({ name: 'trustProxy' })
class TrustProxyList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseTrustProxy(value) !== undefined;
  }
  defaultMessage(): string {
    return 'TRUST_PROXY holds an address or network that is not a valid IP or CIDR';
  }
}

/**
 * Every setting the service reads, from environment variables. docs/configuration.md's table
 * documents each one; `loadConfig` refuses to start on a bad value.
 */
export class EnvironmentVariables {
  @IsOptional() @IsInt() @Min(0) @Max(65535) @Transform(toInt)
  PORT: number = 3000;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  HOST: string = '0.0.0.0';

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL?: string;

  @IsOptional() @IsInt() @Min(1) @Max(200) @Transform(toInt)
  DATABASE_POOL_SIZE: number = 10;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  DATA_DIR: string = './data';

  @IsOptional() @IsInt() @Min(0) @Max(65535) @Transform(toInt)
  EMBEDDED_DB_PORT: number = 0;

  @IsOptional() @IsBoolean() @Transform(toBool)
  SEED_DEMO?: boolean;

  @IsOptional() @IsBoolean() @Transform(toBool)
  SEED_DEMO_FORMATION?: boolean;

  @IsOptional() @IsString() @MinLength(8) @Transform(emptyToUndefined)
  DEMO_PASSWORD: string = 'Voorbeeld-2026!';

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) @Transform(emptyToUndefined)
  PUBLIC_URL?: string;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  JWT_PRIVATE_KEY?: string;

  @IsOptional() @IsBase64() @Length(44, 44, { message: 'DATA_ENCRYPTION_KEY must be 32 bytes, base64-encoded (44 characters)' }) @Transform(emptyToUndefined)
  DATA_ENCRYPTION_KEY?: string;

  @IsOptional() @IsInt() @Min(1) @Max(120) @Transform(toInt)
  JOB_POLL_SECONDS: number = 5;

  @IsOptional() @IsInt() @Min(0) @Max(3650) @Transform(toInt)
  RETENTION_NOT_APPOINTED_DAYS: number = 28;

  @IsOptional() @IsInt() @Min(0) @Max(3650) @Transform(toInt)
  RETENTION_WITHDRAWN_DAYS: number = 28;

  @IsOptional() @IsInt() @Min(0) @Max(120) @Transform(toInt)
  RETENTION_APPOINTED_MONTHS: number = 48;

  @IsOptional() @IsInt() @Min(1) @Max(60) @Transform(toInt)
  INVITATION_VALID_DAYS: number = 7;

  /** Working days before a deadline that the one who must act is reminded (0: no reminders). */
  @IsOptional() @IsInt() @Min(0) @Max(10) @Transform(toInt)
  REMINDER_WORKING_DAYS: number = 2;

  /** Hosts a webhook may point at over http or in a private range (development, tests); comma-separated. */
  @IsOptional() @IsString()
  WEBHOOK_ALLOWED_HOSTS: string = '';

  @IsOptional() @IsInt() @Min(1) @Max(20) @Transform(toInt)
  WEBHOOK_MAX_ATTEMPTS: number = 8;

  @IsOptional() @IsInt() @Min(1) @Max(3600) @Transform(toInt)
  WEBHOOK_RETRY_BASE_SECONDS: number = 30;

  @IsOptional() @IsInt() @Min(300) @Max(86400) @Transform(toInt)
  CANDIDATE_TOKEN_TTL_SECONDS: number = 28800;

  @IsOptional() @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true }) @Transform(emptyToUndefined)
  SMTP_URL?: string;

  @IsOptional() @IsString() @MinLength(3) @Transform(emptyToUndefined)
  MAIL_FROM: string = 'Basisscan <no-reply@basisscan.invalid>';

  @IsOptional() @IsInt() @Min(60) @Max(86400) @Transform(toInt)
  ACCESS_TOKEN_TTL_SECONDS: number = 3600;

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) @Transform(emptyToUndefined)
  OIDC_ISSUER?: string;

  /**
   * Endpoints and keys come from the provider's discovery document
   * (`OIDC_ISSUER/.well-known/openid-configuration`); these four override single entries of it.
   */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }, { message: 'OIDC_JWKS_URL must be a URL' }) @Transform(emptyToUndefined)
  OIDC_JWKS_URL?: string;

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }, { message: 'OIDC_AUTHORIZATION_URL must be a URL' }) @Transform(emptyToUndefined)
  OIDC_AUTHORIZATION_URL?: string;

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }, { message: 'OIDC_TOKEN_URL must be a URL' }) @Transform(emptyToUndefined)
  OIDC_TOKEN_URL?: string;

  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }, { message: 'OIDC_END_SESSION_URL must be a URL' }) @Transform(emptyToUndefined)
  OIDC_END_SESSION_URL?: string;

  /** How long the discovery document and the keys are used before they are fetched again. */
  @IsOptional() @IsInt() @Min(60) @Max(86400) @Transform(toInt)
  OIDC_DISCOVERY_CACHE_SECONDS: number = 3600;

  @ValidateIf((env: EnvironmentVariables) => env.OIDC_ISSUER !== undefined)
  @IsString({ message: 'OIDC_AUDIENCE is required when OIDC_ISSUER is set' })
  @MinLength(1)
  @Transform(emptyToUndefined)
  OIDC_AUDIENCE?: string;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  OIDC_ROLES_CLAIM: string = 'roles';

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  OIDC_ORGANISATION_CLAIM: string = 'organisation';

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  OIDC_EMAIL_CLAIM: string = 'email';

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  OIDC_NAME_CLAIM: string = 'name';

  /** Browser sign-in (authorisation code with PKCE) needs a client besides OIDC_ISSUER; the secret when the client is confidential. */
  @IsOptional() @IsString() @MinLength(1) @Transform(emptyToUndefined)
  OIDC_CLIENT_ID?: string;

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  OIDC_CLIENT_SECRET?: string;

  @IsOptional() @IsInt() @Min(1) @Max(100) @Transform(toInt)
  LOGIN_MAX_FAILURES: number = 5;

  @IsOptional() @IsInt() @Min(1) @Max(86400) @Transform(toInt)
  LOGIN_FAILURE_WINDOW_SECONDS: number = 900;

  @IsOptional() @IsInt() @Min(1) @Max(10000000) @Transform(toInt)
  RATE_LIMIT_PER_MINUTE: number = 600;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) @Transform(emptyToUndefined)
  LOG_LEVEL: string = 'info';

  /**
   * `false`, the number of proxies in front (1–10), or the proxies' addresses and networks
   * (comma-separated IPs and CIDRs, or loopback/linklocal/uniquelocal). Never `true`: that would
   * take the client address from the left-most X-Forwarded-For entry, which the client writes.
   */
  @IsOptional() @IsString() @Transform(emptyToUndefined)
  @Matches(/^(false|0|([1-9]|10)|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*)$/, {
    message: 'TRUST_PROXY must be false, the number of proxies in front of the service (1-10), or their addresses/networks as a comma-separated list of IPs and CIDRs; "true" is not allowed (clients could choose their own address)',
  })
  @Validate(TrustProxyList)
  TRUST_PROXY: string = 'false';

  @IsOptional() @IsString() @Transform(emptyToUndefined)
  REPORT_SIGNING_P12?: string;

  @ValidateIf((env: EnvironmentVariables) => env.REPORT_SIGNING_P12 !== undefined)
  @IsString({ message: 'REPORT_SIGNING_P12_PASSWORD is required when REPORT_SIGNING_P12 is set' })
  REPORT_SIGNING_P12_PASSWORD?: string;

  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }) @Transform(emptyToUndefined)
  REPORT_TSA_URL?: string;

  @IsOptional() @IsInt() @Min(100) @Max(120000) @Transform(toInt)
  REPORT_TSA_TIMEOUT_MS: number = 10000;

  /** Worker threads that render and sign reports, so requests never wait behind one; default: the cores but one, at most 2. */
  @IsOptional() @IsInt() @Min(1) @Max(8) @Transform(toInt)
  REPORT_RENDER_WORKERS: number = Math.max(1, Math.min(2, os.availableParallelism() - 1));

  /** The day the second tranche (Kamerstuk 36892) takes effect; unset: not in force. */
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'LEGAL_REGIME_TWEEDE_TRANCHE_IN_FORCE must be a date (YYYY-MM-DD)' }) @Transform(emptyToUndefined)
  LEGAL_REGIME_TWEEDE_TRANCHE_IN_FORCE?: string;

  @IsOptional() @IsInt() @Min(1) @Max(52) @Transform(toInt)
  VOG_DECISION_WEEKS: number = 4;

  @IsOptional() @IsInt() @Min(1) @Max(52) @Transform(toInt)
  VOG_DECISION_WEEKS_AFTER_INTENDED_REFUSAL: number = 8;

  /** `auto`: readable lines on a terminal, JSON otherwise. */
  @IsOptional() @IsIn(['auto', 'json', 'pretty']) @Transform(emptyToUndefined)
  LOG_FORMAT: string = 'auto';

  /** The API's address in the OpenAPI document (`servers`); default PUBLIC_URL/api/v1. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) @Transform(emptyToUndefined)
  API_SERVER_URL?: string;

  @IsOptional() @IsString() @MinLength(1) @Transform(emptyToUndefined)
  API_CONTACT_NAME: string = 'Beheer Basisscan';

  /** Default: beheer@ the host of PUBLIC_URL. */
  @IsOptional() @IsEmail({ require_tld: false }) @Transform(emptyToUndefined)
  API_CONTACT_EMAIL?: string;

  /** Default: PUBLIC_URL/docs. */
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }) @Transform(emptyToUndefined)
  API_CONTACT_URL?: string;
}

/** Who integrators reach about the API, and where it is served: `info.contact` and `servers` of the OpenAPI document. */
export interface ApiDocConfig {
  serverUrl: string;
  contact: { name: string; email: string; url: string };
}

export interface OidcConfig {
  issuer: string;
  /** Entries that replace those of the discovery document. */
  overrides: { jwksUri?: string; authorizationEndpoint?: string; tokenEndpoint?: string; endSessionEndpoint?: string };
  discoveryCacheSeconds: number;
  audience: string;
  rolesClaim: string;
  organisationClaim: string;
  emailClaim: string;
  nameClaim: string;
  /** The browser sign-in, when a client is configured. */
  web?: { clientId: string; clientSecret?: string };
}

/** How long a closed case is kept, by outcome (domain brief: 4 weeks when not appointed; the term when appointed). */
export interface Retention {
  notAppointedDays: number;
  withdrawnDays: number;
  appointedMonths: number;
}

export interface AppConfig {
  port: number;
  host: string;
  publicUrl: string;
  /** Absent means: run the embedded engine under `dataDir`. */
  databaseUrl?: string;
  databasePoolSize: number;
  dataDir: string;
  embeddedDbPort: number;
  seedDemo: boolean;
  /** With the demo accounts, a demo formation of Voorbeeldstad with three candidates (once). */
  seedDemoFormation: boolean;
  demoPassword: string;
  jwtPrivateKeyPem?: string;
  dataEncryptionKey?: string;
  jobPollSeconds: number;
  invitationValidDays: number;
  /** Working days before a deadline that a reminder goes out (notifications/consequences.ts, REMINDERS); 0 for none. */
  reminderWorkingDays: number;
  webhooks: { allowedHosts: string[]; maxAttempts: number; retryBaseSeconds: number };
  retention: Retention;
  candidateTokenTtlSeconds: number;
  smtpUrl?: string;
  mailFrom: string;
  accessTokenTtlSeconds: number;
  oidc?: OidcConfig;
  loginMaxFailures: number;
  loginFailureWindowSeconds: number;
  rateLimitPerMinute: number;
  logLevel: string;
  logFormat: 'auto' | 'json' | 'pretty';
  /** Never `true`: see parseTrustProxy. */
  trustProxy: TrustProxy;
  reportSigning: ReportSigningConfig;
  reportRenderWorkers: number;
  workflow: WorkflowConfig;
  api: ApiDocConfig;
}

/** The law's calendar and Justis' expected decision times, as the guide and the appointment guard use them. */
export interface WorkflowConfig {
  regimes: RegimeCalendar;
  vogDecisionWeeks: number;
  vogDecisionWeeksAfterIntendedRefusal: number;
}

export interface ReportSigningConfig {
  /** PKCS#12 file with the organisation's key and certificate; absent means a generated test certificate under DATA_DIR/keys. */
  p12File?: string;
  p12Password?: string;
  /** RFC 3161 timestamp authority; when set every signature gets a timestamp (PAdES B-T). */
  tsaUrl?: string;
  tsaTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const OPTIONAL_WITHOUT_DEFAULT = ['SMTP_URL', 'DATA_ENCRYPTION_KEY', 'DATABASE_URL', 'SEED_DEMO', 'SEED_DEMO_FORMATION', 'PUBLIC_URL', 'JWT_PRIVATE_KEY', 'OIDC_ISSUER', 'OIDC_JWKS_URL', 'OIDC_AUDIENCE', 'REPORT_SIGNING_P12', 'REPORT_SIGNING_P12_PASSWORD', 'REPORT_TSA_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_AUTHORIZATION_URL', 'OIDC_TOKEN_URL', 'LEGAL_REGIME_TWEEDE_TRANCHE_IN_FORCE', 'API_SERVER_URL', 'API_CONTACT_EMAIL', 'API_CONTACT_URL', 'OIDC_END_SESSION_URL'];

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const relevant: Record<string, string> = {};
  for (const key of [...known, ...OPTIONAL_WITHOUT_DEFAULT]) {
    const value = env[key];
    if (value !== undefined) relevant[key] = value;
  }
  const parsed = plainToInstance(EnvironmentVariables, relevant);
  const errors = validateSync(parsed, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const shown = e.property.includes('KEY') || e.property.includes('PASSWORD') || e.property.includes('SECRET') || e.property === 'DATABASE_URL' || e.property === 'SMTP_URL'
          ? '(hidden)'
          : JSON.stringify(e.value);
        return `${e.property}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
      }),
    );
  }
  const embedded = parsed.DATABASE_URL === undefined;
  const publicUrl = (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, '');
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    publicUrl,
    databaseUrl: parsed.DATABASE_URL,
    databasePoolSize: parsed.DATABASE_POOL_SIZE,
    dataDir: path.resolve(parsed.DATA_DIR),
    embeddedDbPort: parsed.EMBEDDED_DB_PORT,
    seedDemo: parsed.SEED_DEMO ?? embedded,
    seedDemoFormation: (parsed.SEED_DEMO ?? embedded) && (parsed.SEED_DEMO_FORMATION ?? true),
    demoPassword: parsed.DEMO_PASSWORD,
    jwtPrivateKeyPem: parsed.JWT_PRIVATE_KEY?.replace(/\\n/g, '\n'),
    dataEncryptionKey: parsed.DATA_ENCRYPTION_KEY,
    jobPollSeconds: parsed.JOB_POLL_SECONDS,
    invitationValidDays: parsed.INVITATION_VALID_DAYS,
    reminderWorkingDays: parsed.REMINDER_WORKING_DAYS,
    webhooks: {
      allowedHosts: parsed.WEBHOOK_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
      maxAttempts: parsed.WEBHOOK_MAX_ATTEMPTS,
      retryBaseSeconds: parsed.WEBHOOK_RETRY_BASE_SECONDS,
    },
    retention: { notAppointedDays: parsed.RETENTION_NOT_APPOINTED_DAYS, withdrawnDays: parsed.RETENTION_WITHDRAWN_DAYS, appointedMonths: parsed.RETENTION_APPOINTED_MONTHS },
    candidateTokenTtlSeconds: parsed.CANDIDATE_TOKEN_TTL_SECONDS,
    smtpUrl: parsed.SMTP_URL,
    mailFrom: parsed.MAIL_FROM,
    accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
    oidc: parsed.OIDC_ISSUER
      ? {
          issuer: parsed.OIDC_ISSUER,
          overrides: {
            jwksUri: parsed.OIDC_JWKS_URL,
            authorizationEndpoint: parsed.OIDC_AUTHORIZATION_URL,
            tokenEndpoint: parsed.OIDC_TOKEN_URL,
            endSessionEndpoint: parsed.OIDC_END_SESSION_URL,
          },
          discoveryCacheSeconds: parsed.OIDC_DISCOVERY_CACHE_SECONDS,
          audience: parsed.OIDC_AUDIENCE as string,
          rolesClaim: parsed.OIDC_ROLES_CLAIM,
          organisationClaim: parsed.OIDC_ORGANISATION_CLAIM,
          emailClaim: parsed.OIDC_EMAIL_CLAIM,
          nameClaim: parsed.OIDC_NAME_CLAIM,
          web: parsed.OIDC_CLIENT_ID
            ? { clientId: parsed.OIDC_CLIENT_ID, clientSecret: parsed.OIDC_CLIENT_SECRET }
            : undefined,
        }
      : undefined,
    loginMaxFailures: parsed.LOGIN_MAX_FAILURES,
    loginFailureWindowSeconds: parsed.LOGIN_FAILURE_WINDOW_SECONDS,
    rateLimitPerMinute: parsed.RATE_LIMIT_PER_MINUTE,
    logLevel: parsed.LOG_LEVEL,
    logFormat: parsed.LOG_FORMAT as AppConfig['logFormat'],
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY) as TrustProxy,
    reportSigning: {
      p12File: parsed.REPORT_SIGNING_P12 ? path.resolve(parsed.REPORT_SIGNING_P12) : undefined,
      p12Password: parsed.REPORT_SIGNING_P12_PASSWORD,
      tsaUrl: parsed.REPORT_TSA_URL,
      tsaTimeoutMs: parsed.REPORT_TSA_TIMEOUT_MS,
    },
    reportRenderWorkers: parsed.REPORT_RENDER_WORKERS,
    workflow: {
      regimes: { ...DEFAULT_REGIME_CALENDAR, wbifdb_tweede_tranche: parsed.LEGAL_REGIME_TWEEDE_TRANCHE_IN_FORCE ?? null },
      vogDecisionWeeks: parsed.VOG_DECISION_WEEKS,
      vogDecisionWeeksAfterIntendedRefusal: parsed.VOG_DECISION_WEEKS_AFTER_INTENDED_REFUSAL,
    },
    api: {
      serverUrl: (parsed.API_SERVER_URL ?? `${publicUrl}/api/v1`).replace(/\/$/, ''),
      contact: {
        name: parsed.API_CONTACT_NAME,
        email: parsed.API_CONTACT_EMAIL ?? defaultContactEmail(publicUrl),
        url: parsed.API_CONTACT_URL ?? `${publicUrl}/docs`,
      },
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** beheer@ the public host name; a host without a domain (localhost, an IP address) gets a reserved .invalid one. */
function defaultContactEmail(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  return /^([a-z0-9-]+\.)+[a-z]{2,}$/i.test(host) ? `beheer@${host}` : 'beheer@basisscan.invalid';
}
