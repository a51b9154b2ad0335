import { HttpStatus, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { comparableEmail } from '../users/email';
import { User } from '../users/user.entity';
import { LoginThrottle } from './login-throttle';
import { AccessTokenDto } from './login.dto';
import { SessionService } from './session.service';

export const hashPassword = (password: string) => hash(password); // argon2id, m=19456 KiB, t=2, p=1 (OWASP)

@Injectable()
export class LoginService {
  /** Verified against when the account does not exist, so both paths cost the same. */
  private readonly dummyHash = hash('not-a-real-password');

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, clientAddress: string): Promise<AccessTokenDto> {
    const normalised = comparableEmail(email);
    const keys = this.throttle.keys({ account: normalised, address: clientAddress });
    await this.throttle.refuseWhenThrottled(keys);

    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: normalised })
      .getOne();
    const valid = await verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !user.passwordHash || !valid || !user.active) {
      await this.throttle.recordFailure(keys);
      await this.audit.append(null, { actor: 'anonymous', action: 'auth.login', object: `account:${keys.account!.slice(0, 16)}`, result: 'failed' });
      throw new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'Het e-mailadres of het wachtwoord is onjuist.');
    }
    await this.throttle.recordSuccess(keys);
    await this.audit.append(null, { actor: `user:${user.id}`, organisationId: user.organisationId, action: 'auth.login', object: `user:${user.id}`, result: 'ok' });
    const { token, expiresIn } = await this.sessions.start(user.id);
    return { accessToken: token, tokenType: 'Bearer', expiresIn };
  }
}
