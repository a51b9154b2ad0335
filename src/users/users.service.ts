import { mayScreenFor } from '../orgs/screening-bureaus';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { UserPrincipal as Principal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { hashPassword } from '../auth/login.service';
import { Organisation, OrganisationKind, roleFitsOrganisation } from '../orgs/organisation.entity';
import { OrganisationView } from '../orgs/organisations.controller';
import { normaliseEmail } from './email';
import { Role, User } from './user.entity';
import { CreateUserDto, MeView, UpdateUserDto, UserView } from './users.dto';

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async me(principal: Principal): Promise<MeView> {
    const user = await this.dataSource.getRepository(User).findOneOrFail({ where: { id: principal.userId }, relations: { organisation: true } });
    return { id: user.id, email: user.email, name: user.name, organisation: OrganisationView.of(user.organisation!), roles: user.roles };
  }

  /** A screener the organisation may assign: its own, or one of a screening bureau it works with (as CasesService accepts). */
  async activeScreener(organisationId: string, email: string): Promise<{ id: string; name: string; organisation: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT u.id, u.name, o.name AS organisation FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE lower(u.email) = $1 AND u.active AND 'screener' = ANY(u.roles) AND ${mayScreenFor('$2')}`,
      [email, organisationId],
    );
    return row ?? null;
  }

  async list(principal: Principal): Promise<UserView[]> {
    const rows = await this.withPasswordFlag()
      .where('u.organisation_id = :org', { org: principal.organisationId })
      .orderBy('u.name')
      .getRawAndEntities();
    return rows.entities.map((u, i) => UserView.of(u, rows.raw[i].has_password));
  }

  async get(principal: Principal, id: string): Promise<UserView> {
    await this.access.require(principal, 'user.read', id, 'De gebruiker');
    return this.view(id);
  }

  async create(principal: Principal, dto: CreateUserDto): Promise<UserView> {
    const organisation = await this.dataSource.getRepository(Organisation).findOneByOrFail({ id: principal.organisationId });
    this.checkRolesFit(organisation.kind, dto.roles);
    checkRoleCombination(dto.roles);
    const email = normaliseEmail(dto.email);
    const id = await this.dataSource.transaction(async (tx) => {
      const taken = await tx.query('SELECT 1 FROM users WHERE email = $1', [email]);
      if (taken.length > 0) {
        throw new AppError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', 'Er bestaat al een account met dit e-mailadres.');
      }
      // A new account with a role that reads cases could be the beheerder's own second account:
      // with a second beheerder in the organisation, that role waits for their approval.
      const fourEyes = grantsCaseAccess([], dto.roles) && (await this.secondBeheerderExists(tx, principal));
      const granted = fourEyes ? dto.roles.filter((role) => !CASE_READING_ROLES.includes(role)) : dto.roles;
      const saved = await tx.getRepository(User).save(
        tx.getRepository(User).create({
          organisationId: organisation.id,
          email,
          name: dto.name,
          roles: granted,
          passwordHash: dto.password ? await hashPassword(dto.password) : null,
          active: true,
        }),
      );
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'user.create', object: `user:${saved.id}`, result: 'ok' });
      if (fourEyes) await this.requestGrant(tx, principal, saved.id, dto.roles);
      else if (grantsCaseAccess([], dto.roles)) await this.recordCaseAccessGrant(tx, principal, saved.id);
      return saved.id;
    });
    return this.view(id);
  }

  async update(principal: Principal, id: string, dto: UpdateUserDto): Promise<UserView> {
    await this.access.require(principal, 'user.update', id, 'De gebruiker');
    const organisation = await this.dataSource.getRepository(Organisation).findOneByOrFail({ id: principal.organisationId });
    if (dto.roles) this.checkRolesFit(organisation.kind, dto.roles);
    if (id === principal.userId && (dto.active === false || (dto.roles && !dto.roles.includes('beheerder')))) {
      throw new AppError(HttpStatus.CONFLICT, 'SELF_LOCKOUT', 'U kunt uw eigen beheerdersrol of account niet uitschakelen; laat een andere beheerder dat doen.');
    }
    const [current]: { roles: Role[] }[] = await this.dataSource.query('SELECT roles FROM users WHERE id = $1', [id]);
    if (dto.roles && id === principal.userId && !sameRoles(dto.roles, current.roles)) {
      throw new AppError(HttpStatus.CONFLICT, 'OWN_ROLES', 'U kunt uw eigen rollen niet wijzigen; laat een andere beheerder dat doen.');
    }
    if (dto.roles) checkRoleCombination(dto.roles);
    await this.dataSource.transaction(async (tx) => {
      const changes: Partial<User> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.active !== undefined) changes.active = dto.active;
      if (dto.password !== undefined) changes.passwordHash = await hashPassword(dto.password);
      if (dto.roles !== undefined && !sameRoles(dto.roles, current.roles)) {
        if (grantsCaseAccess(current.roles, dto.roles) && (await this.secondBeheerderExists(tx, principal))) {
          // Four eyes: the same roles asked for by a second beheerder complete the grant.
          const [pending]: { roles: Role[]; requested_by: string }[] = await tx.query('SELECT roles, requested_by FROM role_grant_requests WHERE user_id = $1 FOR UPDATE', [id]);
          if (pending && pending.requested_by !== principal.userId && sameRoles(pending.roles, dto.roles)) {
            changes.roles = dto.roles;
            await tx.query('DELETE FROM role_grant_requests WHERE user_id = $1', [id]);
            await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'user.grant.approved', object: `user:${id}`, result: 'ok' });
          } else {
            await this.requestGrant(tx, principal, id, dto.roles);
          }
        } else {
          changes.roles = dto.roles;
          await tx.query('DELETE FROM role_grant_requests WHERE user_id = $1', [id]);
          if (grantsCaseAccess(current.roles, dto.roles)) await this.recordCaseAccessGrant(tx, principal, id);
        }
      }
      if (Object.keys(changes).length === 0) return;
      await tx.getRepository(User).update({ id }, changes);
      // A new password, or a role taken away, ends the account's running sessions.
      const rolesRemoved = changes.roles !== undefined && current.roles.some((role) => !changes.roles!.includes(role));
      if (changes.passwordHash !== undefined || rolesRemoved) {
        if (id === principal.userId && principal.sessionId) {
          // One's own new password: the other sessions end, the one that set it goes on.
          await tx.query('UPDATE sessions SET ended_at = now() WHERE user_id = $1 AND ended_at IS NULL AND id <> $2', [id, principal.sessionId]);
        } else {
          await tx.query('UPDATE users SET sessions_valid_after = clock_timestamp() WHERE id = $1', [id]);
        }
      }
      // Which fields changed, never their values.
      const fields = Object.keys(changes).map((f) => (f === 'passwordHash' ? 'password' : f)).sort().join(',');
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: `user.update.${fields}`, object: `user:${id}`, result: 'ok' });
    });
    return this.view(id);
  }

  /** Whether another active beheerder of the organisation can approve a grant. */
  private async secondBeheerderExists(tx: EntityManager, principal: Principal): Promise<boolean> {
    const [row]: { n: number }[] = await tx.query(
      `SELECT count(*)::int AS n FROM users WHERE organisation_id = $1 AND active AND 'beheerder' = ANY(roles) AND id <> $2`,
      [principal.organisationId, principal.userId],
    );
    return row.n > 0;
  }

  private async requestGrant(tx: EntityManager, principal: Principal, userId: string, roles: Role[]): Promise<void> {
    await tx.query(
      `INSERT INTO role_grant_requests (user_id, roles, requested_by) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET roles = EXCLUDED.roles, requested_by = EXCLUDED.requested_by, requested_at = now()`,
      [userId, roles, principal.userId],
    );
    await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'user.grant.requested', object: `user:${userId}`, result: 'ok' });
  }

  /**
   * A role that reads cases given by the organisation's only beheerder: no one can approve it, so it
   * takes effect, and the organisation's auditors find it in their trail under this action.
   */
  private recordCaseAccessGrant(tx: EntityManager, principal: Principal, userId: string) {
    return this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'user.grant.case_access', object: `user:${userId}`, result: 'ok' });
  }

  private checkRolesFit(kind: OrganisationKind, roles: Role[]): void {
    const misplaced = roles.filter((r) => !roleFitsOrganisation(r, kind));
    if (misplaced.length > 0) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'ROLE_NOT_ALLOWED', `Een screeningsbureau kent de rol(len) ${misplaced.join(', ')} niet.`, {
        roles: misplaced,
      });
    }
  }

  private withPasswordFlag() {
    return this.dataSource.getRepository(User).createQueryBuilder('u').addSelect('(u.password_hash IS NOT NULL)', 'has_password');
  }

  private async view(id: string): Promise<UserView> {
    const { entities, raw } = await this.withPasswordFlag().where('u.id = :id', { id }).getRawAndEntities();
    const view = UserView.of(entities[0], raw[0].has_password);
    const [pending]: { roles: Role[] }[] = await this.dataSource.query('SELECT roles FROM role_grant_requests WHERE user_id = $1', [id]);
    return pending ? { ...view, pendingRoles: pending.roles } : view;
  }
}

/** Roles that read an organisation's cases. */
const CASE_READING_ROLES: readonly Role[] = ['opdrachtgever', 'auditor', 'griffier'];

const grantsCaseAccess = (before: readonly Role[], after: readonly Role[]): boolean => after.some((role) => CASE_READING_ROLES.includes(role) && !before.includes(role));

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** Who manages accounts does not audit them: beheerder and auditor never go to one person. */
function checkRoleCombination(roles: readonly Role[]): void {
  if (roles.includes('beheerder') && roles.includes('auditor')) {
    throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'ROLE_COMBINATION_NOT_ALLOWED', 'Een beheerder kan niet ook auditor zijn: wie accounts beheert, controleert dat niet zelf.', {
      roles: ['beheerder', 'auditor'],
    });
  }
}
