import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { CandidatesModule } from '../candidates/candidates.module';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsService } from './documents/documents.service';
import { RenderPool } from './render-pool';
import { ReportContentBuilder } from './report-content';
import { ReportSigningService } from './report-signing.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [CandidatesModule, AssessmentModule],
  controllers: [ReportsController, DocumentsController],
  providers: [ReportsService, ReportContentBuilder, ReportSigningService, DocumentsService, RenderPool],
})
export class ReportsModule {}
