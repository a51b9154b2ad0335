import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
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
  // Validated field by field in PrivacyService (each a Dutch 422); every field may be left out.
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        raadTermEndsOn: { type: 'string', format: 'date', nullable: true, description: 'Einde van de zittingsperiode van de raad; null: de standaard' },
        appointedRetentionMonths: { type: 'integer', minimum: 1, maximum: 120, nullable: true, description: 'Korter bewaren na benoeming, in maanden; null: tot het einde van de zittingsperiode' },
        legalBases: { type: 'object', additionalProperties: { type: 'string', nullable: true, maxLength: 1000 }, description: 'Per verwerking de grondslag zoals de FG die vastlegde; null: de standaard' },
      },
    },
  })
  update(@CurrentUser() principal: UserPrincipal, @Body() body: Record<string, unknown>): Promise<PrivacySettingsView> {
    return this.privacy.update(principal, body);
  }
}
