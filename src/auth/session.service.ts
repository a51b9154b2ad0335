import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { UUID_PATTERN } from '../common/id-param';
import { SESSION_ABSOLUTE_SECONDS } from './session-cookie';
import { TokenService } from './token.service';

/**
 * A signed-in session. Every local token names its session (`sid`); renewal issues a new token of
 * the same session, and signing out ends the session, so every token it ever had is refused,
 * whether it comes as a cookie or as `Authorization: Bearer`. IdentityService checks it on every
 * request, together with the account's `sessions_valid_after`.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
  ) {}

  /** Starts a session for `subject` (a user id, or `kandidaat:<invitation id>`) and issues its first token. */
  async start(subject: string, extraClaims: Record<string, unknown> = {}, ttlSeconds?: number): Promise<{ token: string; expiresIn: number; sessionId: string }> {
    const isCandidate = subject.startsWith('kandidaat:');
    const [row]: { id: string; start: number }[] = await this.dataSource.query(
      // Sessions past their absolute end are removed on the way: they can never be used again.
      `WITH purge AS (DELETE FROM sessions WHERE expires_at < now() - interval '1 day')
       INSERT INTO sessions (subject, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       RETURNING id, floor(extract(epoch FROM created_at))::int AS start`,
      [isCandidate ? subject : `user:${subject}`, isCandidate ? null : subject, SESSION_ABSOLUTE_SECONDS],
    );
    const { token, expiresIn } = await this.tokens.issueLocal(subject, { ...extraClaims, sid: row.id, session_start: row.start }, ttlSeconds);
    return { token, expiresIn, sessionId: row.id };
  }

  /** A fresh token of the same session (same id, same start), for renewal. */
  renew(subject: string, claims: Record<string, unknown>, ttlSeconds: number): Promise<{ token: string; expiresIn: number }> {
    return this.tokens.issueLocal(subject, claims, ttlSeconds);
  }

  /** Ends the session: all its tokens are refused from now on. Returns false when it was not running. */
  async end(sessionId: unknown, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    if (typeof sessionId !== 'string' || !UUID_PATTERN.test(sessionId)) return false;
    const ended: unknown[] = await manager.query(
      `WITH ended AS (UPDATE sessions SET ended_at = now() WHERE id = $1 AND ended_at IS NULL RETURNING id) SELECT id FROM ended`,
      [sessionId],
    );
    return ended.length > 0;
  }
}
