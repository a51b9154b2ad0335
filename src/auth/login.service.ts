import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { AccessTokenDto } from './login.dto';
import { SigningKeyService } from './signing-key.service';
import { TokenService } from './token.service';

/** Client addresses get more room than one account: an office behind one NAT has many people. */
const ADDRESS_FAILURE_FACTOR = 4;

export const hashPassword = (password: string) => hash(password); // argon2id, m=19456 KiB, t=2, p=1 (OWASP)

@Injectable()
export class LoginService {
  /** Verified against when the account does not exist, so both paths cost the same. */
  private readonly dummyHash = hash('not-a-real-password');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly keys: SigningKeyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, clientAddress: string): Promise<AccessTokenDto> {
    const normalised = email.trim().toLowerCase();
    const accountKey = this.keys.pseudonym('login:account', normalised);
    const addressKey = this.keys.pseudonym('login:address', clientAddress);
    await this.refuseWhenThrottled(accountKey, addressKey);

    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: normalised })
      .getOne();
    const valid = await verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !user.passwordHash || !valid || !user.active) {
      await this.dataSource.query(
        `WITH purge AS (DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $2))
         INSERT INTO login_failures (key_hash) VALUES ($1), ($3)`,
        [accountKey, this.config.loginFailureWindowSeconds, addressKey],
      );
      throw new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'Het e-mailadres of het wachtwoord is onjuist.');
    }
    await this.dataSource.query('DELETE FROM login_failures WHERE key_hash = $1', [accountKey]);
    const { token, expiresIn } = await this.tokens.issueLocal(user.id);
    return { accessToken: token, tokenType: 'Bearer', expiresIn };
  }

  private async refuseWhenThrottled(accountKey: string, addressKey: string): Promise<void> {
    const window = this.config.loginFailureWindowSeconds;
    const rows: { key_hash: string; failures: number; retry_after: number }[] = await this.dataSource.query(
      `SELECT key_hash, count(*)::int AS failures,
              ceil(extract(epoch FROM min(failed_at) + make_interval(secs => $2) - now()))::int AS retry_after
         FROM login_failures
        WHERE key_hash = ANY($1) AND failed_at > now() - make_interval(secs => $2)
        GROUP BY key_hash`,
      [[accountKey, addressKey], window],
    );
    for (const row of rows) {
      const limit = row.key_hash === accountKey ? this.config.loginMaxFailures : this.config.loginMaxFailures * ADDRESS_FAILURE_FACTOR;
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
}
