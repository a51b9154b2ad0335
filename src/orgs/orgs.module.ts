import { Module } from '@nestjs/common';
import { AdministrationService } from './administration.service';
import { OrganisationsController } from './organisations.controller';

@Module({ controllers: [OrganisationsController], providers: [AdministrationService], exports: [AdministrationService] })
export class OrgsModule {}
