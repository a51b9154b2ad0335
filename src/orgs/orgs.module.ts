import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { AdministrationService } from './administration.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationSettingsService } from './settings.service';

@Module({ imports: [PrivacyModule], controllers: [OrganisationsController], providers: [AdministrationService, OrganisationSettingsService], exports: [AdministrationService, OrganisationSettingsService] })
export class OrgsModule {}
