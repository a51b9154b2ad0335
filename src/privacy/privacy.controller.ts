import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, RequirePermission } from '../access/decorators';
import { UserPrincipal } from '../access/principal';
import { PrivacyService, PrivacySettingsView } from './privacy.service';

/** The caller's own organisation's privacy settings: no id, so never another organisation's. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy-settings')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get()
  @RequirePermission('privacy_settings.read')
  get(@CurrentUser() principal: UserPrincipal): Promise<PrivacySettingsView> {
    return this.privacy.get(principal);
  }

  @Put()
  @RequirePermission('privacy_settings.write')
  update(@CurrentUser() principal: UserPrincipal, @Body() body: Record<string, unknown>): Promise<PrivacySettingsView> {
    return this.privacy.update(principal, body);
  }
}
