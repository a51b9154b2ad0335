import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { AuthModule } from '../auth/auth.module';
import { CandidatesController } from './candidates.controller';
import { ConsentService } from './consent.service';
import { ExportService } from './export.service';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { OutboxService } from './outbox.service';
import { QuestionnaireService } from './questionnaire.service';
import { SafetyIntakeController } from './safety-intake.controller';
import { SafetyIntakeService } from './safety-intake.service';

@Module({ imports: [AuthModule, AssessmentModule], controllers: [InvitationsController, CandidatesController, SafetyIntakeController],
  providers: [InvitationsService, OutboxService, ConsentService, QuestionnaireService, ExportService, SafetyIntakeService],
  exports: [InvitationsService, OutboxService, QuestionnaireService], })
export class CandidatesModule {}
