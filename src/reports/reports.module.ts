import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { CandidatesModule } from '../candidates/candidates.module';
import { ReportContentBuilder } from './report-content';
import { ReportSigningService } from './report-signing.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [CandidatesModule, AssessmentModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportContentBuilder, ReportSigningService],
})
export class ReportsModule {}
