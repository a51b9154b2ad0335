import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SigningKeyService } from './signing-key.service';

/** Client addresses get more room than one account: an office behind one NAT has many people. */
const ADDRESS_FAILURE_FACTOR = 4;

export interface ThrottleKeys {
  account?: string;
  address: string;
}

/**
 * Counts failed sign-ins (passwords and invitation codes) per account and per client address in
 * the database, so every instance sees the same count. Keys are keyed hashes: no e-mail address
 * or IP address is stored.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly signingKeys: SigningKeyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  keys(input: { account?: string; address: string }): ThrottleKeys {
    return {
      account: input.account === undefined ? undefined : this.signingKeys.pseudonym('login:account', input.account),
      address: this.signingKeys.pseudonym('login:address', input.address),
    };
  }

  async refuseWhenThrottled(keys: ThrottleKeys): Promise<void> {
    const window = this.config.loginFailureWindowSeconds;
    const rows: { key_hash: string; failures: number; retry_after: number }[] = await this.dataSource.query(
      `SELECT key_hash, count(*)::int AS failures,
              ceil(extract(epoch FROM min(failed_at) + make_interval(secs => $2) - now()))::int AS retry_after
         FROM login_failures
        WHERE key_hash = ANY($1) AND failed_at > now() - make_interval(secs => $2)
        GROUP BY key_hash`,
      [[keys.account, keys.address].filter(Boolean), window],
    );
    for (const row of rows) {
      const limit = row.key_hash === keys.account ? this.config.loginMaxFailures : this.config.loginMaxFailures * ADDRESS_FAILURE_FACTOR;
      if (row.failures >= limit) {
        const retryAfter = Math.max(1, row.retry_after);
        throw new AppError(
          HttpStatus.TOO_MANY_REQUESTS,
          'LOGIN_THROTTLED',
          `Te veel mislukte aanmeldpogingen. Probeer het over ${Math.ceil(retryAfter / 60)} minuten opnieuw.`,
          { retryAfterSeconds: retryAfter },
          { 'Retry-After': String(retryAfter) },
        );
      }
    }
  }

  async recordFailure(keys: ThrottleKeys): Promise<void> {
    await this.dataSource.query(
      `WITH purge AS (DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $1))
       INSERT INTO login_failures (key_hash) SELECT unnest($2::text[])`,
      [this.config.loginFailureWindowSeconds, [keys.account, keys.address].filter(Boolean)],
    );
  }

  async clearAccount(keys: ThrottleKeys): Promise<void> {
    if (keys.account) await this.dataSource.query('DELETE FROM login_failures WHERE key_hash = $1', [keys.account]);
  }
}
