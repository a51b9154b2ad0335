import { Role } from '../users/user.entity';

/** Who is calling, established by the authentication guard on every request. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  organisationId: string;
  roles: Role[];
  authMethod: 'local' | 'oidc';
}

export type Principal = UserPrincipal;
