import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Public, RequirePermission } from '../access/decorators';
import { Principal } from '../access/principal';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AccessTokenDto, LoginDto } from './login.dto';
import { LoginService } from './login.service';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

export type SessionView =
  | { kind: 'user'; id: string; name: string; email: string; roles: string[]; organisation: { id: string; name: string; kind: string } }
  | { kind: 'candidate'; caseId: string; roles: ['kandidaat'] };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a local account; returns a bearer token' })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<AccessTokenDto> {
    return this.logins.login(body.email, body.password, req.ip ?? 'unknown');
  }

  @Post('session')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in for the web application: the token goes into an HttpOnly cookie, not into the response' })
  async startSession(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ expiresIn: number }> {
    const { accessToken, expiresIn } = await this.logins.login(body.email, body.password, req.ip ?? 'unknown');
    setSessionCookie(res, accessToken, expiresIn, this.config.publicUrl.startsWith('https:'));
    return { expiresIn };
  }

  @Delete('session')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out of the web application' })
  endSession(@Res({ passthrough: true }) res: Response): void {
    clearSessionCookie(res, this.config.publicUrl.startsWith('https:'));
  }

  @Get('session')
  @RequirePermission('session.read')
  @ApiOperation({ summary: 'Who is signed in: an official with roles and organisation, or the candidate of one case' })
  async session(@CurrentPrincipal() principal: Principal): Promise<SessionView> {
    if (principal.kind === 'candidate') return { kind: 'candidate', caseId: principal.caseId, roles: principal.roles };
    const [row] = await this.dataSource.query(
      `SELECT u.name, u.email, o.id AS organisation_id, o.name AS organisation_name, o.kind FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
      [principal.userId],
    );
    return {
      kind: 'user',
      id: principal.userId,
      name: row.name,
      email: row.email,
      roles: principal.roles,
      organisation: { id: row.organisation_id, name: row.organisation_name, kind: row.kind },
    };
  }
}
