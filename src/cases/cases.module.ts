import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { CandidatesModule } from '../candidates/candidates.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { JobsService } from '../jobs/jobs.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { MigrationService } from './migration.service';
import { WorkflowsController } from './workflows.controller';

@Module({ imports: [CandidatesModule, AssessmentModule, NotificationsModule, WebhooksModule], controllers: [CasesController, WorkflowsController], providers: [CasesService, JobsService, MigrationService], exports: [CasesService, JobsService, MigrationService] })
export class CasesModule {}
