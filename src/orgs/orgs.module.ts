import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { AdministrationService } from './administration.service';
import { OrganisationsController } from './organisations.controller';
import { OrganisationSettingsService } from './settings.service';
import { OrganisationQuestionsService } from './organisation-questions.service';

@Module({ imports: [PrivacyModule], controllers: [OrganisationsController], providers: [AdministrationService, OrganisationSettingsService, OrganisationQuestionsService], exports: [AdministrationService, OrganisationSettingsService] })
export class OrgsModule {}
