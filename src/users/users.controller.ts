import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from '../access/decorators';
import { Principal } from '../access/principal';
import { notFound } from '../common/app-error';
import { CreateUserDto, MeView, UpdateUserDto, UserView } from './users.dto';
import { UsersService } from './users.service';

const userId = new ParseUUIDPipe({ exceptionFactory: () => notFound('De gebruiker') });

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @RequirePermission('me.read')
  @ApiOkResponse({ type: MeView })
  me(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    return this.users.me(principal);
  }

  @Get('users')
  @RequirePermission('user.read')
  @ApiOkResponse({ type: UserView, isArray: true })
  list(@CurrentPrincipal() principal: Principal): Promise<UserView[]> {
    return this.users.list(principal);
  }

  @Get('users/:id')
  @RequirePermission('user.read')
  @ApiOkResponse({ type: UserView })
  get(@CurrentPrincipal() principal: Principal, @Param('id', userId) id: string): Promise<UserView> {
    return this.users.get(principal, id);
  }

  @Post('users')
  @RequirePermission('user.create')
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(principal, body);
  }

  @Patch('users/:id')
  @RequirePermission('user.update')
  update(@CurrentPrincipal() principal: Principal, @Param('id', userId) id: string, @Body() body: UpdateUserDto): Promise<UserView> {
    return this.users.update(principal, id, body);
  }
}
