import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SigningKeyService } from './signing-key.service';

/** Client addresses get more room than one account: an office behind one NAT has many people. */
const ADDRESS_FAILURE_FACTOR = 4;
/** Failures across all addresses after which an account is taken to be under attack. */
const ACCOUNT_FAILURE_FACTOR = 4;
/** How long an address where the account signed in successfully stays known. */
const KNOWN_ADDRESS_DAYS = 90;

export interface ThrottleKeys {
  /** The account, across all addresses: soft (only unknown addresses are held back). */
  account?: string;
  /** The account from this address: hard. */
  pair?: string;
  /** This address, whatever it tries: hard. */
  address: string;
  /** This account from this address after a successful sign-in. */
  known?: string;
}

/**
 * Counts failed sign-ins per client address, per account from one address and per account, in the
 * database, so every instance sees the same count. An attacker is held back per address and per
 * account-and-address; an account under attack from many addresses is closed only to addresses it
 * never signed in from, so nobody can lock the owner out. Keys are keyed hashes: no e-mail address
 * or IP address is stored.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly signingKeys: SigningKeyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `purpose` separates the budgets: wrong invitation codes do not use up an address's password attempts. */
  keys(input: { account?: string; address: string }, purpose: 'login' | 'invitation' = 'login'): ThrottleKeys {
    const pseudonym = (kind: string, value: string) => this.signingKeys.pseudonym(`${purpose}:${kind}`, value);
    if (input.account === undefined) return { address: pseudonym('address', input.address) };
    const pairValue = `${input.account}\u0000${input.address}`;
    return {
      account: pseudonym('account', input.account),
      pair: pseudonym('pair', pairValue),
      address: pseudonym('address', input.address),
      known: pseudonym('known', pairValue),
    };
  }

  async refuseWhenThrottled(keys: ThrottleKeys): Promise<void> {
    const window = this.config.loginFailureWindowSeconds;
    const max = this.config.loginMaxFailures;
    const rows: { key_hash: string; failures: number; retry_after: number }[] = await this.dataSource.query(
      `SELECT key_hash, count(*)::int AS failures,
              ceil(extract(epoch FROM min(failed_at) + make_interval(secs => $2) - now()))::int AS retry_after
         FROM login_failures
        WHERE key_hash = ANY($1) AND failed_at > now() - make_interval(secs => $2)
        GROUP BY key_hash`,
      [[keys.account, keys.pair, keys.address].filter(Boolean), window],
    );
    const count = (key?: string) => rows.find((row) => row.key_hash === key);
    const address = count(keys.address);
    if (address && address.failures >= max * ADDRESS_FAILURE_FACTOR) throw throttled(address.retry_after);
    const pair = count(keys.pair);
    if (pair && pair.failures >= max) throw throttled(pair.retry_after);
    const account = count(keys.account);
    if (account && account.failures >= max * ACCOUNT_FAILURE_FACTOR && !(await this.isKnown(keys))) {
      throw throttled(account.retry_after, 'Op dit account zijn veel mislukte aanmeldpogingen gedaan. Meld u aan vanaf een netwerk waar u eerder aanmeldde, of probeer het');
    }
  }

  async recordFailure(keys: ThrottleKeys): Promise<void> {
    await this.dataSource.query(
      `WITH purge AS (DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $1))
       INSERT INTO login_failures (key_hash) SELECT unnest($2::text[])`,
      [this.config.loginFailureWindowSeconds, [keys.account, keys.pair, keys.address].filter(Boolean)],
    );
  }

  /**
   * After a successful sign-in: this address's attempts on the account start afresh and the address
   * is known to the account. The account's count stays: an attack on it is not over because its
   * owner got in.
   */
  async recordSuccess(keys: ThrottleKeys): Promise<void> {
    if (!keys.pair || !keys.known) return;
    await this.dataSource.query(
      `WITH cleared AS (DELETE FROM login_failures WHERE key_hash = $1),
            purge AS (DELETE FROM login_known_addresses WHERE seen_at < now() - make_interval(days => $3))
       INSERT INTO login_known_addresses (key_hash) VALUES ($2) ON CONFLICT (key_hash) DO UPDATE SET seen_at = now()`,
      [keys.pair, keys.known, KNOWN_ADDRESS_DAYS],
    );
  }

  private async isKnown(keys: ThrottleKeys): Promise<boolean> {
    if (!keys.known) return false;
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM login_known_addresses WHERE key_hash = $1 AND seen_at > now() - make_interval(days => $2)',
      [keys.known, KNOWN_ADDRESS_DAYS],
    );
    return rows.length > 0;
  }
}

function throttled(retryAfterSeconds: number, lead = 'Te veel mislukte aanmeldpogingen. Probeer het'): AppError {
  const retryAfter = Math.max(1, retryAfterSeconds);
  return new AppError(
    HttpStatus.TOO_MANY_REQUESTS,
    'LOGIN_THROTTLED',
    `${lead} over ${Math.ceil(retryAfter / 60)} minuten opnieuw.`,
    { retryAfterSeconds: retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
}
