import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Permission } from './permissions';
import { HttpStatus } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { Principal, UserPrincipal } from './principal';

export const PERMISSION_KEY = 'basisscan:permission';
export const PUBLIC_KEY = 'basisscan:public';

/** The permission a route requires. Routes without this or @Public() are refused. */
export const RequirePermission = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/** A route anyone may call, signed in or not. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

function principalOf(ctx: ExecutionContext): Principal {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => principalOf(ctx));

/** For routes only officials use; a candidate's token never reaches them (their permissions are not the candidate's). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): UserPrincipal => {
  const principal = principalOf(ctx);
  if (principal.kind !== 'user') throw new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', 'U heeft geen toestemming voor deze handeling.');
  return principal;
});
