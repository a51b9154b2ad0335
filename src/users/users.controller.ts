import { Body, Controller, Get, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermission } from '../access/decorators';
import { UserPrincipal } from '../access/principal';
import { CreateUserDto, MeView, UpdateUserDto, UserView } from './users.dto';
import { UsersService } from './users.service';
import { comparableEmail } from './email';
import { AppError, notFound } from '../common/app-error';
import { idParam } from '../common/id-param';

const userId = idParam('De gebruiker');

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @RequirePermission('me.read')
  @ApiOkResponse({ type: MeView })
  me(@CurrentUser() principal: UserPrincipal): Promise<MeView> {
    return this.users.me(principal);
  }

  @Get('users')
  @RequirePermission('user.read')
  @ApiOkResponse({ type: UserView, isArray: true })
  list(@CurrentUser() principal: UserPrincipal): Promise<UserView[]> {
    return this.users.list(principal);
  }

  @Get('users/:id')
  @RequirePermission('user.read')
  @ApiOkResponse({ type: UserView })
  get(@CurrentUser() principal: UserPrincipal, @Param('id', userId) id: string): Promise<UserView> {
    return this.users.get(principal, id);
  }

  /**
   * Finds the screener to assign by exact e-mail address, across organisations (screening bureaus
   * are organisations of their own). A lookup, not a list: no one can enumerate accounts.
   */
  @Get('screeners')
  @RequirePermission('case.create')
  async screener(@CurrentUser() principal: UserPrincipal, @Query('email') email: unknown): Promise<{ id: string; name: string; organisation: string }> {
    // No control characters: a NUL would reach the query as a parameter, which PostgreSQL refuses.
    if (typeof email !== 'string' || !/^[^\s@\p{Cc}]{1,64}@[^\s@\p{Cc}]{1,255}$/u.test(email.trim())) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Geef het e-mailadres van de screener.', [
        { field: 'email', problems: [{ constraint: 'isEmail', message: 'moet een e-mailadres zijn' }] },
      ]);
    }
    const found = await this.users.activeScreener(principal.organisationId, comparableEmail(email));
    if (!found) throw notFound('De screener');
    return found;
  }

  @Post('users')
  @RequirePermission('user.create')
  create(@CurrentUser() principal: UserPrincipal, @Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(principal, body);
  }

  @Patch('users/:id')
  @RequirePermission('user.update')
  update(@CurrentUser() principal: UserPrincipal, @Param('id', userId) id: string, @Body() body: UpdateUserDto): Promise<UserView> {
    return this.users.update(principal, id, body);
  }
}
