import { Module } from '@nestjs/common';
import { AdministrationService } from './administration.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationSettingsService } from './settings.service';

@Module({ controllers: [OrganisationsController], providers: [AdministrationService, OrganisationSettingsService], exports: [AdministrationService, OrganisationSettingsService] })
export class OrgsModule {}
