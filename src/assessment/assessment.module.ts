import { Module } from '@nestjs/common';
import { AssessmentController } from './assessment.controller';
import { AssessmentService } from './assessment.service';
import { WederhoorService } from './wederhoor.service';

@Module({ controllers: [AssessmentController], providers: [AssessmentService, WederhoorService], exports: [AssessmentService, WederhoorService] })
export class AssessmentModule {}
