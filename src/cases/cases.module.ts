import { Module } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { WorkflowsController } from './workflows.controller';

@Module({ controllers: [CasesController, WorkflowsController], providers: [CasesService, JobsService], exports: [CasesService, JobsService] })
export class CasesModule {}
