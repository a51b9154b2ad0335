import { Module } from '@nestjs/common';
import { AssessmentController } from './assessment.controller';
import { AssessmentService } from './assessment.service';
import { CorrectionsController } from './corrections.controller';
import { CorrectionsService } from './corrections.service';
import { WederhoorService } from './wederhoor.service';

@Module({
  controllers: [AssessmentController, CorrectionsController],
  providers: [AssessmentService, WederhoorService, CorrectionsService],
  exports: [AssessmentService, WederhoorService, CorrectionsService],
})
export class AssessmentModule {}
