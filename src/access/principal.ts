import { Role } from '../users/user.entity';

/** A signed-in official of an organisation. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  organisationId: string;
  roles: Role[];
  authMethod: 'local' | 'oidc';
  /** The session of a local token (absent for a provider's token). */
  sessionId?: string;
}

/** A candidate, signed in with a single-use invitation code: may touch exactly one case. */
export interface CandidatePrincipal {
  kind: 'candidate';
  caseId: string;
  invitationId: string;
  organisationId: string;
  roles: ['kandidaat'];
}

export type Principal = UserPrincipal | CandidatePrincipal;
export type PrincipalRole = Principal['roles'][number];

