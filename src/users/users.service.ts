import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { UserPrincipal as Principal } from '../access/principal';
import { actorOf, AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { hashPassword } from '../auth/login.service';
import { Organisation, OrganisationKind, roleFitsOrganisation } from '../orgs/organisation.entity';
import { OrganisationView } from '../orgs/organisations.controller';
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

  /** A screener the organisation may assign: its own, or one of a screening bureau (as CasesService accepts). */
  async activeScreener(organisationId: string, email: string): Promise<{ id: string; name: string; organisation: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT u.id, u.name, o.name AS organisation FROM users u JOIN organisations o ON o.id = u.organisation_id
        WHERE lower(u.email) = $1 AND u.active AND 'screener' = ANY(u.roles) AND (u.organisation_id = $2 OR o.kind = 'screeningsbureau')`,
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
    const email = dto.email.toLowerCase();
    const id = await this.dataSource.transaction(async (tx) => {
      const taken = await tx.query('SELECT 1 FROM users WHERE email = $1', [email]);
      if (taken.length > 0) {
        throw new AppError(HttpStatus.CONFLICT, 'EMAIL_TAKEN', 'Er bestaat al een account met dit e-mailadres.');
      }
      const saved = await tx.getRepository(User).save(
        tx.getRepository(User).create({
          organisationId: organisation.id,
          email,
          name: dto.name,
          roles: dto.roles,
          passwordHash: dto.password ? await hashPassword(dto.password) : null,
          active: true,
        }),
      );
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'user.create', object: `user:${saved.id}`, result: 'ok' });
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
    const changes: Partial<User> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.roles !== undefined) changes.roles = dto.roles;
    if (dto.active !== undefined) changes.active = dto.active;
    if (dto.password !== undefined) changes.passwordHash = await hashPassword(dto.password);
    if (Object.keys(changes).length > 0) {
      await this.dataSource.transaction(async (tx) => {
        await tx.getRepository(User).update({ id }, changes);
        // Which fields changed, never their values.
        const fields = Object.keys(changes).map((f) => (f === 'passwordHash' ? 'password' : f)).sort().join(',');
        await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: `user.update.${fields}`, object: `user:${id}`, result: 'ok' });
      });
    }
    return this.view(id);
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
    return UserView.of(entities[0], raw[0].has_password);
  }
}
