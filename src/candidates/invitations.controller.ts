import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { Request } from 'express';
import { Public } from '../access/decorators';
import { InvitationsService } from './invitations.service';

export class InvitationCodeDto {
  @ApiProperty({ description: 'The code from the fragment of the invitation link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/)
  code: string;
}

@ApiTags('auth')
@Controller('auth')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('invitation')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "Exchange a candidate's single-use invitation code for a token scoped to the case" })
  exchange(@Body() body: InvitationCodeDto, @Req() req: Request) {
    return this.invitations.exchange(body.code, req.ip ?? 'unknown');
  }
}
