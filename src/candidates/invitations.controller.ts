import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { Public } from '../access/decorators';
import { cookiesAreSecure, requireWebClient, setSessionCookie } from '../auth/session-cookie';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { InvitationsService } from './invitations.service';

export class InvitationCodeDto {
  @ApiProperty({ description: 'The code from the fragment of the invitation link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/)
  code: string;
}

export class NewLinkDto {
  @ApiProperty({ description: 'The e-mail address the invitation went to' })
  // As people type it: spaces around it do not matter (nor do capitals, see requestNewLink).
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(254)
  @IsEmail({ allow_display_name: false, require_tld: true })
  email: string;
}

export class NewLinkAnswer {
  @ApiProperty({ description: 'The same Dutch answer whether or not the address is known' })
  message: string;
}

@ApiTags('auth')
@Controller('auth')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('invitation')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "Exchange a candidate's single-use invitation code for a token scoped to the case" })
  exchange(@Body() body: InvitationCodeDto, @Req() req: Request) {
    return this.invitations.exchange(body.code, req.ip ?? 'unknown');
  }

  @Post('invitation/new-link')
  @Public()
  @HttpCode(202)
  @ApiOperation({ summary: 'The candidate asks for a new single-use link by e-mail' })
  @ApiResponse({ status: 202, type: NewLinkAnswer })
  newLink(@Body() body: NewLinkDto, @Req() req: Request): Promise<NewLinkAnswer> {
    return this.invitations.requestNewLink(body.email, req.ip ?? 'unknown');
  }

  @Post('invitation/session')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "The candidate's sign-in for the web application: the token goes into an HttpOnly cookie" })
  async startSession(@Body() body: InvitationCodeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<{ caseId: string; expiresIn: number }> {
    requireWebClient(req);
    const { accessToken, expiresIn, caseId } = await this.invitations.exchange(body.code, req.ip ?? 'unknown');
    setSessionCookie(res, accessToken, expiresIn, cookiesAreSecure(this.config));
    return { caseId, expiresIn };
  }
}
