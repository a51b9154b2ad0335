import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../access/decorators';
import { AccessTokenDto, LoginDto } from './login.dto';
import { LoginService } from './login.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly logins: LoginService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a local account; returns a bearer token' })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<AccessTokenDto> {
    return this.logins.login(body.email, body.password, req.ip ?? 'unknown');
  }
}
